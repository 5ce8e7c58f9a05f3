// Invoices end-to-end suite: Debian's Chromium against `trastienda serve`, through the real UI:
// a quote for a customer and a product (made through the api) converted into an invoice draft;
// a line edited and the totals per rate the api computed seen; issuing refused with no lines
// and a bad quantity refused under its field; the invoice issued after the warning that it
// becomes immutable, numbered <year>-0001; its PDF downloaded and read with pdftotext (number,
// customer, total, the IBAN set on the "Datos de facturación" screen); a credit note cancelling
// it, numbered R<year>-0001. Before that, the letterhead screen: a bad IBAN refused under its
// field, a file that is no image refused as a logo, the IBAN and a small PNG logo (made here
// with zlib) saved and the logo previewed. After it, a ticket: a simplified invoice without a
// customer, prices with VAT, the 400 € limit said while it is over, issued as T<year>-0001 and
// printed as FACTURA SIMPLIFICADA; then corrected by substitution (its line replaced).
//   node tests/e2e/invoices.spec.mjs        (after scripts/setup.sh; HEADED=1 to watch)
// Screenshots go to tests/e2e/out/invoices-*.png, the PDF and its pages next to them.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
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
let ticketNumber;

// A small valid PNG (RGB, 8 bits, not interlaced): a blue band over an orange one.
function tinyPng(w = 48, h = 16) {
  const chunk = (type, data) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(td) >>> 0);
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const rows = [];
  for (let y = 0; y < h; y++) {
    const row = Buffer.alloc(1 + 3 * w);
    for (let x = 0; x < w; x++) row.set(y < h / 2 ? [30, 80, 160] : [230, 130, 30], 1 + 3 * x);
    rows.push(row);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function pdfText(pdf) {
  const head = fs.readFileSync(pdf).subarray(0, 5).toString('latin1');
  check(head === '%PDF-', `the PDF does not start with %PDF- (${JSON.stringify(head)})`);
  const txt = spawnSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
  check(txt.status === 0, `pdftotext could not read ${pdf}: ${txt.stderr}`);
  return txt.stdout;
}

await suite(
  'e2e invoices (Chromium against `trastienda serve`: letterhead, quote, draft, issue, PDF, credit notes, ticket)',
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
    }],
    ['Datos de facturación: a bad IBAN is refused under its field, a non-image logo with its reason', async () => {
      await click('nav-invoice-profile');
      await visible('invoice-profile-screen');
      check(/Datos de facturación/.test(await textOf('nav-invoice-profile')), 'the nav entry does not read "Datos de facturación"');
      await byId('profile-iban').fill('ES9121000418450200051333');
      await byId('profile-email').fill('admin@sur.example');
      await click('profile-save');
      await visible('problem-iban');
      check(/dígitos de control/.test(await textOf('problem-iban')), `the IBAN problem reads "${await textOf('problem-iban')}"`);
      check((await api('invoice_profile')).iban === '', 'the bad IBAN was stored');
      await byId('profile-logo-file').setInputFiles({ name: 'logo.svg', mimeType: 'image/png', buffer: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>') });
      await visible('problem-logo');
      check(/no es una imagen PNG ni JPEG/.test(await textOf('problem-logo')), `the logo problem reads "${await textOf('problem-logo')}"`);
      check((await byId('profile-logo-preview').count()) === 0, 'a preview was shown for a file that is no image');
      await shot('profile-bad');
    }],
    ['Datos de facturación: the IBAN and a PNG logo saved, the logo previewed', async () => {
      await byId('profile-iban').fill('es91 2100 0418 4502 0005 1332');
      check((await byId('problem-iban').count()) === 0, 'the IBAN problem stayed after editing the field');
      await byId('profile-logo-file').setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: tinyPng() });
      await visible('profile-logo-preview');
      check((await byId('problem-logo').count()) === 0, 'a valid PNG was refused');
      await byId('profile-footer').fill('Inscrita en el Registro Mercantil de Valencia');
      await click('profile-save');
      await eventually(async () => (await api('invoice_profile')).iban === 'ES91 2100 0418 4502 0005 1332', 'the IBAN was never stored');
      const p = await api('invoice_profile');
      check(Buffer.from(p.logo_base64, 'base64').equals(tinyPng()), 'the stored logo is not the PNG chosen');
      check((await byId('problem-iban').count()) === 0, 'an IBAN problem is shown after saving');
      await visible('profile-logo-preview');
      const natural = await byId('profile-logo-preview').evaluate((img) => img.naturalWidth);
      check(natural === 48, `the preview did not load the logo (natural width ${natural})`);
      await shot('profile-saved');
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
      const txt = pdfText(pdf);
      for (const want of [invoiceNumber, 'Talleres Ruiz SL', '87654321X', 'Facturación Sur SL', '435,60', 'ES91 2100 0418 4502 0005 1332', 'Registro Mercantil de Valencia']) {
        check(txt.includes(want), `the PDF's text has no "${want}":\n${txt.slice(0, 1500)}`);
      }
      const images = spawnSync('pdfimages', ['-list', pdf], { encoding: 'utf8' });
      if (images.status === 0) check(/\b48\s+16\b/.test(images.stdout), `the PDF embeds no 48×16 logo:\n${images.stdout}`);
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
    ['a ticket: simplified, no customer, prices with VAT; over 400 € it says so', async () => {
      await click('nav-invoices');
      await visible('invoices-screen');
      await click('invoice-new');
      await visible('invoice-screen');
      await byId('invoice-kind').selectOption('simplified');
      await eventually(async () => /simplificada/i.test(await textOf('invoice-title')), `the draft title does not say simplified: "${await textOf('invoice-title')}"`);
      check(await byId('invoice-prices-include-vat').isChecked(), 'a ticket does not default to prices with VAT included');
      check(/Sin cliente/.test(await byId('invoice-customer').locator('option:checked').textContent()), 'the customer picker does not offer "Sin cliente"');
      await visible('invoice-simplified-hint');
      await byId('line-description-1').fill('Revisión de equipo');
      await byId('line-quantity-1').fill('5');
      await byId('line-price-1').fill('121');
      // 5 × 121,00 with VAT = 605,00: over the limit, said before issuing.
      await eventually(async () => /605,00/.test(await textOf('total-total')), `the ticket total never became 605,00 ("${await textOf('total-total')}")`);
      await visible('invoice-simplified-over');
      check(/400,00/.test(await textOf('invoice-simplified-over')), `the limit message reads "${await textOf('invoice-simplified-over')}"`);
      await click('invoice-issue');
      await visible('issue-dialog');
      await click('issue-confirm');
      await visible('problem-total');
      check(/no puede superar 400,00/.test(await textOf('problem-total')), `the refusal reads "${await textOf('problem-total')}"`);
      await shot('ticket-over');
      await byId('line-quantity-1').fill('2');
      // 2 × 121,00 with VAT 21 %: base 200,00, VAT 42,00, total 242,00.
      await eventually(async () => /242,00/.test(await textOf('total-total')), `the ticket total never became 242,00 ("${await textOf('total-total')}")`);
      check(/200,00/.test(await textOf('total-base')), `the base is not 200,00: "${await textOf('total-base')}"`);
      check((await byId('invoice-simplified-over').count()) === 0, 'the limit message stayed under the limit');
      await shot('ticket-draft');
    }],
    ['the ticket is issued in series T and prints as a simplified invoice', async () => {
      await click('invoice-issue');
      await visible('issue-dialog');
      check((await textOf('issue-confirm-text')).includes(`T${year}-0001`), `the confirmation does not name T${year}-0001: "${await textOf('issue-confirm-text')}"`);
      await click('issue-confirm');
      await eventually(async () => (await textOf('invoice-number').catch(() => '')) === `T${year}-0001`, `the ticket is not numbered T${year}-0001`);
      ticketNumber = await textOf('invoice-number');
      check(/Factura simplificada/.test(await textOf('invoice-title')), `the title reads "${await textOf('invoice-title')}"`);
      const v = await api('get_invoice', { number: ticketNumber });
      check(v.kind === 'simplified' && v.customer_id === null && v.total === '242.00', `the ticket is ${JSON.stringify({ kind: v.kind, customer: v.customer_id, total: v.total })}`);
      await shot('ticket-issued');
      const pdf = await download('invoice-save-pdf', `ticket-${ticketNumber}.pdf`);
      const txt = pdfText(pdf);
      for (const want of ['FACTURA SIMPLIFICADA', ticketNumber, '242,00', 'Facturación Sur SL']) {
        check(txt.includes(want), `the ticket's PDF has no "${want}":\n${txt.slice(0, 1500)}`);
      }
      spawnSync('pdftoppm', ['-r', '70', '-png', pdf, path.join(OUT_DIR, 'invoices-ticket-page')]);
    }],
    ['a credit note by substitution: the new line replaces the ticket’s', async () => {
      await click('invoice-credit');
      await visible('credit-dialog');
      await click('credit-substitution');
      await visible('credit-lines');
      check((await byId('line-description-1').inputValue()) === 'Revisión de equipo', 'the substitution does not start from the ticket’s lines');
      await byId('line-price-1').fill('96,80');
      await byId('credit-explanation').fill('Precio acordado: 96,80 con IVA');
      await shot('credit-substitution');
      await click('credit-issue');
      await eventually(async () => /^R\d{4}-0002$/.test(await textOf('invoice-number').catch(() => '')), `the substitution credit note is not numbered R${year}-0002`);
      const cn = await api('get_invoice', { number: `R${year}-0002` });
      check(cn.correction?.method === 'substitution', `the credit note's method is ${cn.correction?.method}`);
      // 2 × 96,80 instead of 2 × 121,00: -48,40.
      check(cn.total === '-48.40', `the substitution's total is ${cn.total}, not -48.40`);
      check(new RegExp(ticketNumber).test(await textOf('invoice-corrects')), 'the credit note does not cite the ticket');
      await shot('credit-substituted');
    }],
  ],
  {
    onFailure: ui.onFailure,
    onExit: ui.close,
  },
);
