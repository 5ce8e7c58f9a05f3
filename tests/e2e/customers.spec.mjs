// Customers end-to-end suite: Debian's Chromium against `trastienda serve`, through the real UI:
// a customer refused for a wrong NIF (the reason under the tax id), fixed and saved; its card;
// a contact added and an edit seen; the list searched; a CSV import with one bad row refused
// whole (that row's line number and problem shown, nothing written), then imported once fixed;
// the export downloaded and read back; a product refused for a bad price, fixed and listed;
// and a customer deactivated (gone from the list, back with "Mostrar inactivos").
//   node tests/e2e/customers.spec.mjs        (after scripts/setup.sh; HEADED=1 to watch)
// Screenshots go to tests/e2e/out/customers-*.png.
import fs from 'node:fs';
import path from 'node:path';
import { BrowserSession, chromiumMissing } from './browser.mjs';
import { CLI, check, eventually, requireFile, run, suite, tempDir } from './lib.mjs';

const tmp = tempDir('customers');
const dataDir = path.join(tmp, 'data');
const company = path.join(tmp, 'clientes.trastienda');
const env = { ...process.env, TRASTIENDA_DATA_DIR: dataDir, RUST_BACKTRACE: '1' };
fs.mkdirSync(dataDir, { recursive: true });

const ui = new BrowserSession('customers');
const { shot, api, byId, visible, textOf, click } = ui;

const rowsShown = async () => byId('customer-row').count();
const rowNames = async () => (await byId('customer-row').allInnerTexts()).map((s) => s.trim());
const customerTotal = async (inactive = false) => (await api('list_customers', { include_inactive: inactive, page_size: 500 })).total;

/** Feeds `csv` to the import control (a hidden file input behind the "Importar CSV…" button). */
async function importCsv(name, csv) {
  const input = ui.page.getByTestId('customers-import-file');
  check((await input.count()) === 1, 'the customers screen has no file input for the import');
  await input.setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
}

const HEADER = 'legal_name,trade_name,country,tax_id,city,email,payment_days';
const GOOD_ROWS = [
  'Ferretería Ortiz SL,Ferretería Ortiz,ES,00000000T,Zaragoza,compras@ortiz.example,30',
  'Panadería Luna SL,,ES,11111111H,Huesca,,0',
  'Müller GmbH,,DE,DE123456789,Berlin,einkauf@mueller.example,60',
];
// Line 3 of the file (the header is line 1): a Spanish NIF whose control letter is wrong.
const BAD_LINE = 'Panadería Luna SL,,ES,11111111A,Huesca,,0';

let firstId;

await suite(
  'e2e customers (Chromium against `trastienda serve`: customers, contacts, CSV, catalogue)',
  [
    ['the CLI and Chromium are there', () => {
      requireFile(CLI, 'run scripts/setup.sh (cargo build --workspace --bins)');
      check(!chromiumMissing(), chromiumMissing());
    }],
    ['`trastienda init` makes "Ventas Norte SL" and `serve` opens it', async () => {
      run(CLI, ['init', '--company', company, '--name', 'Ventas Norte SL', '--tax-id', 'B12345674', '--template', 'es-pymes'], { env });
      await ui.serve(company, env);
      await ui.open();
      await eventually(async () => (await textOf('company-name')).includes('Ventas Norte SL'), 'the top bar never showed "Ventas Norte SL"');
    }],
    ['Clientes opens on an empty list that says so', async () => {
      await click('nav-customers');
      await visible('customers-screen');
      check(/Clientes/.test(await textOf('nav-customers')), `the nav entry reads "${await textOf('nav-customers')}", expected "Clientes"`);
      await eventually(async () => /0 clientes/.test(await textOf('customers-count')), 'the count never said "0 clientes"');
      check((await rowsShown()) === 0, 'a new company lists customers');
      check(/todavía no hay clientes/i.test(await ui.page.locator('[data-testid="customers-screen"] .empty').innerText()), 'the empty list does not say there are no customers yet');
      await shot('empty-list');
    }],
    ['a wrong NIF is refused with its reason under the tax id field', async () => {
      await click('customer-new');
      await visible('customer-form');
      await byId('customer-legal-name').fill('Talleres Gómez SL');
      await byId('customer-tax-id').fill('12345678A'); // the control letter of 12345678 is Z
      // The live check says it as it is typed...
      await eventually(async () => /letra de control|control/i.test(await textOf('tax-id-live')), 'the live check never said the control letter is wrong');
      await byId('customer-city').fill('Bilbao');
      await byId('customer-email').fill('admin@gomez.example');
      await click('customer-save');
      // ...and saving shows the server's refusal under that field, naming the expected letter.
      await visible('problem-tax_id');
      const said = await textOf('problem-tax_id');
      check(/Z/.test(said), `the tax id problem does not name the expected letter Z: "${said}"`);
      const under = await ui.page.locator('label.field', { has: byId('customer-tax-id') }).getByTestId('problem-tax_id').count();
      check(under === 1, 'the tax id problem is not inside the tax id field');
      check((await customerTotal(true)) === 0, 'the refused customer was saved anyway');
      check(await byId('customer-tax-id').getAttribute('aria-invalid') === 'true', 'the tax id field is not marked invalid');
      await shot('wrong-nif');
    }],
    ['fixed, it saves and opens its card', async () => {
      await byId('customer-tax-id').fill('12345678Z');
      await eventually(async () => /válido|valid/i.test(await textOf('tax-id-live')), 'the live check never said the fixed NIF is valid');
      await click('customer-save');
      await visible('customer-details');
      await eventually(async () => /#\/customers\/\d+$/.test(ui.page.url()), `the card's address is not #/customers/<id>: ${ui.page.url()}`);
      firstId = Number(ui.page.url().match(/(\d+)$/)[1]);
      check(/Talleres Gómez SL/.test(await ui.page.locator('[data-testid="customer-screen"] h1').innerText()), 'the card is not titled with the legal name');
      check(/12345678Z/.test(await textOf('customer-card-tax-id')), `the card shows the tax id "${await textOf('customer-card-tax-id')}"`);
      check(/Bilbao/.test(await textOf('customer-details')), 'the card does not show the city');
      check(/Cliente guardado/.test(await textOf('notice')), `the notice does not say the customer was saved: "${await textOf('notice')}"`);
      check((await customerTotal()) === 1, 'the customer is not in the company');
      await shot('card');
    }],
    ['add a contact: the card lists it', async () => {
      await click('customer-edit');
      await visible('customer-form');
      check((await byId('customer-legal-name').inputValue()) === 'Talleres Gómez SL', 'the edit form is not filled with the customer');
      await click('contact-add');
      const contact = byId('contact-row').last();
      await contact.getByTestId('contact-name').fill('Ana Gómez');
      await contact.getByTestId('contact-role').fill('Administración');
      await contact.getByTestId('contact-email').fill('ana@gomez.example');
      await shot('contact-form');
      await click('customer-save');
      await visible('customer-card-contacts');
      const contacts = await textOf('customer-card-contacts');
      check(/Ana Gómez/.test(contacts) && /Administración/.test(contacts) && /ana@gomez\.example/.test(contacts), `the card's contacts read "${contacts}"`);
      const saved = await api('get_customer', { id: firstId });
      check(saved.customer.fields.contacts.length === 1, `the stored customer has ${saved.customer.fields.contacts.length} contacts, expected 1`);
      await shot('contact-added');
    }],
    ['edit the customer: the card shows the change', async () => {
      await click('customer-edit');
      await visible('customer-form');
      await byId('customer-trade-name').fill('Talleres Gómez');
      await byId('customer-city').fill('Getxo');
      await byId('customer-payment-days').fill('45');
      await click('customer-save');
      await visible('customer-details');
      await eventually(async () => /Getxo/.test(await textOf('customer-details')), 'the card never showed the new city');
      const details = await textOf('customer-details');
      check(/Talleres Gómez\b/.test(details), 'the card does not show the trade name');
      check(/45 días/.test(details), `the card does not show "45 días" of payment: "${details}"`);
      check(!/Bilbao/.test(details), 'the card still shows the old city');
      const saved = await api('get_customer', { id: firstId });
      check(saved.customer.fields.city === 'Getxo' && saved.customer.fields.payment_days === 45, `the stored customer is ${JSON.stringify(saved.customer.fields)}`);
      check(saved.customer.fields.contacts.length === 1, 'editing lost the contact');
      await shot('edited');
    }],
    ['a CSV with one bad row is refused whole: that row and its problem are named, nothing is imported', async () => {
      await click('customer-back');
      await visible('customers-screen');
      await eventually(async () => (await rowsShown()) === 1, 'the list does not show the one customer');
      await importCsv('clientes-mal.csv', [HEADER, GOOD_ROWS[0], BAD_LINE, GOOD_ROWS[2]].join('\n') + '\n');
      await visible('import-problems');
      const rows = byId('import-problem-row');
      await eventually(async () => (await rows.count()) >= 1, 'the import report lists no row');
      check((await rows.count()) === 1, `the import report lists ${await rows.count()} rows, expected only line 3`);
      check((await rows.first().getAttribute('data-row')) === '3', `the report names row ${await rows.first().getAttribute('data-row')}, expected 3 (the header is line 1)`);
      const said = await rows.first().innerText();
      check(/3/.test(said), `the report line does not show the number 3: "${said}"`);
      check(/NIF|letra de control|tax/i.test(said), `the report line does not say what is wrong with the NIF: "${said}"`);
      const report = await textOf('import-problems');
      check(/no se ha importado nada/i.test(report) && report.includes('clientes-mal.csv'), `the report does not say nothing was imported from clientes-mal.csv: "${report}"`);
      check(/columna\s+tax_id/.test(said), `the report line does not name the column tax_id: "${said}"`);
      check((await customerTotal(true)) === 1, 'a refused import wrote customers');
      check((await rowsShown()) === 1, 'the list shows customers from the refused import');
      await shot('import-refused');
    }],
    ['fixed, the import writes every row and the list shows them', async () => {
      await importCsv('clientes.csv', [HEADER, ...GOOD_ROWS].join('\n') + '\n');
      await eventually(async () => /3 clientes importados/.test(await textOf('notice')), 'the notice never said "3 clientes importados"');
      check((await byId('import-problems').count()) === 0, 'the report of the refused import is still shown');
      await eventually(async () => (await rowsShown()) === 4, 'the list never showed 4 customers');
      const names = (await rowNames()).join('\n');
      for (const n of ['Ferretería Ortiz SL', 'Panadería Luna SL', 'Müller GmbH', 'Talleres Gómez SL']) check(names.includes(n), `the list lacks "${n}"`);
      check(/4 clientes/.test(await textOf('customers-count')), `the count reads "${await textOf('customers-count')}"`);
      check(names.includes('DE123456789') && !names.includes('DE DE123456789'), `the foreign customer's VAT number is not shown once: ${names}`);
      await shot('imported');
    }],
    ['search the list by name and by NIF', async () => {
      await byId('customers-search').fill('panad');
      await eventually(async () => (await rowsShown()) === 1, 'searching "panad" does not leave one row');
      check((await rowNames())[0].includes('Panadería Luna SL'), `searching "panad" shows ${await rowNames()}`);
      await shot('search');
      await byId('customers-search').fill('12345678Z');
      await eventually(async () => (await rowsShown()) === 1 && (await rowNames())[0].includes('Talleres Gómez SL'), 'searching the NIF does not find Talleres Gómez SL');
      await byId('customers-search').fill('ningún cliente se llama así');
      await eventually(async () => (await rowsShown()) === 0, 'a search matching nothing still lists rows');
      await visible('customers-empty');
      check(/Ningún cliente coincide con «ningún cliente se llama así»/.test(await textOf('customers-empty')), `a search matching nothing says "${await textOf('customers-empty')}"`);
      await shot('search-empty');
      await byId('customers-search').fill('');
      await eventually(async () => (await rowsShown()) === 4, 'clearing the search does not list the 4 customers');
    }],
    ['export: the downloaded CSV has every customer', async () => {
      const file = await ui.download('customers-export', 'clientes.csv');
      const text = fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
      const lines = text.trim().split(/\r?\n/);
      check(lines[0].startsWith('legal_name,trade_name,country,tax_id'), `the export's header is "${lines[0]}"`);
      check(lines.length === 5, `the export has ${lines.length - 1} customers, expected 4:\n${text}`);
      for (const needle of ['Talleres Gómez SL', '12345678Z', 'Ferretería Ortiz SL', '00000000T', 'Panadería Luna SL', '11111111H', 'Müller GmbH', 'DE123456789', 'Getxo']) {
        check(text.includes(needle), `the export lacks "${needle}":\n${text}`);
      }
    }],
    ['Catálogo: a bad price is refused under its field; fixed, the product is listed', async () => {
      await click('nav-products');
      await visible('products-screen');
      await visible('products-empty');
      await shot('catalogue-empty');
      await click('product-new');
      await visible('product-form');
      await byId('product-code').fill('MANT-H');
      await byId('product-description').fill('Hora de mantenimiento');
      await byId('product-price').fill('45,5x');
      await click('product-save');
      await visible('problem-unit_price');
      const said = await textOf('problem-unit_price');
      check(/precio no válido/i.test(said), `the price problem does not say the price is wrong: "${said}"`);
      check(!/[a-z]+ is not|use digits/i.test(said), `the price problem shows the server's English message: "${said}"`);
      check((await api('list_products', { include_inactive: true })).length === 0, 'the product with a bad price was saved');
      await shot('product-bad-price');
      await byId('product-price').fill('45,50'); // a Spanish decimal comma, as a person types it
      await click('product-save');
      await eventually(async () => (await byId('product-row').count()) === 1, 'the product is not listed');
      const row = await byId('product-row').first().innerText();
      check(/MANT-H/.test(row) && /Hora de mantenimiento/.test(row) && /45,50/.test(row) && /21\s?%/.test(row), `the product row reads "${row}"`);
      check((await byId('product-form').count()) === 0, 'the form is still open after saving');
      await shot('product-listed');
    }],
    ['deactivate a customer: it leaves the list and comes back with "Mostrar inactivos"', async () => {
      await click('nav-customers');
      await visible('customers-screen');
      await eventually(async () => (await rowsShown()) === 4, 'the list does not show 4 customers');
      await ui.page.locator('[data-testid="customer-row"]', { hasText: 'Müller GmbH' }).first().click();
      await visible('customer-details');
      await click('customer-deactivate');
      await visible('customer-reactivate');
      check(/dado de baja/.test(await textOf('notice')), `the notice does not say the customer was deactivated: "${await textOf('notice')}"`);
      check(/Inactivo/.test(await ui.page.locator('[data-testid="customer-screen"] .screen-head').innerText()), 'the card does not say the customer is inactive');
      await shot('deactivated');
      await click('customer-back');
      await eventually(async () => (await rowsShown()) === 3, 'the inactive customer is still listed');
      check(!(await rowNames()).some((n) => n.includes('Müller')), 'Müller GmbH is still listed');
      await byId('customers-show-inactive').check();
      await eventually(async () => (await rowsShown()) === 4, '"Mostrar inactivos" does not bring it back');
      const muller = ui.page.locator('[data-testid="customer-row"]', { hasText: 'Müller GmbH' }).first();
      check((await muller.getAttribute('class')).includes('inactive'), 'the inactive customer is not marked as such in the list');
      check((await customerTotal()) === 3 && (await customerTotal(true)) === 4, 'the store does not count 3 active of 4 customers');
      await shot('inactive-shown');
    }],
  ],
  {
    onFailure: ui.onFailure,
    onExit: ui.close,
  },
);
