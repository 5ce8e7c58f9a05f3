// Payroll end to end: Debian's Chromium against `trastienda serve` on the demo company (4
// employees), through the real UI: a new employee made in the Empleados form -> Nóminas computes
// the current month with a payslip for them -> a review line typed wrong is named on its row,
// then overtime 50,00 makes their gross grow by 50,00 -> approve (the dialog says it posts and
// freezes) -> the approved run has nothing left to adjust -> the payslip PDF reads as a payslip
// (pdftotext: LÍQUIDO TOTAL A PERCIBIR and the NIF) -> pay: the SEPA file validates against
// pain.001.001.03 and pays the employee's IBAN, the run shows as paid -> computing the month
// again is refused with a message -> the employee's card lists the payslip -> a correcting
// payslip goes into next month's draft, the paid one unchanged -> the rates table:
// a value changed with a note is marked with the published one, and set back.
//   node tests/e2e/payroll.spec.mjs        (after scripts/setup.sh; HEADED=1 to watch)
// Screenshots go to tests/e2e/out/payroll-*.png.
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { BrowserSession, chromiumMissing } from './browser.mjs';
import { CLI, ROOT, check, eventually, requireFile, run, suite, tempDir } from './lib.mjs';

const tmp = tempDir('payroll');
const dataDir = path.join(tmp, 'data');
const company = path.join(tmp, 'demo.trastienda');
const env = { ...process.env, TRASTIENDA_DATA_DIR: dataDir, RUST_BACKTRACE: '1' };
fs.mkdirSync(dataDir, { recursive: true });

const ui = new BrowserSession('payroll');
const { shot, api, byId, visible, textOf, click } = ui;

const NAME = 'Elena Castro Ruiz';
const NIF = '23456789D';
const IBAN = 'ES6621000418401234567891';
const now = new Date();
const MONTH = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}`;
let employeeId = 0;
const NEXT_MONTH = now.getMonth() === 11 ? `${now.getFullYear() + 1}-01` : `${now.getFullYear()}-${String(now.getMonth() + 2).padStart(2, '0')}`;
let grossBefore = 0n;
let paidRunId = 0;
let approvedGross = '';

/** "1.234,56 €" -> 123456n (cents), exact. */
function cents(text) {
  const m = /(-?[\d.]+),(\d{2})/.exec(text.replace(/\s/g, ''));
  check(m, `"${text}" is not an amount`);
  return BigInt(m[1].replace(/\./g, '')) * 100n + BigInt(m[2]) * (m[1].startsWith('-') ? -1n : 1n);
}

const ours = () => ui.page.locator(`[data-testid="payslip-row"][data-nif="${NIF}"]`);

async function setDate(id, iso) {
  await (await visible(id)).fill(iso);
  await eventually(async () => (await byId(id).first().evaluate((el) => el.value)) === iso, `[data-testid=${id}] did not take ${iso}`);
}

await suite(
  'e2e payroll (Chromium against `trastienda serve`: employee -> pay run -> approve -> payslip PDF -> payment)',
  [
    ['the CLI, Chromium, pdftotext and xmllint are there', () => {
      requireFile(CLI, 'run scripts/setup.sh (cargo build --workspace --bins)');
      check(!chromiumMissing(), chromiumMissing());
      requireFile('/usr/bin/xmllint', 'run scripts/setup-system.sh (libxml2-utils)');
      requireFile('/usr/bin/pdftotext', 'run scripts/setup-system.sh (poppler-utils)');
    }],
    ['`trastienda demo` makes the demo company and `serve` opens it', async () => {
      run(CLI, ['demo', '--company', company, '--entries', '300'], { env });
      await ui.serve(company, env);
      await ui.open();
      await eventually(async () => (await textOf('company-name')).length > 0, 'the top bar never showed the company');
    }],
    ['a new employee through the Empleados form', async () => {
      await click('nav-employees');
      await visible('employees-screen');
      await click('employee-new');
      await visible('employee-form');
      await byId('employee-name').fill(NAME);
      await byId('employee-nif').fill(NIF);
      await byId('employee-ss_number').fill('28 30405060 59');
      await byId('employee-iban').fill(IBAN);
      await setDate('employee-start_date', `${MONTH}-01`);
      await byId('employee-base_salary').fill('1500.00');
      await byId('employee-irpf_pct').fill('10');
      await click('employee-save');
      await visible('employee-details');
      await eventually(async () => /#\/employees\/\d+$/.test(ui.page.url()), `the card's address is not #/employees/<id>: ${ui.page.url()}`);
      employeeId = Number(/employees\/(\d+)/.exec(ui.page.url())[1]);
      await visible('employee-payslips-none');
    }],
    ['Nóminas, under Personal, computes the current month with a payslip for the new employee', async () => {
      await click('nav-pay-runs');
      await visible('payroll-screen');
      check((await byId('payroll-month').inputValue()) === MONTH, `the month picker starts at ${await byId('payroll-month').inputValue()}, not ${MONTH}`);
      await click('payroll-compute');
      await eventually(async () => (await byId('payroll-run').getAttribute('data-state')) === 'draft', 'no draft run shown');
      check(/Borrador/.test(await textOf('payroll-run-state')), `the state reads "${await textOf('payroll-run-state')}"`);
      await eventually(async () => (await ours().count()) === 1, `no payslip for ${NAME}`);
      const rows = await byId('payslip-row').count();
      check(rows === 5, `the run has ${rows} payslips, not 5 (4 demo + 1 new)`);
      grossBefore = cents(await ours().getByTestId('payslip-gross').innerText());
      check(grossBefore > 0n, 'the new employee earns nothing');
      await visible('payroll-totals');
      await shot('draft');
    }],
    ['a review line typed wrong is named on its row; overtime 50,00 makes the gross grow by 50,00', async () => {
      await ours().getByTestId('payslip-adjust').click();
      await visible('payslip-adjust-dialog');
      await byId('payslip-line-add-code').selectOption('overtime');
      await click('payslip-line-add');
      await byId('payslip-line-amount-1').fill('50,001');
      await click('payslip-lines-save');
      await visible('payslip-line-problem-amount-1');
      check(/decimales/.test(await textOf('payslip-line-problem-amount-1')), `the problem reads "${await textOf('payslip-line-problem-amount-1')}"`);
      await byId('payslip-line-amount-1').fill('50,00');
      await eventually(async () => /50,00/.test(await textOf('payslip-lines-effect')), 'the effect preview does not say 50,00');
      await shot('adjust');
      await click('payslip-lines-save');
      await eventually(async () => (await byId('payslip-adjust-dialog').count()) === 0, 'the adjust dialog stays open');
      await eventually(async () => cents(await ours().getByTestId('payslip-gross').innerText()) === grossBefore + 5000n,
        `the gross did not grow from ${grossBefore} cents by 50,00`);
      await ours().getByTestId('payslip-view').click();
      await visible('payslip-detail');
      const lines = await ui.page.locator('[data-testid="payslip-detail-line"][data-code="overtime"]').count();
      check(lines === 1, 'the payslip does not show the overtime line');
      check((await textOf('payslip-detail-nif')) === NIF, 'the detail does not name the NIF');
      await shot('payslip-detail');
      await ui.page.keyboard.press('Escape');
      await eventually(async () => (await byId('payslip-detail').count()) === 0, 'the detail stays open');
    }],
    ['approve: the dialog says it posts and freezes; then nothing can be adjusted', async () => {
      await click('payroll-approve');
      await visible('payroll-approve-dialog');
      const said = await textOf('payroll-approve-dialog');
      check(/contabiliz/i.test(said) && /congelad/i.test(said), `the approve dialog reads "${said}"`);
      await shot('approve-dialog');
      await click('payroll-approve-yes');
      await eventually(async () => (await byId('payroll-run').getAttribute('data-state')) === 'approved', 'the run is not approved');
      await visible('payroll-frozen-notice');
      check(/no cambian nunca/.test(await textOf('payroll-frozen-notice')), 'the run does not say approved payslips never change');
      check((await byId('payslip-adjust').count()) === 0, 'an approved payslip can still be adjusted');
      check((await byId('payroll-delete').count()) === 0, 'an approved run can still be deleted');
      const run = (await api('list_pay_runs')).find((r) => r.month === MONTH);
      check(run?.state === 'approved', `the store has the run ${run?.state}`);
      paidRunId = run.id;
      approvedGross = (await api('get_pay_run', { id: run.id })).payslips.find((p) => p.employee_nif === NIF).gross;
      await shot('approved');
    }],
    ['the payslip PDF reads as a payslip with the NIF', async () => {
      const [dl] = await Promise.all([ui.page.waitForEvent('download', { timeout: 30_000 }), ours().getByTestId('payslip-pdf').click()]);
      const file = path.join(tmp, dl.suggestedFilename() || 'nomina.pdf');
      await dl.saveAs(file);
      check(fs.readFileSync(file).subarray(0, 5).toString() === '%PDF-', 'the payslip download is not a PDF');
      const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
      check(/L[IÍ]QUIDO TOTAL A PERCIBIR/i.test(text), `the PDF lacks "LÍQUIDO TOTAL A PERCIBIR":\n${text.slice(0, 2000)}`);
      check(text.includes(NIF), `the PDF lacks the NIF ${NIF}`);
      check(/CASTRO/i.test(text), 'the PDF does not name the employee');
    }],
    ['pay: the SEPA file validates against pain.001.001.03 and pays the employee; the run shows paid', async () => {
      await click('payroll-pay');
      await visible('payroll-pay-dialog');
      check((await byId('payroll-pay-account').inputValue()) === '5720001', 'the bank account is not 5720001 by default');
      await shot('pay-dialog');
      const xml = await ui.download('payroll-pay-yes', 'nominas.xml');
      const text = fs.readFileSync(xml, 'utf8');
      check(text.includes(IBAN), 'the SEPA file does not pay the new employee\'s IBAN');
      try {
        execFileSync('xmllint', ['--noout', '--schema', path.join(ROOT, 'crates', 'core', 'tests', 'fixtures', 'pain.001.001.03.xsd'), xml], { stdio: 'pipe' });
      } catch (e) {
        throw new Error(`the SEPA file is not valid pain.001.001.03: ${e.stderr?.toString() ?? e}`);
      }
      await eventually(async () => (await byId('payroll-run').getAttribute('data-state')) === 'paid', 'the run is not paid');
      check(/Pagada/.test(await textOf('payroll-run-state')), `the state reads "${await textOf('payroll-run-state')}"`);
      await visible('payroll-paid-notice');
      await shot('paid');
    }],
    ['computing the same month again is refused with a message', async () => {
      await click('payroll-compute');
      await visible('payroll-error');
      const said = await textOf('payroll-error');
      check(/aprobadas o pagadas/.test(said), `the refusal reads "${said}"`);
      check((await byId('payroll-run').getAttribute('data-state')) === 'paid', 'the paid run is no longer shown');
      await shot('recompute-refused');
    }],
    ['the employee\'s card lists the payslip with its PDF', async () => {
      await ui.page.goto(`${ui.baseUrl}/?token=${encodeURIComponent(ui.token)}#/employees/${employeeId}`);
      await visible('employee-payslips');
      const row = ui.page.locator(`[data-testid="employee-payslip"][data-month="${MONTH}"]`);
      await eventually(async () => (await row.count()) === 1, 'the card does not list the month\'s payslip');
      check((await row.getAttribute('data-state')) === 'paid', 'the card\'s payslip is not paid');
      await row.scrollIntoViewIfNeeded();
      await shot('employee-payslips');
      const file = await ui.download('employee-payslip-pdf', 'nomina.pdf');
      check(fs.readFileSync(file).subarray(0, 5).toString() === '%PDF-', 'the card\'s payslip download is not a PDF');
    }],
    ['a correcting payslip for the paid month goes into the next month\'s draft; the original never changes', async () => {
      await click('nav-pay-runs');
      await visible('payroll-screen');
      await eventually(async () => (await byId('payroll-run').getAttribute('data-state')) === 'paid', 'the paid run is not shown');
      await ours().getByTestId('payslip-correct').click();
      await visible('payslip-correct-dialog');
      const next = NEXT_MONTH;
      check((await textOf('payslip-correct-compute')).includes(next), `the dialog does not offer to compute ${next}: "${await textOf('payslip-correct-compute')}"`);
      await click('payslip-correct-compute');
      await visible('payslip-correct-run');
      await byId('payslip-line-add-code').selectOption('bonus');
      await click('payslip-line-add');
      await byId('payslip-line-amount-1').fill('100,00');
      await shot('correct-dialog');
      await click('payslip-lines-save');
      await eventually(async () => (await byId('payslip-correct-dialog').count()) === 0, 'the correct dialog stays open');
      await eventually(async () => (await byId('payroll-run').getAttribute('data-month')) === next, `the ${next} draft is not shown`);
      check((await byId('payroll-run').getAttribute('data-state')) === 'draft', 'the correction is not in a draft');
      const correcting = ui.page.locator(`[data-testid="payslip-row"][data-nif="${NIF}"]`, { has: byId('payslip-correcting') });
      await eventually(async () => (await correcting.count()) === 1, 'the draft has no correcting payslip for the employee');
      const original = (await api('get_pay_run', { id: paidRunId })).payslips.find((p) => p.employee_nif === NIF);
      check(original.gross === approvedGross, `the approved payslip changed: gross ${original.gross}, was ${approvedGross}`);
      await shot('correction');
    }],
    ['the rates table: a value changed with a note is marked, then set back to the published one', async () => {
      await click('nav-payroll-rates');
      await visible('payroll-rates-screen');
      await eventually(async () => (await byId('rate-row').count()) > 10, 'the rates table is (nearly) empty');
      const first = byId('rate-row').first();
      const key = await first.getAttribute('data-key');
      const value = await first.getByTestId('rate-value').innerText();
      await first.getByTestId('rate-edit').click();
      await visible('rate-dialog');
      await byId('rate-value-input').fill('no es un número');
      await click('rate-save');
      await visible('rate-problem');
      await shot('rate-refused');
      const changed = value.includes('.') ? value.replace(/(\d)$/, (d) => String((Number(d) + 1) % 10)) : String(Number(value) + 1);
      await byId('rate-value-input').fill(changed);
      await byId('rate-note').fill('prueba');
      await click('rate-save');
      await eventually(async () => (await byId('rate-dialog').count()) === 0, 'the rate dialog stays open');
      const row = ui.page.locator(`[data-testid="rate-row"][data-key="${key}"]`);
      await eventually(async () => (await row.getByTestId('rate-changed').count()) === 1, `${key} is not marked changed`);
      check((await row.getByTestId('rate-shipped').innerText()).includes(value), `${key} does not show the published ${value}`);
      await shot('rate-changed');
      ui.page.once('dialog', (d) => d.accept());
      await row.getByTestId('rate-reset').click();
      await eventually(async () => (await row.getByTestId('rate-changed').count()) === 0, `${key} is still marked changed`);
      check((await row.getByTestId('rate-value').innerText()) === value, `${key} is not back to ${value}`);
    }],
  ],
  {
    onFailure: ui.onFailure,
    onExit: ui.close,
  },
);
