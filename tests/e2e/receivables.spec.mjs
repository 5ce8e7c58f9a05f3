// Receivables end-to-end suite: Debian's Chromium against `trastienda serve`, through the real UI:
// a customer and two invoices (one issued 100 days ago, overdue; one today) made through the api
// helper; a partial payment across both recorded on "Cobros" (what is left over shown as unapplied
// credit); the aging seen to move; a level-1 reminder for the overdue invoice generated on
// "Reclamaciones" and its letter read back with pdftotext; level 1 again refused with its message
// under the level; the aging CSV exported and its figures checked; the customer's statement of
// account from their card.
//   node tests/e2e/receivables.spec.mjs        (after scripts/setup.sh; HEADED=1 to watch)
// Screenshots go to tests/e2e/out/receivables-*.png, and PNGs of the PDFs next to them.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { BrowserSession, chromiumMissing } from './browser.mjs';
import { CLI, check, eventually, requireFile, run, suite, tempDir } from './lib.mjs';

const tmp = tempDir('receivables');
const dataDir = path.join(tmp, 'data');
const company = path.join(tmp, 'cobros.trastienda');
const env = { ...process.env, TRASTIENDA_DATA_DIR: dataDir, RUST_BACKTRACE: '1' };
fs.mkdirSync(dataDir, { recursive: true });

const ui = new BrowserSession('receivables');
const { shot, api, byId, visible, textOf, click } = ui;

const iso = (d) => d.toISOString().slice(0, 10);
const today = new Date();
const daysAgo = (n) => iso(new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() - n)));
const TODAY = daysAgo(0);
const OLD = daysAgo(100); // due 30 days later: 70 days overdue today (61-90)

function pdfText(file) {
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
}
/** PNGs of a PDF's pages next to it, to look at. */
function pdfPictures(file) {
  execFileSync('pdftoppm', ['-r', '70', '-png', file, file.replace(/\.pdf$/, '')]);
}

let customerId;
let oldInvoice;
let newInvoice;

async function agingRow(name) {
  const row = ui.page.locator('[data-testid="aging-row"]', { hasText: name }).first();
  const cell = async (col) => (await row.locator(`[data-col="${col}"]`).innerText()).trim();
  return { current: await cell('current'), d61_90: await cell('days_61_90'), total: await cell('total'), unapplied: await cell('unapplied') };
}

await suite(
  'e2e receivables (Chromium against `trastienda serve`: payments, aging, reminders, exports)',
  [
    ['the CLI, Chromium and pdftotext are there', () => {
      requireFile(CLI, 'run scripts/setup.sh (cargo build --workspace --bins)');
      check(!chromiumMissing(), chromiumMissing());
      execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
    }],
    ['`trastienda init` makes "Cobros Norte SL"; a customer and two invoices are issued', async () => {
      run(CLI, ['init', '--company', company, '--name', 'Cobros Norte SL', '--tax-id', 'B12345674', '--template', 'es-pymes'], { env });
      await ui.serve(company, env);
      await ui.open();
      await eventually(async () => (await textOf('company-name')).includes('Cobros Norte SL'), 'the top bar never showed "Cobros Norte SL"');
      if (OLD.slice(0, 4) !== TODAY.slice(0, 4)) await api('create_fiscal_year', { year: Number(OLD.slice(0, 4)) });
      const c = await api('save_customer', {
        customer: {
          legal_name: 'Talleres Gómez SL', trade_name: null, country: 'ES', tax_id: '12345678Z', address: 'Calle Mayor 1',
          postal_code: '48001', city: 'Bilbao', province: 'Bizkaia', shipping_address: null, email: null, phone: null,
          payment_days: 30, payment_days_of_month: null, treatment: 'domestic', exemption_cause: null, iban: null,
          account: null, notes: '', contacts: [],
        },
      });
      customerId = c.id;
      const issue = async (date, lines) => {
        const d = await api('save_invoice_draft', { invoice: { issue_date: date, customer_id: customerId, lines } });
        return api('issue_invoice', { id: d.id });
      };
      // 10 × 80.00 at 21 %: 800.00 + 168.00 = 968.00; 2 × 150.00 at 21 %: 300.00 + 63.00 = 363.00.
      oldInvoice = await issue(OLD, [{ description: 'Revisión anual', quantity: '10', unit_price: '80', tax: '21' }]);
      newInvoice = await issue(TODAY, [{ description: 'Recambios', quantity: '2', unit_price: '150', tax: '21' }]);
      check(oldInvoice.total === '968.00' && newInvoice.total === '363.00', `the invoices total ${oldInvoice.total} and ${newInvoice.total}, expected 968.00 and 363.00`);
    }],
    ['Antigüedad de saldos: 968,00 in 61-90 days and 363,00 not yet due', async () => {
      await click('nav-aging');
      await visible('aging-table');
      check(/Antigüedad de saldos/.test(await textOf('nav-aging')), `the nav entry reads "${await textOf('nav-aging')}"`);
      const r = await agingRow('Talleres Gómez SL');
      check(r.d61_90.includes('968,00') && r.current.includes('363,00') && r.total.includes('1.331,00'), `the aging row is ${JSON.stringify(r)}`);
      await shot('aging-before');
    }],
    ['Cobros: a payment of 500,00 across both invoices, 40,00 left as unapplied credit', async () => {
      await click('nav-payments');
      await visible('payment-form');
      await byId('payment-customer').selectOption({ label: 'Talleres Gómez SL (12345678Z)' });
      await eventually(async () => (await byId('allocation-row').count()) === 2, 'the customer\'s two open invoices are not listed');
      await byId('payment-amount').fill('500');
      await byId('payment-reference').fill('TRF 0042');
      // A refusal first: more than is open on the new invoice, under its line.
      const rows = byId('allocation-amount');
      await rows.nth(0).fill('400');
      await rows.nth(1).fill('900');
      await click('payment-record');
      await visible('problem-allocation');
      check(/363,00/.test(await textOf('problem-allocation')), `the allocation problem does not name the 363,00 open: "${await textOf('problem-allocation')}"`);
      await shot('payment-refused');
      await rows.nth(1).fill('60');
      await eventually(async () => /40,00/.test(await textOf('payment-unapplied-preview')), 'the form does not preview 40,00 unapplied');
      await click('payment-record');
      await visible('payment-notice');
      check(/40,00.*crédito sin aplicar/.test(await textOf('payment-notice')), `the notice reads "${await textOf('payment-notice')}"`);
      await eventually(async () => (await byId('payment-row').count()) === 1, 'the payment is not listed');
      const listed = await byId('payment-row').first().innerText();
      check(/500,00/.test(listed) && /2026|20\d\d-0001/.test(listed) && /40,00/.test(listed), `the payments list shows "${listed}"`);
      await shot('payment-recorded');
      const open = (await api('get_invoice', { id: oldInvoice.id })).open;
      check(open === '568.00', `the old invoice has ${open} open, expected 568.00`);
    }],
    ['the aging moves: 568,00 in 61-90, 263,00 current (363 − 60 − 40 of credit), 831,00 in all', async () => {
      await click('nav-aging');
      await visible('aging-table');
      await eventually(async () => (await agingRow('Talleres Gómez SL')).total.includes('831,00'), 'the aging total did not become 831,00');
      const r = await agingRow('Talleres Gómez SL');
      check(r.d61_90.includes('568,00') && r.current.includes('263,00') && r.unapplied.includes('40,00'), `the aging row is ${JSON.stringify(r)}`);
      await shot('aging-after');
    }],
    ['the aging CSV has the figures', async () => {
      const file = await ui.download('export-csv', 'aging.csv');
      const text = fs.readFileSync(file, 'utf8');
      const lines = text.trim().split(/\r?\n/);
      check(lines[0] === 'name,tax_id,current,1-30,31-60,61-90,over_90,total', `the header is "${lines[0]}"`);
      check(lines[1] === 'Talleres Gómez SL,12345678Z,263.00,0.00,0.00,568.00,0.00,831.00', `the row is "${lines[1]}"`);
      const pdf = await ui.download('export-pdf', 'aging.pdf');
      const t = pdfText(pdf);
      for (const s of ['Cobros Norte SL', 'Talleres Gómez SL', '568,00', '263,00', '831,00']) check(t.includes(s), `the aging PDF lacks "${s}":\n${t}`);
      pdfPictures(pdf);
    }],
    ['a customer in the aging opens their card, with the statement of account', async () => {
      await ui.page.locator('[data-testid="aging-row"]', { hasText: 'Talleres Gómez SL' }).first().click();
      await visible('customer-details');
      await visible('customer-statement');
      const pdf = await ui.download('statement-pdf', 'statement.pdf');
      const t = pdfText(pdf);
      for (const s of ['Talleres Gómez SL', oldInvoice.number, '968,00', '500,00', '831,00']) check(t.includes(s), `the statement lacks "${s}":\n${t}`);
      pdfPictures(pdf);
      await shot('card-statement');
    }],
    ['Reclamaciones: the overdue invoice, 70 days, no reminder yet; a level-1 letter', async () => {
      await click('nav-dunning');
      await visible('overdue-table');
      const row = ui.page.locator(`[data-testid="overdue-row"][data-number="${oldInvoice.number}"]`);
      await eventually(async () => (await row.count()) === 1, `${oldInvoice.number} is not listed as overdue`);
      check((await byId('overdue-row').count()) === 1, 'the invoice of today is listed as overdue');
      check((await row.locator('[data-col="days"]').innerText()).trim() === '70', `days overdue: ${await row.locator('[data-col="days"]').innerText()}`);
      check(/568,00/.test(await row.locator('[data-col="open"]').innerText()), 'the open amount is not 568,00');
      await row.getByTestId('reminder-open').click();
      await visible('reminder-dialog');
      check((await byId('reminder-level').inputValue()) === '1', 'the dialog does not offer level 1');
      await shot('reminder-dialog');
      const file = await ui.download('reminder-generate', 'reminder.pdf');
      const t = pdfText(file);
      for (const s of ['Talleres Gómez SL', '12345678Z', oldInvoice.number, '568,00', 'Cobros Norte SL']) check(t.includes(s), `the letter lacks "${s}":\n${t}`);
      pdfPictures(file);
      await eventually(async () => /N1/.test(await row.getByTestId('overdue-reminders').innerText()), 'the reminder is not shown as sent');
      await shot('reminder-sent');
    }],
    ['level 1 again is refused, the message under the level, nothing recorded', async () => {
      const before = (await api('audit_log', { page_size: 1 })).total;
      const row = ui.page.locator(`[data-testid="overdue-row"][data-number="${oldInvoice.number}"]`);
      await row.getByTestId('reminder-open').click();
      await visible('reminder-dialog');
      check((await byId('reminder-level').inputValue()) === '2', 'the dialog does not offer the next level (2)');
      await byId('reminder-level').selectOption('1');
      await click('reminder-generate');
      await visible('problem-level');
      const said = await textOf('problem-level');
      check(/nivel 1/.test(said) && /no se genera dos veces/.test(said), `the refusal reads "${said}"`);
      await shot('reminder-refused');
      check((await api('audit_log', { page_size: 1 })).total === before, 'the refused reminder wrote something');
      await ui.page.keyboard.press('Escape');
    }],
    ['Resumen de IVA: the quarter of today shows 63,00 of VAT at 21 %', async () => {
      await click('nav-vat-output');
      await visible('vat-output-table');
      const total = await textOf('vat-output-total');
      check(/63,00/.test(total) || /231,00/.test(total), `the VAT total row reads "${total}"`);
      const csv = fs.readFileSync(await ui.download('export-csv', 'vat.csv'), 'utf8');
      check(csv.startsWith('tax,base,vat_rate,vat,recargo_rate,recargo'), `the VAT CSV reads:\n${csv}`);
      await shot('vat-output');
    }],
  ],
  {
    onFailure: ui.onFailure,
    onExit: ui.close,
  },
);
