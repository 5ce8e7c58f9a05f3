// Payroll reports end to end: Debian's Chromium against `trastienda serve` on the demo company
// (4 employees, its own approved runs) with February and March of this year approved and April
// left a draft (set up through the api, as the pay-run spec covers the UI of that): Informes de
// nómina, under Personal, shows the summary whose gross is the year's approved runs' (the
// draft not counted), the Social Security cost per month and for the period, the first
// quarter's IRPF (modelo 111) and the year per employee (modelo 190) adding up to the four
// quarters, the headcount's twelve months; the summary's CSV and the 111's PDF download with
// the same figures.
//   node tests/e2e/payroll-reports.spec.mjs        (after scripts/setup.sh; HEADED=1 to watch)
// Screenshots go to tests/e2e/out/payroll-reports-*.png.
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { BrowserSession, chromiumMissing } from './browser.mjs';
import { CLI, check, eventually, requireFile, run, suite, tempDir } from './lib.mjs';

const tmp = tempDir('payroll-reports');
const dataDir = path.join(tmp, 'data');
const company = path.join(tmp, 'demo.trastienda');
const env = { ...process.env, TRASTIENDA_DATA_DIR: dataDir, RUST_BACKTRACE: '1' };
fs.mkdirSync(dataDir, { recursive: true });

const ui = new BrowserSession('payroll-reports');
const { shot, api, byId, visible, textOf, click } = ui;

const YEAR = new Date().getFullYear();
const FEB = `${YEAR}-02`;
const MAR = `${YEAR}-03`;
const APR = `${YEAR}-04`;
let runs = [];
/** The year's approved (or paid) runs, the demo's and ours. */
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
    ['the demo company with February and March approved and April a draft', async () => {
      run(CLI, ['demo', '--company', company, '--entries', '300'], { env });
      await ui.serve(company, env);
      await ui.open();
      await eventually(async () => (await textOf('company-name')).length > 0, 'the top bar never showed the company');
      for (const month of [FEB, MAR]) {
        const r = await api('compute_pay_run', { month });
        runs.push(await api('approve_pay_run', { id: r.id }));
      }
      await api('compute_pay_run', { month: APR });
      counted = (await api('list_pay_runs')).filter((r) => r.month.startsWith(`${YEAR}-`) && r.state !== 'draft');
      check(counted.some((r) => r.month === FEB) && !counted.some((r) => r.month === APR), 'the runs are not as set up');
    }],
    ['Informes de nómina, under Personal: the summary is the approved runs, the draft not counted', async () => {
      await click('nav-payroll-reports');
      await visible('payroll-reports-screen');
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
      check(people >= runs[1].payslips.length, `${people} employees in the summary, ${runs[1].payslips.length} paid in March`);
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
      check(wire(q.withheld) > 0n, 'nothing withheld in the first quarter');
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
      const rows = await byId('prep-190-row').count();
      check(rows >= q.recipients, `the 190 lists ${rows} employees, the first quarter alone ${q.recipients}`);
      await shot('modelo-190');
    }],
    ['Plantilla: twelve months, February paid, April (draft) not', async () => {
      await click('prep-tab-headcount');
      await eventually(async () => (await byId('prep-headcount-row').count()) === 12, 'the headcount does not have twelve months');
      const feb = ui.page.locator(`[data-testid="prep-headcount-row"][data-month="${FEB}"]`);
      const apr = ui.page.locator(`[data-testid="prep-headcount-row"][data-month="${APR}"]`);
      check(Number(await feb.getByTestId('prep-hc-employees').innerText()) === runs[0].payslips.length, 'February\'s headcount is not its payslips');
      check((await apr.getByTestId('prep-hc-employees').innerText()).trim() === '0', 'the draft April counts in the headcount');
      check(/^\d+,\d{2}$/.test((await feb.getByTestId('prep-hc-fte').innerText()).trim()), 'the FTE is not a Spanish decimal');
      await shot('headcount');
    }],
  ],
  {
    onFailure: ui.onFailure,
    onExit: ui.close,
  },
);
