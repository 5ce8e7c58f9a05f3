// The top bar's search end to end: Debian's Chromium against `trastienda serve` on the demo
// company, through the real UI only. Typing part of a customer's name shows the results grouped
// by kind with their totals and opens the customer's card; an issued invoice's number opens the
// invoice; the arrows walk the hits across groups, Enter opens the highlighted one and Esc
// closes the panel; Ctrl+K comes back to the box; an account code still opens its register.
//   node tests/e2e/search.spec.mjs        (after scripts/setup.sh; HEADED=1 to watch)
// Screenshots go to tests/e2e/out/search-*.png.
import fs from 'node:fs';
import path from 'node:path';
import { BrowserSession, chromiumMissing } from './browser.mjs';
import { CLI, check, eventually, requireFile, run, suite, tempDir } from './lib.mjs';

const tmp = tempDir('search');
const dataDir = path.join(tmp, 'data');
const company = path.join(tmp, 'demo.trastienda');
const env = { ...process.env, TRASTIENDA_DATA_DIR: dataDir, TRASTIENDA_NO_VIEWER: '1', RUST_BACKTRACE: '1' };
fs.mkdirSync(dataDir, { recursive: true });

const ui = new BrowserSession('search');
const { shot, api, byId, visible, textOf } = ui;

/** Types into the search box as a user does (key by key), after clearing it. */
async function type(text) {
  const box = await visible('global-search');
  await box.click();
  await box.fill('');
  await box.pressSequentially(text, { delay: 30 });
}

/** The hits shown, as { kind, text }. */
async function hits() {
  const els = await byId('search-hit').all();
  return Promise.all(els.map(async (e) => ({ kind: await e.getAttribute('data-kind'), text: await e.innerText() })));
}

let customer;
let invoice;

await suite(
  'e2e search (Chromium against `trastienda serve`: the top bar finds customers, invoices, accounts)',
  [
    ['the CLI and Chromium are there', () => {
      requireFile(CLI, 'run scripts/setup.sh (cargo build --workspace --bins)');
      check(!chromiumMissing(), chromiumMissing());
    }],
    ['`trastienda demo` makes the demo company and `serve` opens it', async () => {
      run(CLI, ['demo', '--company', company, '--entries', '300'], { env });
      await ui.serve(company, env);
      await ui.open();
      await visible('company-name');
      const customers = (await api('list_customers', { page_size: 50 })).rows;
      customer = customers.find((c) => /Gestor/.test(c.legal_name)) ?? customers[0];
      check(customer, 'the demo has no customers');
      const invoices = await api('list_invoices', { state: 'issued' });
      invoice = (invoices.rows ?? invoices).find((i) => i.number);
      check(invoice, 'the demo has no issued invoice');
    }],
    ['part of a customer\'s name, without its accents, finds it grouped with its invoices', async () => {
      // "Gestoría Martín…" typed as "gestoria mart": accents and case folded, the last word a prefix.
      const words = customer.legal_name
        .normalize('NFD')
        .replace(/[\u0300-\u036f]/g, '')
        .toLowerCase()
        .split(/[^a-z0-9]+/)
        .filter((w) => w.length >= 4)
        .slice(0, 2);
      const text = words.length === 2 ? `${words[0]} ${words[1].slice(0, 4)}` : words[0];
      await type(text);
      await visible('search-results');
      await eventually(async () => (await byId('search-group-customer').count()) === 1, `no customers group for "${text}"`);
      const group = await byId('search-group-customer').innerText();
      check(group.includes(customer.legal_name), `the customers group reads "${group}"`);
      check(/^\s*(Clientes|Customers)/i.test(group), `the group's heading reads "${group.split('\n')[0]}"`);
      const kinds = (await hits()).map((h) => h.kind);
      check(kinds.includes('invoice'), `the customer's invoices are not among the hits: ${kinds.join(', ')}`);
      check(kinds.indexOf('customer') < kinds.indexOf('invoice'), `customers do not come first: ${kinds.join(', ')}`);
      await shot('customer');
      await byId('search-group-customer').getByTestId('search-hit').first().click();
      await visible('customer-screen');
      await eventually(async () => ui.page.url().endsWith(`#/customers/${customer.id}`), `the hit opened ${ui.page.url()}`);
      check((await byId('global-search').inputValue()) === '', 'the box was not emptied after opening');
      check((await byId('search-results').count()) === 0, 'the results panel stayed open');
    }],
    ['an invoice number finds the invoice, and Enter opens it', async () => {
      await type(invoice.number);
      await eventually(async () => (await byId('search-group-invoice').count()) === 1, `no invoices group for ${invoice.number}`);
      const first = (await hits())[0];
      check(first.kind === 'invoice' && first.text.includes(invoice.number), `the first hit is ${JSON.stringify(first)}`);
      await shot('invoice');
      await byId('global-search').press('Enter');
      await visible('invoice-screen');
      await eventually(async () => (await textOf('invoice-number')) === invoice.number, 'another invoice was opened');
      check(ui.page.url().endsWith(`#/invoices/${invoice.id}`), `Enter opened ${ui.page.url()}`);
    }],
    ['the arrows walk the hits across groups, Enter opens the highlighted one, Esc closes', async () => {
      // Ctrl+K from the page jumps back to the box.
      await ui.page.locator('body').click({ position: { x: 600, y: 400 } });
      await ui.page.keyboard.press('Control+k');
      await eventually(async () => ui.page.evaluate(() => document.activeElement?.getAttribute('data-testid') === 'global-search'), 'Ctrl+K did not focus the search');
      const words = customer.legal_name.split(/\s+/)[0];
      await ui.page.keyboard.type(words, { delay: 30 });
      await eventually(async () => (await byId('search-hit').count()) >= 3, `fewer than 3 hits for "${words}"`);
      const all = await hits();
      const selected = async () => ui.page.locator('[data-testid="search-hit"][aria-selected="true"]').innerText();
      check((await selected()) === all[0].text, 'the first hit is not highlighted at first');
      await ui.page.keyboard.press('ArrowDown');
      await ui.page.keyboard.press('ArrowDown');
      check((await selected()) === all[2].text, 'two arrows down do not highlight the third hit');
      await ui.page.keyboard.press('ArrowUp');
      check((await selected()) === all[1].text, 'the arrow up does not go back');
      await ui.page.keyboard.press('ArrowUp');
      await ui.page.keyboard.press('ArrowUp');
      check((await selected()) === all[all.length - 1].text, 'the arrow up from the first does not wrap to the last');
      await shot('keyboard');
      await ui.page.keyboard.press('Escape');
      await eventually(async () => (await byId('search-results').count()) === 0, 'Esc did not close the results');
      // Down opens them again where they were (the last hit); two more wrap to the second.
      await ui.page.keyboard.press('ArrowDown');
      await visible('search-results');
      check((await selected()) === all[all.length - 1].text, 'reopening moved the highlight');
      await ui.page.keyboard.press('ArrowDown');
      await ui.page.keyboard.press('ArrowDown');
      check((await selected()) === all[1].text, 'the arrows do not wrap from the last to the second hit');
      const second = (await hits())[1];
      await ui.page.keyboard.press('Enter');
      await eventually(async () => (await byId('search-results').count()) === 0, 'Enter did not close the results');
      const screens = { customer: 'customer-screen', invoice: 'invoice-screen', entry: 'entry-screen', document: 'document-screen' };
      if (screens[second.kind]) await visible(screens[second.kind]);
      check(!ui.page.url().endsWith(`#/invoices/${invoice.id}`), 'Enter did not open anything new');
    }],
    ['an account code still finds the account and opens its register', async () => {
      await type('572');
      await eventually(async () => (await byId('search-group-account').count()) === 1, 'no accounts group for 572');
      const first = (await hits())[0];
      check(first.kind === 'account' && first.text.startsWith('572'), `accounts do not come first for a code: ${JSON.stringify(first)}`);
      await byId('global-search').press('Enter');
      await eventually(async () => /#\/register\/572/.test(ui.page.url()), `the account opened ${ui.page.url()}`);
    }],
    ['in English the headings and totals are English', async () => {
      await ui.click('lang-toggle');
      await type('gestoria');
      await eventually(async () => (await byId('search-group-invoice').count()) === 1, 'no invoices group in English');
      const heading = (await byId('search-group-invoice').innerText()).split('\n').slice(0, 2).join(' ');
      check(/Invoices/i.test(heading) && /\d+ of \d+/.test(heading), `the English heading reads "${heading}"`);
      await shot('english');
      await ui.page.keyboard.press('Escape');
      await ui.click('lang-toggle');
    }],
    ['nothing found says so, and typed punctuation is no error', async () => {
      await type('"zzqx (');
      await visible('search-results');
      await eventually(async () => /Nada encontrado|Nothing found/.test(await textOf('search-results')), 'no "nothing found" message');
      check((await byId('search-hit').count()) === 0, 'hits for nothing');
      await ui.page.keyboard.press('Escape');
    }],
  ],
  { onFailure: ui.onFailure, onExit: ui.close },
);
