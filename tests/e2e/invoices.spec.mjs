// Invoices end-to-end suite: Debian's Chromium against `trastienda serve`, through the real UI:
// a quote for a customer and a product (made through the api) converted into an invoice draft;
// a line edited and the totals per rate the api computed seen; issuing refused with no lines
// and a bad quantity refused under its field; the invoice issued after the warning that it
// becomes immutable, numbered <year>-0001; its PDF downloaded and read with pdftotext (number,
// customer, total); a credit note cancelling it, numbered R<year>-0001.
//   node tests/e2e/invoices.spec.mjs        (after scripts/setup.sh; HEADED=1 to watch)
// Screenshots go to tests/e2e/out/invoices-*.png, the PDF and its pages next to them.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { BrowserSession, chromiumMissing } from './browser.mjs';
import { CLI, OUT_DIR, check, eventually, requireFile, run, suite, tempDir } from './lib.mjs';

const tmp = tempDir('invoices');
const dataDir = path.join(tmp, 'data');
const company = path.join(tmp, 'facturas.trastienda');
const env = { ...process.env, TRASTIENDA_DATA_DIR: dataDir, RUST_BACKTRACE: '1' };
fs.mkdirSync(dataDir, { recursive: true });

const ui = new BrowserSession('invoices');
const { shot, api, byId, visible, textOf, click, download } = ui;

const year = new Date().getFullYear();
let customerId;
let invoiceNumber;

await suite(
  'e2e invoices (Chromium against `trastienda serve`: quote, draft, issue, PDF, credit note)',
  [
    ['the CLI, Chromium and pdftotext are there', () => {
      requireFile(CLI, 'run scripts/setup.sh (cargo build --workspace --bins)');
      check(!chromiumMissing(), chromiumMissing());
      check(spawnSync('pdftotext', ['-v']).status === 0, 'pdftotext (poppler-utils) is missing');
    }],
    ['`trastienda init` makes "Facturación Sur SL"; a customer and a product through the api', async () => {
      run(CLI, ['init', '--company', company, '--name', 'Facturación Sur SL', '--tax-id', 'B12345674', '--template', 'es-pymes'], { env });
      await ui.serve(company, env);
      await ui.open();
      await eventually(async () => (await textOf('company-name')).includes('Facturación Sur SL'), 'the top bar never showed the company');
      const c = await api('save_customer', {
        customer: {
          legal_name: 'Talleres Ruiz SL', trade_name: null, country: 'ES', tax_id: '87654321X', address: 'Avenida del Puerto 12',
          postal_code: '46023', city: 'Valencia', province: 'Valencia', shipping_address: null, email: null, phone: null,
          payment_days: 30, payment_days_of_month: null, treatment: 'domestic', exemption_cause: null, iban: null, account: null,
          notes: '', contacts: [],
        },
      });
      customerId = c.id;
      await api('save_product', { code: 'MANT', description: 'Mantenimiento mensual de equipos', unit_price: '120.00', tax: '21' });
      await api('set_invoice_profile', { iban: 'ES9121000418450200051332', email: 'admin@sur.example', phone: '', invoice_footer: '', logo_base64: '' });
    }],
    ['Presupuestos: a quote with the product, saved with its number and total', async () => {
      await click('nav-quotes');
      await visible('quotes-screen');
      check(/Presupuestos/.test(await textOf('nav-quotes')), 'the nav entry does not read "Presupuestos"');
      await click('quote-new');
      await visible('quote-form');
      await byId('quote-customer').selectOption(String(customerId));
      await eventually(async () => (await byId('line-product-1').locator('option').count()) > 1, 'the product picker never listed the catalogue');
      await byId('line-product-1').selectOption({ label: 'MANT – Mantenimiento mensual de equipos' });
      check((await byId('line-description-1').inputValue()) === 'Mantenimiento mensual de equipos', 'picking the product did not fill the description');
      check((await byId('line-price-1').inputValue()) === '120,00', `picking the product did not fill the price: "${await byId('line-price-1').inputValue()}"`);
      await byId('line-quantity-1').fill('2');
      await click('quote-save');
      await visible(`quote-row-P${year}-0001`);
      await eventually(async () => /290,40/.test(await textOf('quote-totals')), 'the quote total is not 290,40 (2 × 120,00 + 21 %)');
      await shot('quote');
    }],
    ['convert the quote into an invoice draft', async () => {
      await click(`quote-convert-P${year}-0001`);
      await visible('invoice-screen');
      await eventually(async () => /Borrador/.test(await textOf('invoice-title')), 'the converted invoice is not shown as a draft');
      check((await byId('line-description-1').inputValue()) === 'Mantenimiento mensual de equipos', 'the draft did not take the quote line');
      await eventually(async () => /290,40/.test(await textOf('total-total')), 'the draft total is not 290,40');
    }],
    ['edit a line: the totals per rate come back from the api', async () => {
      await byId('line-quantity-1').fill('3');
      await click('line-add');
      await byId('line-description-2').fill('Desplazamiento');
      await byId('line-price-2').fill('40');
      await byId('line-tax-2').selectOption('10');
      // 3 × 120,00 = 360,00 at 21 % (75,60) + 40,00 at 10 % (4,00): total 479,60.
      await eventually(async () => /479,60/.test(await textOf('total-total')), `the total never became 479,60 (shows "${await textOf('total-total')}")`);
      check(/75,60/.test(await textOf('tax-row-21')), `the 21 % row does not show VAT 75,60: "${await textOf('tax-row-21')}"`);
      check(/4,00/.test(await textOf('tax-row-10')), `the 10 % row does not show VAT 4,00: "${await textOf('tax-row-10')}"`);
      check(/360,00/.test(await textOf('line-amount-1')), 'line 1 does not show its amount 360,00');
      await shot('draft-totals');
    }],
    ['issuing with no lines is refused, saying why', async () => {
      await click('line-remove-2');
      await click('line-remove-1');
      await eventually(async () => /guardado/i.test(await textOf('invoice-status')), 'the draft without lines was never saved');
      await click('invoice-issue');
      await visible('issue-dialog');
      await click('issue-confirm');
      await visible('problem-lines');
      check(/al menos una línea/.test(await textOf('problem-lines')), `the refusal does not say a line is needed: "${await textOf('problem-lines')}"`);
      check((await api('list_invoices', { state: 'issued' })).length === 0, 'an invoice was issued without lines');
      await shot('no-lines');
    }],
    ['a bad quantity is refused under its field', async () => {
      await click('line-add');
      await byId('line-product-1').selectOption({ label: 'MANT – Mantenimiento mensual de equipos' });
      await byId('line-quantity-1').fill('dos');
      await visible('problem-1-quantity');
      check(/Cantidad no válida/.test(await textOf('problem-1-quantity')), `the quantity problem reads "${await textOf('problem-1-quantity')}"`);
      await shot('bad-quantity');
      await byId('line-quantity-1').fill('3');
      await eventually(async () => /435,60/.test(await textOf('total-total')), 'the total never became 435,60 (3 × 120,00 + 21 %)');
      check((await byId('problem-1-quantity').count()) === 0, 'the quantity problem stayed after the fix');
    }],
    ['issue: the warning says it becomes immutable and takes the next number', async () => {
      await click('invoice-issue');
      await visible('issue-dialog');
      const said = await textOf('issue-confirm-text');
      check(said.includes(`${year}-0001`) && /no podrá modificarse/.test(said), `the confirmation does not name ${year}-0001 and say it becomes immutable: "${said}"`);
      await shot('issue-confirm');
      await click('issue-confirm');
      await eventually(async () => (await textOf('invoice-number')) === `${year}-0001`, `the issued invoice does not show number ${year}-0001`);
      invoiceNumber = await textOf('invoice-number');
      await visible('invoice-immutable');
      check(/^[0-9A-F]{64}$/.test(await textOf('invoice-fingerprint')), 'the register fingerprint is not 64 upper-case hex');
      await visible('invoice-entry');
      check(/435,60/.test(await textOf('total-open')), 'the open amount is not 435,60');
      await shot('issued');
    }],
    ['the PDF carries the number, the customer and the total', async () => {
      const pdf = await download('invoice-save-pdf', `factura-${invoiceNumber}.pdf`);
      const head = fs.readFileSync(pdf).subarray(0, 5).toString('latin1');
      check(head === '%PDF-', `the PDF does not start with %PDF- (${JSON.stringify(head)})`);
      const txt = spawnSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
      check(txt.status === 0, `pdftotext could not read ${pdf}: ${txt.stderr}`);
      for (const want of [invoiceNumber, 'Talleres Ruiz SL', '87654321X', 'Facturación Sur SL', '435,60', 'ES91 2100 0418 4502 0005 1332']) {
        check(txt.stdout.includes(want), `the PDF's text has no "${want}":\n${txt.stdout.slice(0, 1500)}`);
      }
      spawnSync('pdftoppm', ['-r', '70', '-png', pdf, path.join(OUT_DIR, 'invoices-pdf-page')]);
    }],
    ['the list shows it issued with its total and open amount', async () => {
      await click('nav-invoices');
      await visible('invoices-screen');
      check(/Facturas/.test(await textOf('nav-invoices')), 'the nav entry does not read "Facturas"');
      await visible(`invoice-open-${invoiceNumber}`);
      await eventually(async () => /Emitidas: 1 · total 435,60\s€ · pendiente 435,60\s€/.test(await textOf('invoices-totals')), `the totals line reads "${await textOf('invoices-totals')}"`);
      await shot('list');
      await click(`invoice-open-${invoiceNumber}`);
      await visible('invoice-number');
    }],
    ['a credit note cancelling it takes its own R number', async () => {
      await click('invoice-credit');
      await visible('credit-dialog');
      await click('credit-issue');
      await visible('problem-explanation');
      await byId('credit-explanation').fill('Servicio no prestado');
      await shot('credit-dialog');
      await click('credit-issue');
      await eventually(async () => (await textOf('invoice-number').catch(() => '')) === `R${year}-0001`, `the credit note is not numbered R${year}-0001`);
      check(new RegExp(invoiceNumber).test(await textOf('invoice-corrects')), 'the credit note does not cite the invoice it corrects');
      check(/-435,60|−435,60/.test(await textOf('total-total')), `the credit note's total is not -435,60: "${await textOf('total-total')}"`);
      const orig = await api('get_invoice', { number: invoiceNumber });
      check(orig.open === '0.00', `the cancelled invoice still has ${orig.open} open`);
      await shot('credit-note');
    }],
  ],
  {
    onFailure: ui.onFailure,
    onExit: ui.close,
  },
);
