// Suppliers end-to-end suite: Debian's Chromium against `trastienda serve`, through the real UI:
// "Proveedores" under "Compras"; a supplier refused for a bad IBAN (the reason under the IBAN
// field), fixed and saved; blocking without a reason refused under the reason, with one the
// badge says "Bloqueado" with the reason on the card and in the list; a CSV import with one bad
// row refused whole (its line and column shown, nothing written), then imported once fixed; the
// export downloaded and read back; on a supplier's card an evaluation added through the form
// shows the average ("4,25 / 5 (1 evaluación)"), a contract ending in 20 days added through its
// form appears on "Contratos" (with one whose notice deadline has passed, highlighted as
// overdue), and the supplier's name there opens its card.
//   node tests/e2e/suppliers.spec.mjs        (after scripts/setup.sh; HEADED=1 to watch)
// Screenshots go to tests/e2e/out/suppliers-*.png.
import fs from 'node:fs';
import path from 'node:path';
import { BrowserSession, chromiumMissing } from './browser.mjs';
import { CLI, check, eventually, requireFile, run, suite, tempDir } from './lib.mjs';

const tmp = tempDir('suppliers');
const dataDir = path.join(tmp, 'data');
const company = path.join(tmp, 'proveedores.trastienda');
const env = { ...process.env, TRASTIENDA_DATA_DIR: dataDir, RUST_BACKTRACE: '1' };
fs.mkdirSync(dataDir, { recursive: true });

const ui = new BrowserSession('suppliers');
const { shot, api, byId, visible, textOf, click } = ui;

const DAY = 86_400_000;
const localToday = new Date();
const todayD = new Date(Date.UTC(localToday.getFullYear(), localToday.getMonth(), localToday.getDate()));
const iso = (d) => d.toISOString().slice(0, 10);
const es = (d) => `${iso(d).slice(8, 10)}/${iso(d).slice(5, 7)}/${iso(d).slice(0, 4)}`;
const plusDays = (n) => new Date(todayD.getTime() + n * DAY);

const rowsShown = async () => byId('supplier-row').count();
const supplierTotal = async () => (await api('list_suppliers', { page_size: 500 })).total;

async function importCsv(name, csv) {
  const input = ui.page.getByTestId('suppliers-import-file');
  check((await input.count()) === 1, 'the suppliers screen has no file input for the import');
  await input.setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
}

const HEADER = 'legal_name,tax_id,city,iban,bic,payment_days,category';
const GOOD_ROWS = [
  'Papelería Sol SL,00000000T,Zaragoza,,,30,Oficina',
  'Limpiezas Brillo SL,11111111H,Huesca,ES91 2100 0418 4502 0005 1332,CAIXESBBXXX,60,Limpieza',
];
// Line 3 of the file (the header is line 1): an IBAN whose check digits are wrong.
const BAD_LINE = 'Limpiezas Brillo SL,11111111H,Huesca,ES00 2100 0418 4502 0005 1332,CAIXESBBXXX,60,Limpieza';

await suite(
  'e2e suppliers (Chromium against `trastienda serve`: suppliers, blocking, CSV)',
  [
    ['the CLI and Chromium are there', () => {
      requireFile(CLI, 'run scripts/setup.sh (cargo build --workspace --bins)');
      check(!chromiumMissing(), chromiumMissing());
    }],
    ['`trastienda init` makes "Compras Norte SL" and `serve` opens it', async () => {
      run(CLI, ['init', '--company', company, '--name', 'Compras Norte SL', '--tax-id', 'B12345674', '--template', 'es-pymes'], { env });
      await ui.serve(company, env);
      await ui.open();
      await eventually(async () => (await textOf('company-name')).includes('Compras Norte SL'), 'the top bar never showed "Compras Norte SL"');
    }],
    ['Proveedores, under Compras, opens on an empty list', async () => {
      const groups = (await ui.page.locator('nav.sidebar .group').allInnerTexts()).map((s) => s.trim());
      const ventas = groups.findIndex((g) => /ventas/i.test(g));
      check(ventas >= 0 && /compras/i.test(groups[ventas + 1] ?? ''), `the sidebar's groups are ${groups.join(' | ')}: "Compras" should follow "Ventas"`);
      check((await byId('nav-purchases').count()) === 0, 'the disabled purchases placeholder is still there');
      await click('nav-suppliers');
      await visible('suppliers-screen');
      check(/Proveedores/.test(await textOf('nav-suppliers')), `the nav entry reads "${await textOf('nav-suppliers')}"`);
      await visible('suppliers-empty');
      check((await rowsShown()) === 0, 'a new company lists suppliers');
      await shot('empty-list');
    }],
    ['a bad IBAN is refused with its reason under the IBAN field', async () => {
      await click('supplier-new');
      await visible('supplier-form');
      await byId('supplier-legal-name').fill('Asesoría Ruiz SL');
      await byId('supplier-tax-id').fill('12345678Z');
      await byId('supplier-city').fill('Bilbao');
      await byId('supplier-iban').fill('ES00 2100 0418 4502 0005 1332');
      await click('supplier-save');
      await visible('problem-iban');
      const said = await textOf('problem-iban');
      check(/IBAN no válido/i.test(said), `the IBAN problem reads "${said}"`);
      const under = await ui.page.locator('label.field', { has: byId('supplier-iban') }).getByTestId('problem-iban').count();
      check(under === 1, 'the IBAN problem is not inside the IBAN field');
      check((await supplierTotal()) === 0, 'the refused supplier was saved anyway');
      await shot('bad-iban');
    }],
    ['fixed, it saves and opens its card', async () => {
      await byId('supplier-iban').fill('ES91 2100 0418 4502 0005 1332');
      await click('supplier-save');
      await visible('supplier-details');
      await eventually(async () => /#\/suppliers\/\d+$/.test(ui.page.url()), `the card's address is not #/suppliers/<id>: ${ui.page.url()}`);
      check(/12345678Z/.test(await textOf('supplier-card-tax-id')), 'the card does not show the tax id');
      check(/ES9121000418450200051332/.test(await textOf('supplier-details')), 'the card does not show the IBAN');
      check(/Activo/.test(await textOf('supplier-status')), `the badge reads "${await textOf('supplier-status')}"`);
      await shot('card');
    }],
    ['blocking without a reason is refused; with one, the badge says so', async () => {
      await click('supplier-block');
      await visible('supplier-block-form');
      await click('supplier-block-confirm');
      await visible('problem-block_reason');
      check(/motivo/i.test(await textOf('problem-block_reason')), `the refusal reads "${await textOf('problem-block_reason')}"`);
      check(/Activo/.test(await textOf('supplier-status')), 'the supplier was blocked without a reason');
      await shot('block-no-reason');
      await byId('supplier-block-reason').fill('Facturas con errores repetidos');
      await click('supplier-block-confirm');
      await eventually(async () => /Bloqueado/.test(await textOf('supplier-status')), 'the badge never said "Bloqueado"');
      check(/Facturas con errores repetidos/.test(await textOf('supplier-card-status')), 'the card does not show the reason');
      await shot('blocked');
      await click('supplier-back');
      await eventually(async () => (await rowsShown()) === 1, 'the list does not show the supplier');
      check(/Bloqueado/.test(await textOf('supplier-status')), 'the list does not badge the supplier as blocked');
    }],
    ['a CSV with a bad row imports nothing and names the row and column', async () => {
      await importCsv('proveedores.csv', [HEADER, GOOD_ROWS[0], BAD_LINE].join('\n'));
      await visible('import-problems');
      const row = ui.page.locator('[data-testid="import-problem-row"][data-row="3"]');
      await eventually(async () => (await row.count()) === 1, 'the problems do not name line 3');
      const said = await row.innerText();
      check(/iban/.test(said) && /IBAN no válido/.test(said), `line 3's problem reads "${said}"`);
      check((await supplierTotal()) === 1, 'a refused import wrote suppliers');
      await shot('import-refused');
    }],
    ['fixed, the CSV imports and the list shows all', async () => {
      await importCsv('proveedores.csv', [HEADER, ...GOOD_ROWS].join('\n'));
      await eventually(async () => (await rowsShown()) === 3, 'the imported suppliers are not listed');
      check((await byId('import-problems').count()) === 0, 'the old problems are still shown');
      check((await supplierTotal()) === 3, 'the store does not have 3 suppliers');
      await byId('suppliers-search').fill('limpieza');
      await eventually(async () => (await rowsShown()) === 1, 'searching by category does not find the one');
      await byId('suppliers-search').fill('');
      await eventually(async () => (await rowsShown()) === 3, 'clearing the search does not list all');
      await shot('imported');
    }],
    ['export: the downloaded CSV has every supplier', async () => {
      const file = await ui.download('suppliers-export', 'proveedores.csv');
      const text = fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
      const lines = text.trim().split(/\r?\n/);
      check(lines[0].startsWith('legal_name,trade_name,country,tax_id'), `the export's header is "${lines[0]}"`);
      check(lines.length === 4, `the export has ${lines.length - 1} suppliers, expected 3:\n${text}`);
      for (const needle of ['Asesoría Ruiz SL', 'blocked', 'Papelería Sol SL', '00000000T', 'ES9121000418450200051332', 'CAIXESBBXXX']) {
        check(text.includes(needle), `the export lacks "${needle}":\n${text}`);
      }
    }],
    ['on Papelería Sol SL\'s card an evaluation shows the average', async () => {
      await ui.page.locator('[data-testid="supplier-row"]', { hasText: 'Papelería Sol SL' }).click();
      await visible('supplier-details');
      await visible('supplier-evaluations');
      await visible('evaluations-none');
      await click('evaluation-add');
      await visible('evaluation-form');
      // (5 + 4 + 4 + 4) / 4 = 4,25
      await byId('evaluation-quality').selectOption('5');
      await byId('evaluation-delivery').selectOption('4');
      await byId('evaluation-price').selectOption('4');
      await byId('evaluation-service').selectOption('4');
      await byId('evaluation-comment').fill('Entrega puntual, buen papel');
      await click('evaluation-save');
      await eventually(async () => (await byId('evaluations-average').count()) === 1, 'no average shown after saving an evaluation');
      const said = await textOf('evaluations-average');
      check(said.includes('4,25 / 5 (1 evaluación)'), `the average reads "${said}"`);
      check((await byId('evaluation-row').count()) === 1, 'the evaluation is not listed');
      check(/Entrega puntual/.test(await textOf('evaluations-list')), 'the comment is not listed');
      await shot('evaluation');
    }],
    [`a contract ending ${iso(plusDays(20))} is added on the card`, async () => {
      await click('contract-add');
      await visible('contract-form');
      await click('contract-save');
      await visible('problem-subject');
      check(/objeto/i.test(await textOf('problem-subject')), `the subject problem reads "${await textOf('problem-subject')}"`);
      await byId('contract-subject').fill('Suministro de papel');
      await byId('contract-amount').fill('1.200,50');
      const end = byId('contract-end-input');
      await end.fill(es(plusDays(20)));
      await end.press('Tab');
      await eventually(async () => (await byId('contract-end').getAttribute('value')) === iso(plusDays(20)), `the end date holds ${await byId('contract-end').getAttribute('value')}`);
      await click('contract-save');
      await eventually(async () => (await byId('contract-row').count()) === 1, 'the contract is not listed');
      const row = await textOf('contracts-list');
      check(/Suministro de papel/.test(row) && /1\.200,50/.test(row), `the contract row reads "${row}"`);
      await shot('contract');
    }],
    ['Contratos lists it, and highlights a notice deadline already passed', async () => {
      // Another supplier's auto-renewing contract ending in 10 days with 30 days' notice: the
      // last day to give notice was 20 days ago.
      const other = (await api('list_suppliers', { query: 'Limpiezas' })).rows[0];
      await api('save_supplier_contract', {
        supplier_id: other.id,
        contract: { subject: 'Limpieza de oficinas', start_date: iso(plusDays(-355)), end_date: iso(plusDays(10)), auto_renew: true, renewal_notice_days: 30, notes: '' },
      });
      await click('nav-contracts');
      await visible('contracts-screen');
      check(/Contratos/.test(await textOf('nav-contracts')), `the nav entry reads "${await textOf('nav-contracts')}"`);
      check((await byId('contracts-within').inputValue()) === '60', 'the screen does not start at 60 days');
      await eventually(async () => (await byId('contract-due-row').count()) === 2, 'Contratos does not list the two contracts');
      const rows = ui.page.getByTestId('contract-due-row');
      const first = await rows.nth(0).innerText();
      const second = await rows.nth(1).innerText();
      check(/Limpieza de oficinas/.test(first) && /vencido hace 20 días/.test(first), `the overdue row reads "${first}"`);
      check((await rows.nth(0).getAttribute('data-overdue')) === 'true', 'the overdue row is not highlighted');
      check(/Suministro de papel/.test(second) && /faltan 20 días/.test(second) && /Vence/.test(second), `the ending contract reads "${second}"`);
      check((await rows.nth(1).getAttribute('data-overdue')) === 'false', 'the contract not yet due is highlighted');
      await shot('contracts');
      await byId('contracts-within').fill('15');
      await byId('contracts-within').press('Enter');
      await eventually(async () => (await byId('contract-due-row').count()) === 1, 'within 15 days the contract ending in 20 is still listed');
      await eventually(async () => /within=15/.test(ui.page.url()), `the address does not keep the days: ${ui.page.url()}`);
      await byId('contracts-within').fill('60');
      await byId('contracts-within').press('Enter');
      await eventually(async () => (await byId('contract-due-row').count()) === 2, 'back at 60 days both are not listed');
      await ui.page.getByTestId('contract-due-supplier').filter({ hasText: 'Papelería Sol SL' }).click();
      await visible('supplier-details');
      check(/Papelería Sol SL/.test(await ui.page.locator('h1').innerText()), 'the link does not open the supplier card');
    }],
  ],
  {
    onFailure: ui.onFailure,
    onExit: ui.close,
  },
);
