// Browser end-to-end suite: Debian's Chromium (driven by playwright-core, no browser download)
// against `trastienda serve` on a fresh company, through the real UI.
//   node tests/e2e/serve.spec.mjs        (after scripts/setup.sh; HEADED=1 to watch)
// Screenshots go to tests/e2e/out/serve-*.png.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { BrowserSession, chromiumMissing } from './browser.mjs';
import { CLI, Failure, amountPattern, check, eventually, requireFile, run, suite, tempDir } from './lib.mjs';

const tmp = tempDir('serve');
const dataDir = path.join(tmp, 'data');
const company = path.join(tmp, 'prueba.trastienda');
const env = { ...process.env, TRASTIENDA_DATA_DIR: dataDir, RUST_BACKTRACE: '1' };
fs.mkdirSync(dataDir, { recursive: true });

const ui = new BrowserSession('serve');
const { shot, api, byId, visible, textOf, download } = ui;
const accounts = {};

/** Picks the first postable account whose code starts with `prefix`. */
async function postableAccount(prefix) {
  const rows = await api('search_accounts', { query: prefix, limit: 20 });
  check(Array.isArray(rows), `search_accounts did not return a list: ${JSON.stringify(rows)}`);
  const row = rows.find((r) => String(r.code).startsWith(prefix) && r.postable !== false);
  check(row, `no postable account starting with ${prefix} in the es-pymes template (search_accounts gave ${rows.map((r) => r.code).join(', ') || 'nothing'})`);
  return String(row.code);
}

/** Types an account code into an entry line and picks it from the suggestions. */
async function fillAccount(index, code) {
  const input = await visible(`line-account-${index}`);
  await input.click();
  await input.fill(code);
  const suggestion = byId(`line-account-${index}-suggestions`).locator('button').filter({ hasText: code }).first();
  try {
    await suggestion.waitFor({ state: 'visible', timeout: 10_000 });
  } catch {
    throw new Failure(`typing ${code} into line-account-${index} offered no suggestion with that code`);
  }
  await suggestion.click();
}


await suite(
  'e2e serve (Chromium against `trastienda serve`)',
  [
    ['the CLI and the UI are built', () => {
      requireFile(CLI, 'run scripts/setup.sh (cargo build --workspace --bins)');
      check(!chromiumMissing(), chromiumMissing());
    }],
    ['`trastienda init` makes a fresh company "Prueba SL" (es-pymes)', () => {
      run(CLI, ['init', '--company', company, '--name', 'Prueba SL', '--tax-id', 'B12345674', '--template', 'es-pymes'], { env });
      check(fs.existsSync(company), `trastienda init exited 0 but ${company} does not exist`);
    }],
    ['`trastienda serve` prints its URL with a token', async () => {
      await ui.serve(company, env);
    }],
    ['the API refuses a request without the token', async () => {
      const res = await fetch(`${ui.baseUrl}/api/app_info`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      check(res.status === 401 || res.status === 403, `POST /api/app_info without X-Trastienda-Token answered ${res.status}, expected 401 or 403`);
    }],
    ['the UI opens on the company', async () => {
      await ui.open();
      try {
        await eventually(async () => (await textOf('company-name')).includes('Prueba SL'), 'the top bar [data-testid=company-name] never showed "Prueba SL"');
      } catch (e) {
        // Say why: the page's text, and whether the api answers app_info at all.
        const body = (await ui.page.locator('body').innerText().catch(() => '?')).slice(0, 200);
        const probe = await fetch(`${ui.baseUrl}/api/app_info`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-trastienda-token': ui.token },
          body: '{}',
          signal: AbortSignal.timeout(10_000),
        }).then((r) => `app_info answers ${r.status}`, (err) => `app_info did not answer within 10 s (${err.name}: a hang in the api?)`);
        throw new Failure(`${e.message}; the page shows ${JSON.stringify(body)}; ${probe}`);
      }
      check(!ui.page.url().includes('token='), `the token should be removed from the address bar, but the URL is ${ui.page.url()}`);
      await shot('company-open');
    }],
    ['the es-pymes chart has a bank (572) and a capital (100) account', async () => {
      accounts.bank = await postableAccount('572');
      accounts.capital = await postableAccount('100');
    }],
    ['post a balanced entry: 572 debit 1000.00 / 100 credit 1000.00', async () => {
      await (await visible('nav-journal')).click();
      await (await visible('new-entry')).click();
      const description = ui.page.getByTestId('entry-description');
      if (await description.count()) await description.first().fill('Aportación del socio (e2e)');
      await fillAccount(0, accounts.bank);
      await (await visible('line-debit-0')).fill('1000.00');
      await fillAccount(1, accounts.capital);
      await (await visible('line-credit-1')).fill('1000.00');
      await eventually(async () => /(^|[^\d])0[.,]00/.test(await textOf('difference')), `the [data-testid=difference] did not show 0,00 after a balanced entry`);
      await shot('entry-form');
      await (await visible('post-entry')).click();
      await visible('last-posted', 15_000).catch(async () => {
        const errors = (await byId('entry-errors').count()) ? await byId('entry-errors').first().innerText() : '(no entry-errors shown)';
        throw new Failure(`after clicking post-entry no last-posted link appeared; the form says: ${errors}`);
      });
      await eventually(async () => (await api('list_entries', { page: 0, page_size: 10 })).total >= 1, 'after clicking post-entry, list_entries still has no entry');
      await shot('entry-posted');
    }],
    ['the trial balance shows the entry', async () => {
      await (await visible('nav-trial-balance')).click();
      await visible('tb-table');
      await eventually(async () => amountPattern(1000).test(await textOf('tb-total-debit')), `[data-testid=tb-total-debit] did not show 1000.00`);
      const table = await textOf('tb-table');
      check(table.includes(accounts.bank), `the trial balance table has no row for ${accounts.bank}:\n${table.slice(0, 800)}`);
      check(table.includes(accounts.capital), `the trial balance table has no row for ${accounts.capital}`);
      await shot('trial-balance');
    }],
    ['export the trial balance as CSV and PDF', async () => {
      const csv = await download('export-csv', 'trial-balance.csv');
      const text = fs.readFileSync(csv, 'utf8');
      check(text.includes(accounts.bank), `the exported CSV ${csv} has no line for ${accounts.bank}`);
      const pdf = await download('export-pdf', 'trial-balance.pdf');
      const head = fs.readFileSync(pdf).subarray(0, 5).toString('latin1');
      check(head === '%PDF-', `the exported PDF ${pdf} does not start with %PDF- (starts with ${JSON.stringify(head)})`);
      const txt = spawnSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
      if (txt.status === 0) check(txt.stdout.includes(accounts.bank), `the PDF's text (pdftotext) has no ${accounts.bank}`);
    }],
    ['switch the language and see the labels change', async () => {
      const before = await textOf('nav-trial-balance');
      await (await visible('lang-toggle')).click();
      const after = await eventually(async () => {
        const t = await textOf('nav-trial-balance');
        return t !== before ? t : null;
      }, `the sidebar label [data-testid=nav-trial-balance] stayed "${before}" after clicking lang-toggle`);
      const pair = [before, after].join(' | ');
      check(/trial balance/i.test(pair) && /sumas y saldos|balance de comprobaci/i.test(pair), `expected one label in Spanish and one in English, got "${pair}"`);
      await shot('language-switched');
      await (await visible('lang-toggle')).click();
      await eventually(async () => (await textOf('nav-trial-balance')) === before, 'the second click on lang-toggle did not switch the labels back');
    }],
    ['close the company and create a new one from the welcome screen', async () => {
      await (await visible('company-switcher')).click();
      await (await visible('menu-close-company')).click();
      await visible('welcome', 20_000);
      await shot('welcome');
      await (await visible('company-form-name')).fill('Nueva Prueba SL');
      await (await visible('company-form-tax-id')).fill('B12345674');
      await eventually(async () => (await byId('company-form-template').first().inputValue()) !== '', 'the template list of the company form stayed empty');
      await byId('company-form-template').first().selectOption('es-pymes');
      await (await visible('create-company')).click();
      await eventually(async () => (await textOf('company-name')).includes('Nueva Prueba SL'), 'after create-company the top bar did not show "Nueva Prueba SL"', 30_000);
      await shot('created-company');
      const info = await api('app_info');
      check(info.company && info.company.name === 'Nueva Prueba SL', `app_info says the open company is ${JSON.stringify(info.company)}`);
      check(fs.existsSync(String(info.company.path)), `the new company's file ${info.company.path} does not exist`);
    }],
  ],
  {
    onFailure: ui.onFailure,
    onExit: ui.close,
  },
);
