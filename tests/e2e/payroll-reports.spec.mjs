// Payroll reports end to end: Debian's Chromium against `trastienda serve` on a company of its
// own (not the demo, whose pay runs follow today's date): three employees imported from a CSV
// (one at 50 %), with February and March 2026 approved and April 2026 left a draft (set up
// through the api, as the pay-run spec covers the UI of that). 2026 is fixed, not this year, so
// the suite passes on any date: it has payroll rates (assets/payroll/es-2026.csv) and the
// fiscal year is created when `init` made another one. Informes de nómina, under Personal,
// shows the summary whose gross is the approved runs' (the draft not counted), the Social
// Security cost per month and for the period, the first quarter's IRPF (modelo 111: exactly
// February and March) and the year per employee (modelo 190) adding up to the four quarters,
// the headcount's twelve months; the summary's CSV and the 111's PDF download with the same
// figures.
//   node tests/e2e/payroll-reports.spec.mjs        (after scripts/setup.sh; HEADED=1 to watch)
// Screenshots go to tests/e2e/out/payroll-reports-*.png.
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { BrowserSession, chromiumMissing } from './browser.mjs';
import { CLI, check, eventually, requireFile, run, suite, tempDir } from './lib.mjs';

const tmp = tempDir('payroll-reports');
const dataDir = path.join(tmp, 'data');
const company = path.join(tmp, 'nominas.trastienda');
const env = { ...process.env, TRASTIENDA_DATA_DIR: dataDir, RUST_BACKTRACE: '1' };
fs.mkdirSync(dataDir, { recursive: true });

// Employees as `trastienda employee import` reads them (crates/api/src/employees.rs CSV_HEADER),
// all hired before 2026; Pedro works half time.
const EMPLOYEES_CSV = `nif,name,ss_number,birth_date,iban,contract_type,start_date,end_date,part_time_pct,group,base_salary,complement,payments,prorate_extras,irpf_pct,email,phone,address,job_title,category,agreement,allowance,in_kind,vacation_days,notes
50123456Q,Lucía Martín,281234567840,1985-04-12,ES91 2100 0418 4502 0005 1332,indefinido,2024-02-01,,100,7,1650.00,120.00,14,no,11,,,Calle Mayor 1,Dependienta,,,0,0,30,
87654321X,Pedro Gil,281111111189,1990-09-03,ES91 2100 0418 4502 0005 1332,indefinido,2025-06-16,,50,7,1400.00,0,14,no,8,,,Calle Mayor 2,Mozo de almacén,,,0,0,30,
12345678Z,Ana Ruiz,282222222244,1979-01-20,ES91 2100 0418 4502 0005 1332,indefinido,2023-09-01,,100,3,2300.00,200.00,12,no,15,,,Calle Mayor 3,Encargada,,,0,0,30,
`;
const EMPLOYEES = 3;

const ui = new BrowserSession('payroll-reports');
const { shot, api, byId, visible, textOf, click } = ui;

// A fixed past year with payroll rates, whatever today is; the first quarter holds exactly the
// two approved months, the draft is in the second.
const YEAR = 2026;
const FEB = `${YEAR}-02`;
const MAR = `${YEAR}-03`;
const APR = `${YEAR}-04`;
/** February's and March's approved runs (PayRunView). */
let runs = [];
/** The year's approved (or paid) runs as list_pay_runs gives them: February's and March's. */
let counted = [];

/** "1.234,56 €" -> 123456n (cents), exact. */
function cents(text) {
  const m = /(-?[\d.]+),(\d{2})/.exec(text.replace(/\s/g, ''));
  check(m, `"${text}" is not an amount`);
  return BigInt(m[1].replace(/\./g, '')) * 100n + BigInt(m[2]) * (m[1].startsWith('-') ? -1n : 1n);
}
/** "1234.56" (the wire) -> cents. */
const wire = (s) => BigInt(s.replace('.', ''));

await suite(
  'e2e payroll reports (Chromium against `trastienda serve`: summary, Social Security, modelos 111 and 190, headcount, CSV and PDF)',
  [
    ['the CLI, Chromium and pdftotext are there', () => {
      requireFile(CLI, 'run scripts/setup.sh (cargo build --workspace --bins)');
      check(!chromiumMissing(), chromiumMissing());
      requireFile('/usr/bin/pdftotext', 'run scripts/setup-system.sh (poppler-utils)');
    }],
    ['a company of its own, its employees imported, February and March 2026 approved and April a draft', async () => {
      run(CLI, ['init', '--company', company, '--name', 'Nóminas Informes SL', '--tax-id', 'B12345674', '--template', 'es-pymes'], { env });
      const csv = path.join(tmp, 'empleados.csv');
      fs.writeFileSync(csv, EMPLOYEES_CSV);
      const imported = run(CLI, ['employee', 'import', '--company', company, csv], { env });
      check(imported.includes(`imported ${EMPLOYEES} employees`), `the import said: ${imported}`);
      await ui.serve(company, env);
      await ui.open();
      await eventually(async () => (await textOf('company-name')).length > 0, 'the top bar never showed the company');
      // `init` creates today's fiscal year; fiscal years follow one another, so reach 2026 from it.
      for (;;) {
        const years = (await api('periods_info')).years.map((y) => y.year);
        if (years.includes(YEAR)) break;
        const next = Math.min(...years) > YEAR ? Math.min(...years) - 1 : Math.max(...years) + 1;
        await api('create_fiscal_year', { year: next });
      }
      for (const month of [FEB, MAR]) {
        const r = await api('compute_pay_run', { month });
        runs.push(await api('approve_pay_run', { id: r.id }));
      }
      await api('compute_pay_run', { month: APR });
      const all = await api('list_pay_runs');
      check(all.length === 3, `the company has ${all.length} pay runs, not the 3 set up`);
      counted = all.filter((r) => r.month.startsWith(`${YEAR}-`) && r.state !== 'draft');
      check(counted.map((r) => r.month).sort().join() === `${FEB},${MAR}` && all.some((r) => r.month === APR && r.state === 'draft'),
        `the runs are not as set up: ${all.map((r) => `${r.month} ${r.state}`).join(', ')}`);
      check(runs.every((r) => r.payslips.length === EMPLOYEES), 'not every employee was paid in February and March');
    }],
    ['Informes de nómina, under Personal: the summary is the approved runs, the draft not counted', async () => {
      await click('nav-payroll-reports');
      await visible('payroll-reports-screen');
      const offered = await byId('prep-from-year').locator('option').allInnerTexts();
      check(offered.includes(String(YEAR)), `the period's years (${offered.join(', ')}) do not offer ${YEAR}`);
      await byId('prep-from-month').selectOption('1');
      await byId('prep-from-year').selectOption(String(YEAR));
      await byId('prep-to-month').selectOption('12');
      await byId('prep-to-year').selectOption(String(YEAR));
      const gross = counted.reduce((s, r) => s + wire(r.gross), 0n);
      await eventually(async () => (await byId('prep-total-gross').count()) === 1 && cents(await textOf('prep-total-gross')) === gross,
        `the summary's gross is not the approved runs' ${gross} cents`);
      const months = await byId('prep-month-row').count();
      check(months === counted.length, `the summary has ${months} months, not ${counted.length} (April is a draft)`);
      const people = await byId('prep-employee-row').count();
      check(people === EMPLOYEES, `${people} employees in the summary, ${EMPLOYEES} paid in February and March`);
      await shot('summary');
      const csv = fs.readFileSync(await ui.download('export-csv', 'resumen.csv'), 'utf8');
      const total = csv.trim().split('\n').pop();
      const want = `${gross / 100n}.${String(gross % 100n).padStart(2, '0')}`;
      check(total.startsWith('total,') && total.includes(`,${want},`), `the CSV's total row "${total}" lacks the gross ${want}`);
    }],
    ['Seguridad Social: each month and the period, with its items', async () => {
      await click('prep-tab-ss_cost');
      await eventually(async () => (await byId('prep-ss-month').count()) === counted.length + 1, 'the Social Security cost does not show each month and the period');
      const text = await textOf('prep-ss-table');
      for (const w of ['Contingencias comunes', 'AT y EP', 'Desempleo', 'FOGASA', 'Formación profesional', 'MEI', 'Total del periodo']) {
        check(text.includes(w), `the Social Security cost lacks "${w}"`);
      }
      const api_ = await api('ss_cost', { from: `${YEAR}-01`, to: `${YEAR}-12` });
      check(cents(await textOf('prep-ss-total-amount')) === wire(api_.totals.total), 'the Social Security total differs from the api');
      await shot('ss-cost');
    }],
    ['IRPF trimestral (111) of the first quarter, and the year per employee (190) adding up the four quarters', async () => {
      await click('prep-tab-irpf_quarter');
      await byId('prep-year').selectOption(String(YEAR));
      await byId('prep-quarter').selectOption('1');
      const q = await api('irpf_withheld', { year: YEAR, quarter: 1 });
      // The first quarter is February's and March's payslips, nothing else.
      const runsIrpf = runs.flatMap((r) => r.payslips).reduce((s, p) => s + wire(p.irpf), 0n);
      check(runsIrpf > 0n && wire(q.withheld) === runsIrpf, `the 111 withholds ${q.withheld}, February's and March's payslips ${runsIrpf} cents`);
      check(q.recipients === EMPLOYEES && q.payslips === 2 * EMPLOYEES, `the 111 has ${q.recipients} recipients and ${q.payslips} payslips`);
      await eventually(async () => (await byId('prep-111-withheld').count()) === 1 && cents(await textOf('prep-111-withheld')) === wire(q.withheld),
        'the 111 does not show the quarter\'s withholding');
      check(Number(await textOf('prep-111-recipients')) === q.recipients, 'the 111 shows another number of recipients');
      await shot('modelo-111');
      const pdf = await ui.download('export-pdf', 'modelo-111.pdf');
      const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
      check(/modelo 111/.test(text), `the PDF is not the 111:\n${text.slice(0, 1500)}`);
      check(text.includes(await textOf('prep-111-withheld').then((s) => s.replace(/\s*€/, ''))), 'the PDF does not show the withholding');
      await click('prep-tab-irpf_annual');
      await eventually(async () => (await byId('prep-190-withheld').count()) === 1, 'the 190 shows no totals');
      let year = 0n;
      for (const quarter of [1, 2, 3, 4]) year += wire((await api('irpf_withheld', { year: YEAR, quarter })).withheld);
      check(cents(await textOf('prep-190-withheld')) === year, 'the year\'s withholding is not the four quarters\'');
      check(year === runsIrpf, `the year withholds ${year} cents, the approved runs ${runsIrpf} (April is a draft)`);
      const rows = await byId('prep-190-row').count();
      check(rows === EMPLOYEES, `the 190 lists ${rows} employees, not the ${EMPLOYEES} paid`);
      await shot('modelo-190');
    }],
    ['Plantilla: twelve months, February paid, April (draft) not', async () => {
      await click('prep-tab-headcount');
      await eventually(async () => (await byId('prep-headcount-row').count()) === 12, 'the headcount does not have twelve months');
      const feb = ui.page.locator(`[data-testid="prep-headcount-row"][data-month="${FEB}"]`);
      const apr = ui.page.locator(`[data-testid="prep-headcount-row"][data-month="${APR}"]`);
      check(Number(await feb.getByTestId('prep-hc-employees').innerText()) === runs[0].payslips.length, 'February\'s headcount is not its payslips');
      check((await apr.getByTestId('prep-hc-employees').innerText()).trim() === '0', 'the draft April counts in the headcount');
      const fte = (await feb.getByTestId('prep-hc-fte').innerText()).trim();
      check(fte === '2,50', `February's FTE is "${fte}", not 2,50 (two full time and one half time, in Spanish)`);
      await shot('headcount');
    }],
  ],
  {
    onFailure: ui.onFailure,
    onExit: ui.close,
  },
);
