// Purchases end to end: Debian's Chromium against `trastienda serve` on the demo company,
// through the real UI, the way an owner works: a new supplier (with its IBAN and default
// expense account) -> a purchase order, sent and received in part -> the supplier's bill made
// from the order (the differences with the order shown, the paper total that does not match
// refused with the difference, then posted) -> the same number again refused -> a quick
// expense in two fields -> a payment run that pays the bill with a SEPA file, confirmed ->
// the supplier's card shows nothing owed.
//   node tests/e2e/purchase-flow.spec.mjs        (after scripts/setup.sh; HEADED=1 to watch)
// Screenshots go to tests/e2e/out/purchase-flow-*.png.
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { BrowserSession, chromiumMissing } from './browser.mjs';
import { CLI, ROOT, check, eventually, requireFile, run, suite, tempDir } from './lib.mjs';

const tmp = tempDir('purchase-flow');
const dataDir = path.join(tmp, 'data');
const company = path.join(tmp, 'demo.trastienda');
const env = { ...process.env, TRASTIENDA_DATA_DIR: dataDir, RUST_BACKTRACE: '1' };
fs.mkdirSync(dataDir, { recursive: true });

const ui = new BrowserSession('purchase-flow');
const { shot, api, byId, visible, textOf, click } = ui;
const SUPPLIER = 'Ferretería Industrial Ebro SL';
let supplierId = 0;
let orderId = 0;
let billId = 0;

/** Types a date into a DateInput. */
async function setDate(id, iso) {
  await (await visible(id)).fill(iso);
  await eventually(async () => (await byId(id).first().evaluate((el) => el.value)) === iso, `[data-testid=${id}] did not take ${iso}`);
}

function isoPlus(days) {
  const d = new Date();
  d.setDate(d.getDate() + days);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

await suite(
  'e2e purchase flow (Chromium against `trastienda serve`: supplier -> order -> bill -> payment run)',
  [
    ['the CLI, Chromium and xmllint are there', () => {
      requireFile(CLI, 'run scripts/setup.sh (cargo build --workspace --bins)');
      check(!chromiumMissing(), chromiumMissing());
      requireFile('/usr/bin/xmllint', 'run scripts/setup-system.sh (libxml2-utils)');
    }],
    ['`trastienda demo` makes the demo company and `serve` opens it', async () => {
      run(CLI, ['demo', '--company', company, '--entries', '300'], { env });
      await ui.serve(company, env);
      await ui.open();
      await visible('company-name');
    }],
    ['a new supplier with its IBAN and default expense account', async () => {
      await click('nav-suppliers');
      await click('supplier-new');
      await visible('supplier-form');
      await byId('supplier-legal-name').fill(SUPPLIER);
      await byId('supplier-tax-id').fill('B50000009');
      await byId('supplier-city').fill('Zaragoza');
      await byId('supplier-iban').fill('ES66 2100 0418 4012 3456 7891');
      await byId('supplier-expense_account').fill('600');
      await byId('supplier-payment-days').fill('30');
      await click('supplier-save');
      await visible('supplier-details');
      supplierId = Number(/suppliers\/(\d+)/.exec(ui.page.url())?.[1] ?? 0);
      check(supplierId > 0, `the address does not name the new supplier: ${ui.page.url()}`);
      await visible('supplier-account');
      check(/Nada pendiente/.test(await textOf('supplier-account')), 'a new supplier already owes something');
    }],
    ['an order of 10 boxes, sent, and 6 received', async () => {
      await click('nav-purchase-orders');
      await click('purchase-order-new');
      await visible('purchase-order-screen');
      await eventually(async () => (await byId('purchase-order-supplier').locator('option').count()) > 1, 'no supplier to pick');
      await byId('purchase-order-supplier').selectOption({ label: SUPPLIER });
      await byId('line-description-1').fill('Cajas de bisagras inox (20 u.)');
      await byId('line-quantity-1').fill('10');
      await byId('line-price-1').fill('12,00');
      await click('purchase-order-save');
      await eventually(async () => /purchase-orders\/\d+/.test(ui.page.url()), 'the order was not saved');
      orderId = Number(/purchase-orders\/(\d+)/.exec(ui.page.url())[1]);
      await ui.download('purchase-order-send', 'pedido.pdf');
      await eventually(async () => (await byId('purchase-order-state').getAttribute('data-state')) === 'sent', 'the order is not sent');
      await click('purchase-order-receive');
      await visible('receive-dialog');
      await byId('receive-qty-1').fill('6');
      await click('receive-some');
      await eventually(async () => (await byId('purchase-order-state').getAttribute('data-state')) === 'partial', 'the order is not partly received');
      await shot('order-received');
    }],
    ['the bill from the order starts from what was received and shows the differences', async () => {
      await click('purchase-order-bill');
      await visible('bill-form-screen');
      await eventually(async () => (await byId('bill-line-quantity-1').inputValue()) === '6', 'the bill does not start from the 6 received');
      check((await byId('bill-line-price-1').inputValue()) === '12,00', 'the order price is not carried over');
      await visible('bill-order-no-differences');
      // Billing 7 when 6 came is named as a difference.
      await byId('bill-line-quantity-1').fill('7');
      await eventually(async () => (await byId('bill-order-difference').count()) === 1, 'billing 7 of 6 received shows no difference');
      check(/pedido 10, recibido 6, facturado 7/.test(await textOf('bill-order-difference')), `the difference reads "${await textOf('bill-order-difference')}"`);
      await shot('bill-difference-with-order');
      await byId('bill-line-quantity-1').fill('6');
      await visible('bill-order-no-differences');
    }],
    ['a paper total that the lines do not add up to: the difference is shown and posting is refused', async () => {
      await byId('bill-number').fill('EB-2026/0457');
      // 6 × 12,00 = 72,00 + 21 % = 87,12; the paper says 87,21.
      await byId('bill-total-input').fill('87,21');
      await eventually(async () => /87,12/.test(await textOf('preview-total')), 'the preview does not add up the lines');
      await visible('preview-difference');
      check(/0,09/.test(await textOf('preview-difference')), `the difference reads "${await textOf('preview-difference')}"`);
      await shot('bill-does-not-add-up');
      await click('bill-post');
      await visible('bill-form-screen');
      check(!/bills\/\d+$/.test(ui.page.url()), 'a bill that does not add up was posted');
    }],
    ['the right total posts the bill and the order is billed', async () => {
      await byId('bill-total-input').fill('87,12');
      await visible('preview-matches');
      await click('bill-post');
      await visible('bill-screen');
      billId = Number(/bills\/(\d+)/.exec(ui.page.url())?.[1] ?? 0);
      check(billId > 0, `the address does not name the bill: ${ui.page.url()}`);
      check(/87,12/.test(await textOf('bill-total')), `the bill's total reads "${await textOf('bill-total')}"`);
      const order = await api('get_purchase_order', { id: orderId });
      check(order.state === 'billed', `the order is ${order.state}, not billed`);
      await shot('bill-posted');
    }],
    ['the same supplier number again is refused, naming it', async () => {
      await ui.page.goto(`${ui.baseUrl}/?token=${encodeURIComponent(ui.token)}#/bills/new?supplier=${supplierId}`);
      await visible('bill-form-screen');
      await eventually(async () => (await byId('bill-line-account-1').inputValue()) === '600', 'the supplier\'s expense account is not the default');
      await byId('bill-number').fill('eb 2026-0457');
      await byId('bill-line-description-1').fill('Portes');
      await byId('bill-line-price-1').fill('10');
      await byId('bill-total-input').fill('12,10');
      await visible('preview-matches');
      await click('bill-post');
      await visible('problem-supplier_number');
      check(/EB-2026\/0457/.test(await textOf('problem-supplier_number')), `the refusal reads "${await textOf('problem-supplier_number')}"`);
      await shot('duplicate-number');
    }],
    ['a quick expense in two fields', async () => {
      await click('nav-bills');
      await visible('bills-screen');
      await click('bill-quick');
      await visible('quick-expense');
      await byId('expense-amount').fill('23,40');
      await byId('expense-account').selectOption('624');
      await click('expense-save');
      await eventually(async () => (await byId('quick-expense').count()) === 0, 'the expense dialog stays open');
      await eventually(async () => (await ui.page.getByTestId('bill-row').allInnerTexts()).some((r) => /Gasto/.test(r) && /23,40/.test(r)), 'the expense is not listed');
      await shot('bills-list');
    }],
    ['a payment run pays the bill: the SEPA file validates against pain.001.001.03, then it is confirmed', async () => {
      await click('nav-payment-runs');
      await visible('payment-runs-screen');
      await setDate('payment-run-until', isoPlus(45));
      const ours = ui.page.locator('[data-testid="payment-run-bill"][data-number="EB-2026/0457"]');
      await eventually(async () => (await ours.count()) === 1, 'our bill is not due within 45 days');
      // Pay only ours: untick everything, tick it.
      await byId('payment-run-all').uncheck();
      await ours.locator('input[type="checkbox"]').check();
      await eventually(async () => /1/.test(await textOf('payment-run-ticked')), `the run says "${await textOf('payment-run-ticked')}"`);
      await click('payment-run-prepare');
      await visible('payment-run');
      await eventually(async () => (await byId('payment-run-transfer').count()) === 1, 'the run does not have one transfer');
      check(/87,12/.test(await textOf('payment-run-total')), `the run's total reads "${await textOf('payment-run-total')}"`);
      const xml = await ui.download('payment-run-download', 'remesa.xml');
      const text = fs.readFileSync(xml, 'utf8');
      check(text.includes('ES6621000418401234567891') && text.includes('<InstdAmt Ccy="EUR">87.12</InstdAmt>'), 'the file does not pay our supplier 87.12');
      try {
        validateSepa(xml);
      } catch (e) {
        throw new Error(`the SEPA file is not valid pain.001.001.03: ${e.stderr?.toString() ?? e}`);
      }
      check((await api('get_bill', { id: billId })).open === '87.12', 'preparing the run already paid the bill');
      await shot('run-prepared');
      await click('payment-run-confirm');
      await click('payment-run-confirm-yes');
      await eventually(async () => (await byId('payment-run').getAttribute('data-state')) === 'confirmed', 'the run is not confirmed');
      check((await api('get_bill', { id: billId })).open === '0.00', 'the confirmed run did not pay the bill');
    }],
    ['the supplier\'s card shows the bill paid and nothing owed', async () => {
      await ui.page.goto(`${ui.baseUrl}/?token=${encodeURIComponent(ui.token)}#/suppliers/${supplierId}`);
      await visible('supplier-account');
      await eventually(async () => /0,00/.test(await textOf('supplier-balance')), `the card says ${await textOf('supplier-balance')} owed`);
      await visible('supplier-no-open');
      // The statement on screen: the bill owed, the run's payment, nothing left.
      await click('supplier-statement-show');
      await visible('supplier-statement');
      const st = await textOf('supplier-statement');
      check(/EB-2026\/0457/.test(st) && (st.match(/87,12/g) ?? []).length >= 2, `the statement reads "${st}"`);
      check(/0,00/.test(await textOf('supplier-statement-closing')), 'the statement does not end at 0,00');
      await shot('supplier-card-paid');
    }],
  ],
  {
    onFailure: ui.onFailure,
    onExit: ui.close,
  },
);

/** Checks a SEPA file against the shipped ISO 20022 schema (throws with xmllint's words). */
function validateSepa(file) {
  const xsd = path.join(ROOT, 'crates', 'core', 'tests', 'fixtures', 'pain.001.001.03.xsd');
  execFileSync('xmllint', ['--noout', '--schema', xsd, file], { stdio: 'pipe' });
}
