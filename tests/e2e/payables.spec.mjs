// Payables end-to-end suite: Debian's Chromium against `trastienda serve` on the demo company,
// through the real UI under "Compras": the payables aging has figures and exports its PDF; a
// payment made for one open bill (ticked, amount prefilled) is listed with the bill it paid; what
// a payment does not apply is said to stay as an advance; a blocked supplier is refused; a
// payment run up to 60 days ahead shows its transfers and that nothing is paid yet, saves the
// SEPA XML, is confirmed through a dialog that says what will be posted, and is listed as
// confirmed; the VAT input summary of the year has an intra-EU (reverse charge) row.
//   node tests/e2e/payables.spec.mjs        (after scripts/setup.sh; HEADED=1 to watch)
// Screenshots go to tests/e2e/out/payables-*.png.
import fs from 'node:fs';
import path from 'node:path';
import { BrowserSession, chromiumMissing } from './browser.mjs';
import { CLI, check, eventually, requireFile, run, suite, tempDir } from './lib.mjs';

const tmp = tempDir('payables');
const dataDir = path.join(tmp, 'data');
const company = path.join(tmp, 'demo.trastienda');
const env = { ...process.env, TRASTIENDA_DATA_DIR: dataDir, RUST_BACKTRACE: '1' };
fs.mkdirSync(dataDir, { recursive: true });

const ui = new BrowserSession('payables');
const { shot, api, byId, visible, textOf, click } = ui;

/** Types a date into a DateInput (its test id is on the <data> around the input). */
async function setDate(id, iso) {
  await (await visible(id)).fill(iso);
  await eventually(async () => (await byId(id).first().evaluate((el) => el.value)) === iso, `[data-testid=${id}] did not take ${iso}`);
}

function isoPlus(days) {
  const d = new Date();
  d.setDate(d.getDate() + days);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

let paid = null;

await suite(
  'e2e payables (Chromium against `trastienda serve`: aging, a payment made, a SEPA payment run, VAT input)',
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
    }],
    ['Antigüedad proveedores: figures per supplier, names link to the card, the PDF exports', async () => {
      await click('nav-payables-aging');
      await visible('payables-aging-table');
      check(/Antigüedad prov/.test(await textOf('nav-payables-aging')), `the nav entry reads "${await textOf('nav-payables-aging')}"`);
      check(/Antigüedad de saldos de proveedores/.test(await ui.page.locator('h1').innerText()), 'the screen has no title');
      const total = await ui.page.locator('[data-testid="payables-aging-total"] [data-col="total"]').innerText();
      check(/\d/.test(total) && !/^0,00/.test(total.trim()), `the aging total reads "${total}"`);
      check((await byId('payables-aging-row').count()) > 0, 'no supplier in the aging');
      const href = await byId('payables-aging-supplier').first().getAttribute('href');
      check(/^#\/suppliers\/\d+$/.test(href ?? ''), `a supplier links to ${href}`);
      await shot('aging');
      const file = await ui.download('export-pdf', 'payables-aging.pdf');
      check(fs.readFileSync(file).subarray(0, 5).toString() === '%PDF-', 'the aging export is not a PDF');
    }],
    ['Pagos: a payment for one open bill, ticked with its open amount, is listed with the bill', async () => {
      const open = (await api('open_bills', {})).filter((o) => !o.open.startsWith('-') && o.open !== '0.00');
      check(open.length > 1, `the demo has ${open.length} open bills`);
      paid = open[0];
      await click('nav-supplier-payments');
      await visible('supplier-payments-screen');
      check(/Pagos/.test(await textOf('nav-supplier-payments')), `the nav entry reads "${await textOf('nav-supplier-payments')}"`);
      await eventually(async () => (await byId('supplier-payment-supplier').locator('option').count()) > 1, 'no supplier to pick');
      await byId('supplier-payment-supplier').selectOption(String(paid.supplier_id));
      const row = ui.page.locator(`[data-testid="supplier-payment-bill"][data-number="${paid.supplier_number}"]`);
      await row.waitFor({ state: 'visible', timeout: 15_000 });
      await row.getByTestId('supplier-payment-bill-pay').check();
      const amount = await byId('supplier-payment-amount').inputValue();
      check(amount !== '' && amount === (await row.getByTestId('supplier-payment-bill-amount').inputValue()), `the amount "${amount}" does not follow the ticked bill`);
      await byId('supplier-payment-reference').fill('Transferencia e2e');
      await shot('payment-form');
      await click('supplier-payment-record');
      await eventually(
        async () => (await ui.page.locator('[data-testid="supplier-payment-row"]', { hasText: 'Transferencia e2e' }).count()) === 1,
        'the payment is not listed',
      );
      const listed = await ui.page.locator('[data-testid="supplier-payment-row"]', { hasText: 'Transferencia e2e' }).innerText();
      check(listed.includes(paid.supplier_number) && listed.includes(paid.supplier_name), `the payment row reads "${listed}"`);
      const left = (await api('open_bills', { supplier_id: paid.supplier_id })).filter((o) => o.bill_id === paid.bill_id && o.open !== '0.00');
      check(left.length === 0, `bill ${paid.supplier_number} is still open`);
      await shot('payment-listed');
    }],
    ['Pagos: what is not applied is said to stay as an advance; a blocked supplier is refused, the reason shown', async () => {
      const power = (await api('list_suppliers', { query: 'Eléctrica', page_size: 5 })).rows[0];
      check(power, 'the demo has no electricity supplier');
      await byId('supplier-payment-supplier').selectOption(String(power.id));
      await visible('supplier-payment-no-open');
      await byId('supplier-payment-amount').fill('50,00');
      await visible('supplier-payment-advance-preview');
      await click('supplier-payment-record');
      await visible('supplier-payment-notice');
      check(/50,00\s€ como anticipo/.test(await textOf('supplier-payment-notice')), `the notice reads "${await textOf('supplier-payment-notice')}"`);
      await shot('advance');
      await api('set_supplier_status', { id: power.id, blocked: true, reason: 'Facturación duplicada' });
      await ui.page.reload();
      await visible('supplier-payments-screen');
      await eventually(async () => (await byId('supplier-payment-supplier').locator('option').count()) > 1, 'no supplier to pick');
      await byId('supplier-payment-supplier').selectOption(String(power.id));
      check(/Facturación duplicada/.test(await textOf('supplier-payment-blocked')), 'the form does not warn that the supplier is blocked');
      await byId('supplier-payment-amount').fill('10,00');
      await click('supplier-payment-record');
      const said = await textOf('problem-supplier_id');
      check(/bloqueado/i.test(said) && /Facturación duplicada/.test(said), `the refusal reads "${said}"`);
      await shot('blocked');
      await api('set_supplier_status', { id: power.id, blocked: false });
    }],
    ['Remesa de pagos: prepared up to 60 days ahead, not paid yet, XML saved, confirmed', async () => {
      await click('nav-payment-runs');
      await visible('payment-runs-screen');
      check(/nada queda pagado hasta que confirme/i.test(await textOf('payment-run-intro')), 'the screen does not say nothing is paid until confirmed');
      await setDate('payment-run-until', isoPlus(60));
      await eventually(async () => (await byId('payment-run-bill').count()) > 0, 'no bill due within 60 days');
      const boxes = await ui.page.locator('[data-testid="payment-run-bill"] input[type="checkbox"]').evaluateAll((els) => els.map((e) => e.checked));
      check(boxes.every(Boolean), 'the bills due are not all ticked');
      check((await ui.page.locator(`[data-testid="payment-run-bill"][data-number="${paid.supplier_number}"]`).count()) === 0, 'the bill just paid is still due');
      await shot('run-due');
      await click('payment-run-prepare');
      await visible('payment-run');
      await eventually(async () => (await byId('payment-run-transfer').count()) > 0, 'the run has no transfer');
      check((await byId('payment-run').getAttribute('data-state')) === 'prepared', 'the run is not prepared');
      check(/sin pagar/.test(await textOf('payment-run-not-paid')), 'the run does not say it is not paid yet');
      await shot('run-prepared');
      const xml = await ui.download('payment-run-download', 'remesa.xml');
      const body = fs.readFileSync(xml, 'utf8');
      check(body.includes('pain.001') && body.includes('<CdtTrfTxInf>'), `the download is not a SEPA credit transfer file: ${body.slice(0, 120)}`);
      await click('payment-run-confirm');
      await visible('payment-run-confirm-dialog');
      const said = await textOf('payment-run-confirm-dialog');
      check(/Se registrarán \d+ pagos/.test(said), `the confirm dialog says "${said}"`);
      await shot('run-confirm-dialog');
      await click('payment-run-confirm-yes');
      await eventually(async () => (await byId('payment-run').getAttribute('data-state')) === 'confirmed', 'the run is not confirmed');
      check(/Confirmada/.test(await textOf('payment-run-state')), `the run's state reads "${await textOf('payment-run-state')}"`);
      await eventually(async () => (await ui.page.locator('[data-testid="payment-run-row"][data-state="confirmed"]').count()) === 1, 'the past runs do not list it confirmed');
      await eventually(async () => (await byId('payment-run-bill').count()) === 0, 'the bills paid are still listed as due');
      await shot('run-confirmed');
    }],
    ['IVA soportado of the year has an intra-EU (reverse charge) row', async () => {
      await click('nav-vat-input');
      await visible('vat-input-screen');
      await click('vat-input-quick-year');
      await eventually(async () => (await byId('vat-input-quick-year').getAttribute('aria-pressed')) === 'true', 'the year is not picked');
      await eventually(
        async () => (await byId('vat-input-row').allInnerTexts()).some((r) => r.includes('Intracomunitaria (ISP)')),
        'no Intracomunitaria row for the year',
      );
      check(Number(await textOf('vat-input-bills')) > 0, 'no bills counted');
      await shot('vat-input');
    }],
  ],
  {
    onFailure: ui.onFailure,
    onExit: ui.close,
  },
);
