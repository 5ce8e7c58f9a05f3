// Employees end-to-end suite: Debian's Chromium against `trastienda serve` on the demo company,
// through the real UI: "Empleados" under "Personal" (after "Compras") lists the demo's 4
// employees; a new employee with a Social Security number whose control digits are wrong is
// refused (the reason under the field, nothing saved), fixed and saved; a CSV with one bad row
// imports nothing and names the line and column, then imports once fixed; with "ocultar
// salarios" on, the list hides the salaries and the card still shows them.
//   node tests/e2e/employees.spec.mjs        (after scripts/setup.sh; HEADED=1 to watch)
// Screenshots go to tests/e2e/out/employees-*.png.
import fs from 'node:fs';
import path from 'node:path';
import { BrowserSession, chromiumMissing } from './browser.mjs';
import { CLI, check, eventually, requireFile, run, suite, tempDir } from './lib.mjs';

const tmp = tempDir('employees');
const dataDir = path.join(tmp, 'data');
const company = path.join(tmp, 'demo.trastienda');
const env = { ...process.env, TRASTIENDA_DATA_DIR: dataDir, RUST_BACKTRACE: '1' };
fs.mkdirSync(dataDir, { recursive: true });

const ui = new BrowserSession('employees');
const { shot, api, byId, visible, textOf, click } = ui;

const rowsShown = async () => byId('employee-row').count();
const employeeTotal = async () => (await api('list_employees', { status: 'all' })).rows.length;

async function importCsv(name, csv) {
  const input = ui.page.getByTestId('employees-import-file');
  check((await input.count()) === 1, 'the employees screen has no file input for the import');
  await input.setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
}

const HEADER = 'nif,name,ss_number,birth_date,iban,contract_type,start_date,end_date,part_time_pct,group,base_salary,complement,payments,prorate_extras,irpf_pct,job_title';
const GOOD_ROWS = [
  '34567890V,Ana Torres Vidal,08 34567890 66,1990-05-17,ES7000491500010512345678,indefinido,2024-01-08,,100,5,1900.00,100.00,14,no,12,Administrativa',
  '12345678Z,Pablo Gil Moreno,46/10203040/38,1999-09-30,,temporal,2026-01-01,2026-12-31,50,9,650.00,0,12,no,2,Reponedor',
];
// Line 3 of the file (the header is line 1): an SS number whose control digits are wrong.
const BAD_LINE = GOOD_ROWS[1].replace('46/10203040/38', '46/10203040/39');

await suite(
  'e2e employees (Chromium against `trastienda serve`: employees, SS number, CSV, hidden salaries)',
  [
    ['the CLI and Chromium are there', () => {
      requireFile(CLI, 'run scripts/setup.sh (cargo build --workspace --bins)');
      check(!chromiumMissing(), chromiumMissing());
    }],
    ['`trastienda demo` makes the demo company and `serve` opens it', async () => {
      run(CLI, ['demo', '--company', company, '--entries', '300'], { env });
      await ui.serve(company, env);
      await ui.open();
      await eventually(async () => (await textOf('company-name')).length > 0, 'the top bar never showed the company');
    }],
    ['Empleados, under Personal after Compras, lists the demo\'s 4 employees', async () => {
      const groups = (await ui.page.locator('nav.sidebar .group').allInnerTexts()).map((s) => s.trim());
      const compras = groups.findIndex((g) => /compras/i.test(g));
      check(compras >= 0 && /personal/i.test(groups[compras + 1] ?? ''), `the sidebar's groups are ${groups.join(' | ')}: "Personal" should follow "Compras"`);
      await click('nav-employees');
      await visible('employees-screen');
      check(/Empleados/.test(await textOf('nav-employees')), `the nav entry reads "${await textOf('nav-employees')}"`);
      await eventually(async () => (await rowsShown()) === 4, 'the list does not show 4 employees');
      const table = await textOf('employees-table');
      for (const needle of ['Lucía Martín Gómez', 'Carlos Navarro Iglesias', 'Temporal', '50 %']) {
        check(table.includes(needle), `the list lacks "${needle}":\n${table}`);
      }
      await shot('list');
    }],
    ['a wrong SS number is refused with its reason under the field', async () => {
      await click('employee-new');
      await visible('employee-form');
      await byId('employee-name').fill('Elena Castro Ruiz');
      await byId('employee-nif').fill('23456789D');
      await byId('employee-ss_number').fill('28 30405060 58');
      await byId('employee-base_salary').fill('1500.00');
      await byId('employee-irpf_pct').fill('10');
      await click('employee-save');
      await visible('problem-ss_number');
      const said = await textOf('problem-ss_number');
      check(/control/i.test(said) && /59/.test(said), `the SS number problem reads "${said}"`);
      const under = await ui.page.locator('label.field', { has: byId('employee-ss_number') }).getByTestId('problem-ss_number').count();
      check(under === 1, 'the SS number problem is not inside its field');
      check((await employeeTotal()) === 4, 'the refused employee was saved anyway');
      await shot('bad-ss');
    }],
    ['fixed, it saves and opens its card', async () => {
      await byId('employee-ss_number').fill('28 30405060 59');
      await click('employee-save');
      await visible('employee-details');
      await eventually(async () => /#\/employees\/\d+$/.test(ui.page.url()), `the card's address is not #/employees/<id>: ${ui.page.url()}`);
      check(/283040506059/.test(await textOf('employee-card-ss')), 'the card does not show the SS number as digits');
      check(/10 %/.test(await textOf('employee-irpf-current')), `the current IRPF reads "${await textOf('employee-irpf-current')}"`);
      check((await employeeTotal()) === 5, 'the store does not have 5 employees');
      await shot('card');
      await click('employee-back');
      await eventually(async () => (await rowsShown()) === 5, 'the list does not show the new employee');
    }],
    ['a CSV with a bad row imports nothing and names the row and column', async () => {
      await importCsv('empleados.csv', [HEADER, GOOD_ROWS[0], BAD_LINE].join('\n'));
      await visible('import-problems');
      const row = ui.page.locator('[data-testid="import-problem-row"][data-row="3"]');
      await eventually(async () => (await row.count()) === 1, 'the problems do not name line 3');
      const said = await row.innerText();
      check(/ss_number/.test(said) && /control/i.test(said), `line 3's problem reads "${said}"`);
      check((await employeeTotal()) === 5, 'a refused import wrote employees');
      await shot('import-refused');
    }],
    ['fixed, the CSV imports and the list shows all', async () => {
      await importCsv('empleados.csv', [HEADER, ...GOOD_ROWS].join('\n'));
      await eventually(async () => (await rowsShown()) === 7, 'the imported employees are not listed');
      check((await byId('import-problems').count()) === 0, 'the old problems are still shown');
      await byId('employees-search').fill('reponedor');
      await eventually(async () => (await rowsShown()) === 1, 'searching by job does not find the one');
      await byId('employees-search').fill('');
      await eventually(async () => (await rowsShown()) === 7, 'clearing the search does not list all');
      await shot('imported');
    }],
    ['with "ocultar salarios" on, the list hides salaries and the card still shows them', async () => {
      const before = await ui.page.locator('[data-testid="employee-salary"]').allInnerTexts();
      check(before.every((s) => /\d/.test(s)), `salaries are not shown before: ${before.join(' | ')}`);
      await visible('payroll-settings');
      await byId('payroll-hide-salaries').check();
      await click('payroll-settings-save');
      await visible('salaries-hidden');
      await eventually(async () => {
        const cells = await ui.page.locator('[data-testid="employee-salary"]').allInnerTexts();
        return cells.length === 7 && cells.every((s) => !/\d/.test(s));
      }, 'the list still shows salaries');
      check((await api('payroll_settings')).hide_salaries === true, 'the setting was not saved');
      await shot('hidden');
      await ui.page.locator('[data-testid="employee-row"]', { hasText: 'Carlos Navarro Iglesias' }).click();
      await visible('employee-details');
      check(/5\.800,00/.test(await textOf('employee-card-base')), `the card's base salary reads "${await textOf('employee-card-base')}"`);
      await shot('card-with-salary');
    }],
  ],
  { onFailure: ui.onFailure, onExit: ui.close },
);
