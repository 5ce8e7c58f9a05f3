// Sales flow end-to-end suite: Debian's Chromium against `trastienda serve`, the whole chain
// through the real UI only (the CLI makes the company; the api is used only to read back what
// the screens did, never to make data): a customer with 30 days of payment on "Clientes"; a
// product on "Catálogo"; a quote for them with it on "Presupuestos", converted into an invoice
// draft; the draft dated 45 days ago (or 1 January when 45 days ago is in last year, which has no
// fiscal year here: then it may not be overdue yet, and the expected bucket follows) and issued;
// a partial payment applied to it on "Cobros"; "Antigüedad de saldos" showing what is left in the
// bucket its days overdue give, the totals row the same; the aging CSV the same figures;
// the rest paid on "Cobros" and the customer gone from the aging.
//   node tests/e2e/sales-flow.spec.mjs        (after scripts/setup.sh; HEADED=1 to watch)
// Screenshots go to tests/e2e/out/sales-flow-*.png.
import fs from 'node:fs';
import path from 'node:path';
import { BrowserSession, chromiumMissing } from './browser.mjs';
import { CLI, check, eventually, requireFile, run, suite, tempDir } from './lib.mjs';

const tmp = tempDir('sales-flow');
const dataDir = path.join(tmp, 'data');
const company = path.join(tmp, 'ventas.trastienda');
const env = { ...process.env, TRASTIENDA_DATA_DIR: dataDir, RUST_BACKTRACE: '1' };
fs.mkdirSync(dataDir, { recursive: true });

const ui = new BrowserSession('sales-flow');
const { shot, api, byId, visible, textOf, click } = ui;

// ---- Dates: the invoice 45 days ago, kept inside the current (only) fiscal year. ----
const DAY = 86_400_000;
const utc = (y, m, d) => new Date(Date.UTC(y, m, d));
const now = new Date();
const todayD = utc(now.getFullYear(), now.getMonth(), now.getDate());
const iso = (d) => d.toISOString().slice(0, 10);
const es = (d) => `${iso(d).slice(8, 10)}/${iso(d).slice(5, 7)}/${iso(d).slice(0, 4)}`;
const YEAR = todayD.getUTCFullYear();
const firstOfYear = utc(YEAR, 0, 1);
const wanted = new Date(todayD.getTime() - 45 * DAY);
const INVOICE_D = wanted < firstOfYear ? firstOfYear : wanted; // early January: 1 January, maybe not yet due
const DUE_D = new Date(INVOICE_D.getTime() + 30 * DAY); // 30 days of payment, no payment day
const OVERDUE = Math.max(0, Math.round((todayD - DUE_D) / DAY));
// The buckets as crates/core/src/aging.rs cuts them (data-col of the screen, CSV column).
const BUCKETS = [
  ['current', 'current', (n) => n === 0],
  ['days_1_30', '1-30', (n) => n >= 1 && n <= 30],
  ['days_31_60', '31-60', (n) => n >= 31 && n <= 60],
  ['days_61_90', '61-90', (n) => n >= 61 && n <= 90],
  ['over_90', 'over_90', (n) => n > 90],
];
const BUCKET = BUCKETS.findIndex(([, , inIt]) => inIt(OVERDUE));

// ---- Figures, from the lines: 4 × 85,50 at 21 %. ----
const cents = (c) => `${Math.trunc(c / 100)}.${String(c % 100).padStart(2, '0')}`; // wire: 263.82
const shown = (c) => cents(c).replace('.', ','); // screen (es, below 1.000): 263,82
const QTY = 4;
const PRICE = 8550;
const BASE = QTY * PRICE; // 342,00
const VAT = Math.round((BASE * 21) / 100); // 71,82
const TOTAL = BASE + VAT; // 413,82
const FIRST = 15000; // the partial payment: 150,00
const LEFT = TOTAL - FIRST; // 263,82

const CUSTOMER = 'Climatización Ebro SL';
const TAX_ID = '12345678Z';
let customerId;
let invoiceId;
let invoiceNumber;

const hasAmount = (s, c) => new RegExp(`(^|[^\\d,.])${shown(c)}(?!\\d)`).test(s);

async function agingRow() {
  const row = ui.page.locator(`[data-testid="aging-row"][data-customer="${CUSTOMER}"]`);
  if ((await row.count()) === 0) return null;
  const out = {};
  for (const [col] of BUCKETS) out[col] = (await row.locator(`[data-col="${col}"]`).innerText()).trim();
  out.total = (await row.locator('[data-col="total"]').innerText()).trim();
  out.unapplied = (await row.locator('[data-col="unapplied"]').innerText()).trim();
  return out;
}

async function agingTotals() {
  const row = byId('aging-total');
  const out = {};
  for (const [col] of BUCKETS) out[col] = (await row.locator(`[data-col="${col}"]`).innerText()).trim();
  out.total = (await row.locator('[data-col="total"]').innerText()).trim();
  return out;
}

/** Every bucket empty (row) or 0,00 (totals) except `BUCKET`, which holds `c`. */
function onlyInBucket(r, c, zero) {
  return BUCKETS.every(([col], i) => (i === BUCKET ? hasAmount(r[col], c) : zero(r[col])));
}

async function recordPayment(amount, reference) {
  await click('nav-payments');
  await visible('payment-form');
  await byId('payment-customer').selectOption({ label: `${CUSTOMER} (${TAX_ID})` });
  const alloc = ui.page.locator(`[data-testid="allocation-row"][data-number="${invoiceNumber}"]`);
  await eventually(async () => (await alloc.count()) === 1, `the open invoice ${invoiceNumber} is not offered to apply the payment to`);
  check((await byId('allocation-row').count()) === 1, `the customer has ${await byId('allocation-row').count()} open invoices listed, expected only ${invoiceNumber}`);
  check((await byId('payment-date').getAttribute('value')) === iso(todayD), `the payment date is ${await byId('payment-date').getAttribute('value')}, expected today ${iso(todayD)}`);
  await byId('payment-amount').fill(shown(amount));
  await byId('payment-reference').fill(reference);
  await alloc.getByTestId('allocation-amount').fill(shown(amount));
  await eventually(async () => hasAmount(await textOf('payment-sums'), amount), `the form does not say ${shown(amount)} is applied: "${await textOf('payment-sums')}"`);
  check((await byId('payment-unapplied-preview').count()) === 0, 'the form previews an unapplied amount for a payment applied in full');
}

await suite(
  'e2e sales flow (Chromium against `trastienda serve`: customer, product, quote, invoice, payments, aging — all through the UI)',
  [
    ['the CLI and Chromium are there', () => {
      requireFile(CLI, 'run scripts/setup.sh (cargo build --workspace --bins)');
      check(!chromiumMissing(), chromiumMissing());
      console.log(`    invoice dated ${iso(INVOICE_D)}, due ${iso(DUE_D)}: ${OVERDUE} days overdue today (${iso(todayD)}), bucket ${BUCKETS[BUCKET][1]}`);
    }],
    ['`trastienda init` makes "Reformas Delta SL" and `serve` opens it', async () => {
      run(CLI, ['init', '--company', company, '--name', 'Reformas Delta SL', '--tax-id', 'B12345674', '--template', 'es-pymes'], { env });
      await ui.serve(company, env);
      await ui.open();
      await eventually(async () => (await textOf('company-name')).includes('Reformas Delta SL'), 'the top bar never showed "Reformas Delta SL"');
      await shot('start');
    }],
    ['Clientes: a customer with 30 days of payment, saved and shown on its card', async () => {
      await click('nav-customers');
      await visible('customers-screen');
      await click('customer-new');
      await visible('customer-form');
      await byId('customer-legal-name').fill(CUSTOMER);
      await byId('customer-tax-id').fill(TAX_ID);
      await eventually(async () => /válido/i.test(await textOf('tax-id-live')), 'the live check never said the NIF is valid');
      await byId('customer-address').fill('Paseo de la Independencia 8');
      await byId('customer-postal_code').fill('50004');
      await byId('customer-city').fill('Zaragoza');
      await byId('customer-payment-days').fill('30');
      await shot('customer-form');
      await click('customer-save');
      await visible('customer-details');
      await eventually(async () => /#\/customers\/\d+$/.test(ui.page.url()), `the card's address is not #/customers/<id>: ${ui.page.url()}`);
      customerId = Number(ui.page.url().match(/(\d+)$/)[1]);
      const details = await textOf('customer-details');
      check(/30 días/.test(details), `the card does not show "30 días" of payment: "${details}"`);
      const saved = await api('get_customer', { id: customerId });
      check(saved.customer.fields.legal_name === CUSTOMER && saved.customer.fields.payment_days === 30, `the stored customer is ${JSON.stringify(saved.customer.fields)}`);
      await shot('customer-card');
    }],
    ['Catálogo: a product at 85,50 + 21 %, listed', async () => {
      await click('nav-products');
      await visible('products-screen');
      await click('product-new');
      await visible('product-form');
      await byId('product-code').fill('REV-CAL');
      await byId('product-description').fill('Revisión anual de caldera');
      await byId('product-price').fill('85,50');
      check((await byId('product-tax').inputValue()) === '21', `the product's VAT defaults to "${await byId('product-tax').inputValue()}", expected 21`);
      await click('product-save');
      await eventually(async () => (await byId('product-row').count()) === 1, 'the product is not listed');
      const row = await byId('product-row').first().innerText();
      check(/REV-CAL/.test(row) && /Revisión anual de caldera/.test(row) && /85,50/.test(row) && /21\s?%/.test(row), `the product row reads "${row}"`);
      const [p] = await api('list_products', {});
      check(p && p.unit_price === '85.50' && p.tax === '21', `the stored product is ${JSON.stringify(p)}`);
      await shot('product');
    }],
    [`Presupuestos: a quote for the customer, 4 × the product: ${shown(TOTAL)}`, async () => {
      await click('nav-quotes');
      await visible('quotes-screen');
      await click('quote-new');
      await visible('quote-form');
      await byId('quote-customer').selectOption({ label: `${CUSTOMER} (${TAX_ID})` });
      await eventually(async () => (await byId('line-product-1').locator('option').count()) > 1, 'the product picker never listed the catalogue');
      await byId('line-product-1').selectOption({ label: 'REV-CAL – Revisión anual de caldera' });
      check((await byId('line-description-1').inputValue()) === 'Revisión anual de caldera', 'picking the product did not fill the description');
      check((await byId('line-price-1').inputValue()) === '85,50', `picking the product did not fill the price: "${await byId('line-price-1').inputValue()}"`);
      await byId('line-quantity-1').fill(String(QTY));
      await click('quote-save');
      await visible(`quote-row-P${YEAR}-0001`);
      const row = await textOf(`quote-row-P${YEAR}-0001`);
      check(row.includes(CUSTOMER) && hasAmount(row, TOTAL), `the quote's row reads "${row}", expected ${CUSTOMER} and ${shown(TOTAL)}`);
      const quotes = await api('list_quotes', {});
      check(quotes.length === 1 && quotes[0].total === cents(TOTAL), `the stored quotes are ${JSON.stringify(quotes).slice(0, 400)}`);
      await shot('quote');
    }],
    ['convert the quote: an invoice draft for the customer with the quote\'s line', async () => {
      await click(`quote-convert-P${YEAR}-0001`);
      await visible('invoice-screen');
      await eventually(async () => /Borrador/.test(await textOf('invoice-title')), 'the converted invoice is not shown as a draft');
      await eventually(async () => /#\/invoices\/\d+$/.test(ui.page.url()), `the draft's address is not #/invoices/<id>: ${ui.page.url()}`);
      invoiceId = Number(ui.page.url().match(/(\d+)$/)[1]);
      check((await byId('invoice-customer').inputValue()) === String(customerId), `the draft's customer is "${await byId('invoice-customer').inputValue()}", expected ${customerId}`);
      check((await byId('line-description-1').inputValue()) === 'Revisión anual de caldera', 'the draft did not take the quote line');
      check((await byId('line-quantity-1').inputValue()) === String(QTY), `the draft's quantity is "${await byId('line-quantity-1').inputValue()}"`);
      await eventually(async () => hasAmount(await textOf('total-total'), TOTAL), `the draft total is not ${shown(TOTAL)}`);
      check(hasAmount(await textOf('tax-row-21'), VAT) && hasAmount(await textOf('tax-row-21'), BASE), `the 21 % row reads "${await textOf('tax-row-21')}"`);
      const d = await api('get_invoice', { id: invoiceId });
      check(d.state === 'draft' && d.quote_id !== null && d.customer_id === customerId, `the stored draft is ${JSON.stringify({ state: d.state, quote_id: d.quote_id, customer_id: d.customer_id })}`);
      await shot('draft');
    }],
    [`the draft dated ${iso(INVOICE_D)} (${INVOICE_D === wanted ? '45 days ago' : `1 January: 45 days ago is in ${YEAR - 1}`}), saved`, async () => {
      const input = byId('invoice-date-input');
      await input.fill(es(INVOICE_D));
      await input.press('Tab');
      await eventually(async () => (await byId('invoice-date').getAttribute('value')) === iso(INVOICE_D), `the date field holds ${await byId('invoice-date').getAttribute('value')}, expected ${iso(INVOICE_D)}`);
      await eventually(async () => (await api('get_invoice', { id: invoiceId })).issue_date === iso(INVOICE_D), `the stored draft never took the date ${iso(INVOICE_D)}`);
      await eventually(async () => /guardado/i.test(await textOf('invoice-status')), `the draft is not said to be saved: "${await textOf('invoice-status')}"`);
      if ((await byId('problem-issue_date').count()) > 0) check(false, `the date is refused: "${await textOf('problem-issue_date')}"`);
      await shot('draft-dated');
    }],
    [`issue it: ${YEAR}-0001, due ${iso(DUE_D)}, ${shown(TOTAL)} open`, async () => {
      await click('invoice-issue');
      await visible('issue-dialog');
      const said = await textOf('issue-confirm-text');
      check(said.includes(`${INVOICE_D.getUTCFullYear()}-0001`), `the confirmation does not name ${INVOICE_D.getUTCFullYear()}-0001: "${said}"`);
      await click('issue-confirm');
      await eventually(async () => (await textOf('invoice-number').catch(() => '')) === `${INVOICE_D.getUTCFullYear()}-0001`, `the issued invoice is not numbered ${INVOICE_D.getUTCFullYear()}-0001`);
      invoiceNumber = await textOf('invoice-number');
      await visible('invoice-immutable');
      check(hasAmount(await textOf('total-open'), TOTAL), `the open amount reads "${await textOf('total-open')}", expected ${shown(TOTAL)}`);
      const inv = await api('get_invoice', { id: invoiceId });
      check(inv.state === 'issued' && inv.issue_date === iso(INVOICE_D), `the stored invoice is ${inv.state} dated ${inv.issue_date}`);
      check(inv.due_date === iso(DUE_D), `the invoice is due ${inv.due_date}, expected ${iso(DUE_D)} (30 days after ${iso(INVOICE_D)})`);
      check(inv.total === cents(TOTAL) && inv.open === cents(TOTAL), `the invoice totals ${inv.total} with ${inv.open} open, expected ${cents(TOTAL)}`);
      await shot('issued');
    }],
    [`Antigüedad de saldos before any payment: ${shown(TOTAL)} in ${BUCKETS[BUCKET][1]}`, async () => {
      await click('nav-aging');
      await visible('aging-table');
      await eventually(async () => (await agingRow()) !== null, `${CUSTOMER} is not in the aging`);
      const r = await agingRow();
      check(onlyInBucket(r, TOTAL, (s) => s === '') && hasAmount(r.total, TOTAL), `the aging row is ${JSON.stringify(r)}, expected ${shown(TOTAL)} only in ${BUCKETS[BUCKET][1]}`);
      await shot('aging-before');
    }],
    [`Cobros: ${shown(FIRST)} applied to ${YEAR}-0001`, async () => {
      await recordPayment(FIRST, 'TRF 1001');
      await shot('payment-1-form');
      await click('payment-record');
      await eventually(async () => (await byId('payment-row').count()) === 1, 'the payment is not listed');
      const listed = await byId('payment-row').first().innerText();
      check(listed.includes(CUSTOMER) && listed.includes(invoiceNumber) && hasAmount(listed, FIRST) && /TRF 1001/.test(listed), `the payments list shows "${listed}"`);
      if ((await byId('payment-notice').count()) > 0) check(false, `a notice of unapplied credit for a payment applied in full: "${await textOf('payment-notice')}"`);
      const left = ui.page.locator(`[data-testid="allocation-row"][data-number="${invoiceNumber}"]`);
      await eventually(async () => (await left.count()) === 1 && hasAmount(await left.innerText(), LEFT), `the form does not show ${shown(LEFT)} still open on ${invoiceNumber}`);
      const inv = await api('get_invoice', { id: invoiceId });
      check(inv.open === cents(LEFT), `the invoice has ${inv.open} open, expected ${cents(LEFT)}`);
      const pays = await api('list_payments', {});
      check(pays.length === 1 && pays[0].amount === cents(FIRST) && pays[0].unapplied === '0.00' && pays[0].date === iso(todayD), `the stored payments are ${JSON.stringify(pays)}`);
      await shot('payment-1');
    }],
    [`Antigüedad de saldos: ${shown(LEFT)} left in ${BUCKETS[BUCKET][1]}, the totals row the same`, async () => {
      await click('nav-aging');
      await visible('aging-table');
      check((await byId('aging-as-of').getAttribute('value')) === iso(todayD), `the aging is as of ${await byId('aging-as-of').getAttribute('value')}, expected today`);
      await eventually(async () => { const r = await agingRow(); return r && hasAmount(r.total, LEFT); }, `the aging total of ${CUSTOMER} did not become ${shown(LEFT)}`);
      const r = await agingRow();
      check(onlyInBucket(r, LEFT, (s) => s === '') && r.unapplied === '', `the aging row is ${JSON.stringify(r)}, expected ${shown(LEFT)} only in ${BUCKETS[BUCKET][1]}`);
      check((await byId('aging-row').count()) === 1, `the aging lists ${await byId('aging-row').count()} customers, expected 1`);
      const t = await agingTotals();
      check(onlyInBucket(t, LEFT, (s) => /^0,00/.test(s)) && hasAmount(t.total, LEFT), `the totals row is ${JSON.stringify(t)}`);
      const a = await api('receivables_aging', { as_of: iso(todayD) });
      check(a.total.total === cents(LEFT) && a.total[BUCKETS[BUCKET][0]] === cents(LEFT), `the api's aging totals are ${JSON.stringify(a.total)}`);
      await shot('aging-partial');
    }],
    ['the aging CSV has the same figure in the same column', async () => {
      const file = await ui.download('export-csv', 'aging.csv');
      const lines = fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '').trim().split(/\r?\n/);
      const head = lines[0].split(',');
      check(lines[0] === 'name,tax_id,current,1-30,31-60,61-90,over_90,total', `the header is "${lines[0]}"`);
      check(lines.length === 2, `the CSV has ${lines.length - 1} rows, expected 1:\n${lines.join('\n')}`);
      const cells = lines[1].split(',');
      const want = BUCKETS.map((_, i) => (i === BUCKET ? cents(LEFT) : '0.00'));
      check(cells[0] === CUSTOMER && cells[1] === TAX_ID, `the row names "${cells[0]}" "${cells[1]}"`);
      check(cells[head.indexOf(BUCKETS[BUCKET][1])] === cents(LEFT), `the ${BUCKETS[BUCKET][1]} column holds "${cells[head.indexOf(BUCKETS[BUCKET][1])]}", expected ${cents(LEFT)}`);
      check(lines[1] === [CUSTOMER, TAX_ID, ...want, cents(LEFT)].join(','), `the row is "${lines[1]}", expected "${[CUSTOMER, TAX_ID, ...want, cents(LEFT)].join(',')}"`);
    }],
    [`Cobros: the other ${shown(LEFT)}; nothing left open`, async () => {
      await recordPayment(LEFT, 'TRF 1002');
      await click('payment-record');
      await eventually(async () => (await byId('payment-row').count()) === 2, 'the second payment is not listed');
      await visible('payment-no-open');
      const inv = await api('get_invoice', { id: invoiceId });
      check(inv.open === '0.00', `the invoice still has ${inv.open} open`);
      await shot('payment-2');
    }],
    ['Antigüedad de saldos: the customer has left it', async () => {
      await click('nav-aging');
      await visible('aging-screen');
      await eventually(async () => (await byId('aging-row').count()) === 0, `${CUSTOMER} is still in the aging: ${JSON.stringify(await agingRow())}`);
      await visible('aging-empty');
      const a = await api('receivables_aging', { as_of: iso(todayD) });
      check(a.customers.length === 0 && a.total.total === '0.00', `the api's aging still has ${JSON.stringify(a)}`);
      await shot('aging-after');
      await click('nav-customers');
      await ui.page.locator('[data-testid="customer-row"]', { hasText: CUSTOMER }).first().click();
      await visible('customer-details');
      await eventually(async () => /^0,00/.test(await textOf('customer-balance')), `the customer's balance reads "${await textOf('customer-balance')}", expected 0,00`);
      await shot('customer-settled');
    }],
  ],
  {
    onFailure: ui.onFailure,
    onExit: ui.close,
  },
);
