// HR records end-to-end suite: Debian's Chromium against `trastienda serve` on the demo company,
// through the real UI: on an employee's card a 5-day vacation makes the year's remaining
// vacation drop by 5 and the taken days rise by 5; a leave overlapping it is refused naming the
// other leave's dates, nothing saved; a training and a review are added; on "Candidatos" (under
// "Personal") a candidate is added in "Nuevo" and moved to "Entrevista".
//   node tests/e2e/hr.spec.mjs        (after scripts/setup.sh; HEADED=1 to watch)
// Screenshots go to tests/e2e/out/hr-*.png.
import fs from 'node:fs';
import path from 'node:path';
import { BrowserSession, chromiumMissing } from './browser.mjs';
import { CLI, check, eventually, requireFile, run, suite, tempDir } from './lib.mjs';

const tmp = tempDir('hr');
const dataDir = path.join(tmp, 'data');
const company = path.join(tmp, 'demo.trastienda');
const env = { ...process.env, TRASTIENDA_DATA_DIR: dataDir, RUST_BACKTRACE: '1' };
fs.mkdirSync(dataDir, { recursive: true });

const ui = new BrowserSession('hr');
const { shot, api, byId, visible, textOf, click } = ui;

// The card shows this year's balance; the vacation is 14-18 December of this year.
const Y = new Date().getFullYear();
const dec = (d) => `${String(d).padStart(2, '0')}/12/${Y}`;
const num = async (id) => Number(await byId(id).getAttribute('data-value'));

let employeeId = 0;
let before = { remaining: 0, taken: 0 };

async function fillDate(testid, value) {
  const input = byId(`${testid}-input`);
  await input.fill(value);
  await input.press('Tab');
}

await suite(
  'e2e HR (Chromium against `trastienda serve`: leave and the vacation balance, training, reviews, candidates)',
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
    ['an employee\'s card shows the leave, training, review and benefit sections with the balance', async () => {
      await click('nav-employees');
      await visible('employees-screen');
      await ui.page.locator('[data-testid="employee-row"]', { hasText: 'Lucía Martín Gómez' }).click();
      await visible('employee-details');
      employeeId = Number(/#\/employees\/(\d+)$/.exec(ui.page.url())?.[1] ?? 0);
      check(employeeId > 0, `the card's address is ${ui.page.url()}`);
      for (const id of ['employee-leave', 'employee-trainings', 'employee-reviews', 'employee-benefits']) await visible(id);
      await visible('leave-balance');
      before = { remaining: await num('leave-remaining'), taken: await num('leave-taken') };
      const b = await api('vacation_balance', { employee_id: employeeId, year: Y });
      check(Number(b.remaining) === before.remaining, `the card shows ${before.remaining} remaining, the server ${b.remaining}`);
      check(/Corresponden/.test(await textOf('leave-balance')), `the balance reads "${await textOf('leave-balance')}"`);
      await shot('card');
    }],
    ['a 5-day vacation makes the remaining days drop by 5', async () => {
      await click('leave-add');
      await visible('leave-form');
      await byId('leave-kind').selectOption('vacation');
      await fillDate('leave-start', dec(14));
      await fillDate('leave-end', dec(18));
      await byId('leave-note').fill('Navidad');
      await click('leave-save');
      await eventually(async () => (await byId('leave-row').count()) === 1, 'the vacation is not listed');
      const row = await textOf('leave-list');
      check(/Vacaciones/.test(row) && row.includes(`14/12/${Y}`) && /\b5\b/.test(row), `the leave row reads "${row}"`);
      await eventually(async () => (await num('leave-remaining')) === before.remaining - 5, `the remaining days do not drop from ${before.remaining} by 5`);
      check((await num('leave-taken')) === before.taken + 5, 'the taken days do not rise by 5');
      await shot('vacation');
    }],
    ['a leave overlapping it is refused, naming the other leave\'s dates, and nothing is saved', async () => {
      await click('leave-add');
      await visible('leave-form');
      await byId('leave-kind').selectOption('sick');
      await fillDate('leave-start', dec(17));
      await fillDate('leave-end', dec(21));
      await click('leave-save');
      await visible('leave-problem-start_date');
      const said = await textOf('leave-problem-start_date');
      check(/solapa/i.test(said) && said.includes(`14/12/${Y}`) && said.includes(`18/12/${Y}`) && /vacaciones/.test(said), `the overlap reads "${said}"`);
      check((await api('list_leave', { employee_id: employeeId })).length === 1, 'the overlapping leave was saved');
      check((await num('leave-remaining')) === before.remaining - 5, 'the balance changed after a refusal');
      await shot('overlap-refused');
      await ui.page.locator('[data-testid="leave-form"] button[type="button"]').click();
    }],
    ['a training and a review are added', async () => {
      await click('training-add');
      await visible('training-form');
      await byId('training-course').fill('Prevención de riesgos laborales');
      await byId('training-hours').fill('7,5');
      await click('training-save');
      await eventually(async () => (await byId('training-row').count()) === 1, 'the training is not listed');
      const t = await textOf('training-list');
      check(/Prevención de riesgos/.test(t) && /7,5/.test(t), `the training row reads "${t}"`);
      await click('review-add');
      await visible('review-form');
      await byId('review-reviewer').fill('Ana Ruiz');
      await byId('review-score').selectOption('4');
      await byId('review-comments').fill('Buen año');
      await click('review-save');
      await eventually(async () => (await byId('review-row').count()) === 1, 'the review is not listed');
      const r = await textOf('review-list');
      check(/Ana Ruiz/.test(r) && /4 \/ 5/.test(r), `the review row reads "${r}"`);
      check((await api('list_reviews', { employee_id: employeeId }))[0].fields.score === 4, 'the review was not saved with score 4');
      await shot('training-review');
    }],
    ['Candidatos, under Personal: a candidate is added and moved to "Entrevista"', async () => {
      await click('nav-candidates');
      await visible('candidates-screen');
      check(/Candidatos/.test(await textOf('nav-candidates')), `the nav entry reads "${await textOf('nav-candidates')}"`);
      await click('candidate-add');
      await visible('candidate-form');
      await byId('candidate-name').fill('Pablo Sanz Ortega');
      await byId('candidate-position').fill('Dependiente');
      await byId('candidate-email').fill('pablo@example.com');
      await click('candidate-save');
      const inNew = ui.page.locator('[data-testid="candidates-column-new"] [data-testid="candidate-card"]', { hasText: 'Pablo Sanz Ortega' });
      await eventually(async () => (await inNew.count()) === 1, 'the candidate is not in "Nuevo"');
      await shot('candidate-new');
      await inNew.getByTestId('candidate-advance').click();
      const inInterview = ui.page.locator('[data-testid="candidates-column-interview"] [data-testid="candidate-card"]', { hasText: 'Pablo Sanz Ortega' });
      await eventually(async () => (await inInterview.count()) === 1, 'the candidate did not move to "Entrevista"');
      check((await inNew.count()) === 0, 'the candidate is still in "Nuevo"');
      const list = await api('list_candidates', { status: 'interview' });
      check(list.some((c) => c.fields.name === 'Pablo Sanz Ortega'), 'the server does not have the candidate in interview');
      await shot('candidate-interview');
    }],
  ],
  { onFailure: ui.onFailure, onExit: ui.close },
);
