// Browser end-to-end suite for keeping a year: fiscal years, the lock date, the year-end close
// and its undo, drafts, templates and recurring drafts, opening balances. Debian's Chromium
// (playwright-core, no browser download) against `trastienda serve` on a fresh company, through
// the real UI.
//   node tests/e2e/periods.spec.mjs        (after scripts/setup.sh; HEADED=1 to watch)
// Screenshots go to tests/e2e/out/periods-*.png.
import fs from 'node:fs';
import path from 'node:path';
import { BrowserSession, chromiumMissing } from './browser.mjs';
import { CLI, Failure, OUT_DIR, amountPattern, check, eventually, requireFile, run, suite, tempDir } from './lib.mjs';

const tmp = tempDir('periods');
const dataDir = path.join(tmp, 'data');
const company = path.join(tmp, 'ejercicios.trastienda');
const env = { ...process.env, TRASTIENDA_DATA_DIR: dataDir, RUST_BACKTRACE: '1' };
fs.mkdirSync(dataDir, { recursive: true });
// Screenshots of an earlier run would be mistaken for this one's.
if (fs.existsSync(OUT_DIR)) for (const f of fs.readdirSync(OUT_DIR)) if (/^periods-.*\.png$/.test(f)) fs.rmSync(path.join(OUT_DIR, f));

// The company's years are calendar years (fiscal year starts in January): the current one, made by
// `init`, and the one before it, made through the UI.
const now = new Date();
const Y = now.getFullYear();
const P = Y - 1;
const pad = (n) => String(n).padStart(2, '0');
const iso = (y, m, d) => `${y}-${pad(m)}-${pad(d)}`;
const es = (isoDate) => isoDate.split('-').reverse().join('/');
// The first day of the month two months back: with today, three monthly occurrences are due.
const twoMonthsBack = (() => {
  const d = new Date(Date.UTC(Y, now.getMonth() - 2, 1));
  return iso(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
})();

const ui = new BrowserSession('periods');
const { shot, api, byId, visible, textOf, click, download } = ui;
const accounts = {};

/** Types a date (dd/mm/yyyy) into a DateInput and leaves the field. */
async function fillDate(id, isoDate) {
  const input = await visible(`${id}-input`);
  await input.fill(es(isoDate));
  await input.press('Tab');
  await eventually(async () => (await byId(id).first().evaluate((el) => el.value)) === isoDate, `the date field ${id} did not take ${isoDate}`);
}

/** Picks the first postable account whose code starts with `prefix`. */
async function postableAccount(prefix) {
  const rows = await api('search_accounts', { query: prefix, limit: 20 });
  const row = rows.find((r) => String(r.code).startsWith(prefix) && r.postable !== false);
  check(row, `no postable account starting with ${prefix} in the es-pymes template`);
  return String(row.code);
}

/** Types an account code into an AccountPicker and picks it from the suggestions. */
async function fillAccount(id, code) {
  const input = await visible(id);
  await input.click();
  await input.fill(code);
  const suggestion = byId(`${id}-suggestions`).locator('button').filter({ hasText: code }).first();
  try {
    await suggestion.waitFor({ state: 'visible', timeout: 10_000 });
  } catch {
    throw new Failure(`typing ${code} into ${id} offered no suggestion with that code`);
  }
  await suggestion.click();
}

async function post(date, description, lines, reference) {
  return api('post_entry', { date, description, reference, lines: lines.map(([account, debit, credit]) => ({ account, description: '', debit, credit })) });
}

async function goto(nav, screen) {
  await click(nav);
  await visible(screen);
}

async function yearState(year) {
  const row = ui.page.locator(`[data-testid="year-row"][data-year="${year}"]`);
  await row.waitFor({ state: 'visible', timeout: 15_000 });
  return row.getAttribute('data-state');
}

/** The journal's rows of one kind (filter by kind in the UI). */
async function journalRowsOfKind(kind) {
  await goto('nav-journal', 'journal-screen');
  await click('journal-tab-entries');
  await byId('journal-kind').first().selectOption(kind);
  await eventually(async () => {
    const kinds = await byId('journal-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-kind')));
    return kinds.length > 0 && kinds.every((k) => k === kind);
  }, `the journal filtered by kind ${kind} showed no rows, or rows of another kind`);
  return byId('journal-row').evaluateAll((rows) => rows.map((r) => ({ kind: r.getAttribute('data-kind'), text: r.innerText })));
}

await suite(
  'e2e periods (Chromium against `trastienda serve`: years, lock date, close, drafts, templates)',
  [
    ['the CLI and the UI are built', () => {
      requireFile(CLI, 'run scripts/setup.sh (cargo build --workspace --bins)');
      check(!chromiumMissing(), chromiumMissing());
    }],
    ['`trastienda init` makes a fresh company (es-pymes)', () => {
      run(CLI, ['init', '--company', company, '--name', 'Ejercicios SL', '--tax-id', 'B12345674', '--template', 'es-pymes'], { env });
      check(fs.existsSync(company), `trastienda init exited 0 but ${company} does not exist`);
    }],
    ['`trastienda serve` prints its URL with a token', async () => {
      await ui.serve(company, env);
    }],
    ['the UI opens on the company', async () => {
      await ui.open();
      await eventually(async () => (await textOf('company-name')).includes('Ejercicios SL'), 'the top bar never showed "Ejercicios SL"');
      accounts.bank = await postableAccount('572');
      accounts.capital = await postableAccount('100');
      accounts.sales = await postableAccount('700');
      accounts.services = await postableAccount('705');
      accounts.other = await postableAccount('629');
    }],
    [`create the previous fiscal year (${P}) from the Periods screen`, async () => {
      await goto('nav-periods', 'periods-screen');
      check((await yearState(Y)) === 'open', `the year ${Y} made by init should be open`);
      const label = await textOf('create-previous-year');
      check(label.includes(String(P)), `the "create previous year" button should name ${P}, says "${label}"`);
      await click('create-previous-year');
      check((await yearState(P)) === 'open', `after create-previous-year the year ${P} is not listed as open`);
      await eventually(async () => (await textOf('lock-history')).includes(String(P)), `the history does not list the creation of ${P}`);
    }],
    [`post the ${P} entries (income 2.000,00, expenses 750,00: profit 1.250,00) and one in ${Y} through the form, with a reference`, async () => {
      await post(iso(P, 1, 10), 'Aportación inicial', [[accounts.bank, '10000.00', '0'], [accounts.capital, '0', '10000.00']]);
      await post(iso(P, 3, 15), 'Venta de mercaderías', [[accounts.bank, '2000.00', '0'], [accounts.sales, '0', '2000.00']], 'F-001');
      await post(iso(P, 6, 20), 'Reparación del local', [[accounts.other, '500.00', '0'], [accounts.bank, '0', '500.00']]);
      await post(iso(P, 9, 10), 'Mantenimiento', [[accounts.other, '250.00', '0'], [accounts.bank, '0', '250.00']]);
      await goto('nav-journal', 'journal-screen');
      await click('new-entry');
      await visible('entry-form');
      await fillDate('entry-date', iso(Y, 2, 10));
      await (await visible('entry-description')).fill('Servicio de asesoría');
      await (await visible('entry-reference')).fill(`F-${Y}-01`);
      await fillAccount('line-account-0', accounts.bank);
      await (await visible('line-debit-0')).fill('300,00');
      await fillAccount('line-account-1', accounts.services);
      await (await visible('line-credit-1')).fill('300,00');
      await click('post-entry');
      await visible('last-posted');
      await goto('nav-journal', 'journal-screen');
      await eventually(async () => (await textOf('journal-table')).includes(`F-${Y}-01`), `the journal does not show the reference F-${Y}-01`);
      await shot('journal-reference');
      await ui.page.locator('[data-testid="journal-row"]', { hasText: `F-${Y}-01` }).click();
      await eventually(async () => (await textOf('entry-view-reference')) === `F-${Y}-01`, 'the entry view does not show the reference');
    }],
    [`set the lock date to 30/06/${P} through the UI`, async () => {
      await goto('nav-periods', 'periods-screen');
      await fillDate('lock-date', iso(P, 6, 30));
      await click('lock-set');
      await eventually(async () => (await byId('lock-current').first().getAttribute('data-lock-date')) === iso(P, 6, 30), `lock-current did not become ${iso(P, 6, 30)}`);
      check((await textOf('lock-current')).includes(es(iso(P, 6, 30))), `lock-current should show ${es(iso(P, 6, 30))}: "${await textOf('lock-current')}"`);
    }],
    [`an entry dated 01/05/${P} (before the lock) is refused with the lock message on the date`, async () => {
      const before = (await api('list_entries', { page: 0, page_size: 1 })).total;
      await goto('nav-journal', 'journal-screen');
      await click('new-entry');
      await fillDate('entry-date', iso(P, 5, 1));
      await (await visible('entry-description')).fill('Fuera de plazo');
      await fillAccount('line-account-0', accounts.other);
      await (await visible('line-debit-0')).fill('10,00');
      await fillAccount('line-account-1', accounts.bank);
      await (await visible('line-credit-1')).fill('10,00');
      await click('post-entry');
      const msg = await eventually(async () => (await byId('entry-date-error').count()) && textOf('entry-date-error'), 'no message appeared under the date');
      check(/bloquead/i.test(msg) && msg.includes(es(iso(P, 6, 30))) && msg.includes(es(iso(P, 5, 1))), `the date message should say the books are locked up to ${es(iso(P, 6, 30))}: "${msg}"`);
      check((await byId('entry-description').first().inputValue()) === 'Fuera de plazo', 'the description typed was lost after the refusal');
      check((await api('list_entries', { page: 0, page_size: 1 })).total === before, 'an entry was posted although the date is locked');
      await shot('locked-entry-refused');
    }],
    [`move the lock date back to 31/03/${P}: refused without a reason, accepted with one and listed in the history`, async () => {
      await goto('nav-periods', 'periods-screen');
      await fillDate('lock-date', iso(P, 3, 31));
      await visible('lock-reason');
      await click('lock-set');
      const err = await textOf('lock-reason-error');
      check(/motivo/i.test(err), `without a reason the reason field should say one is needed: "${err}"`);
      check((await byId('lock-current').first().getAttribute('data-lock-date')) === iso(P, 6, 30), 'the lock date moved back without a reason');
      await shot('lock-back-needs-reason');
      await (await visible('lock-reason')).fill('Corregir la factura de marzo');
      await click('lock-set');
      await eventually(async () => (await byId('lock-current').first().getAttribute('data-lock-date')) === iso(P, 3, 31), `lock-current did not move back to ${iso(P, 3, 31)}`);
      await eventually(async () => {
        const rows = await byId('history-row').allInnerTexts();
        return rows.some((r) => r.includes('Corregir la factura de marzo') && r.includes(es(iso(P, 6, 30))) && r.includes(es(iso(P, 3, 31))));
      }, 'the history does not list the move back with its reason, before and after');
      await shot('periods-history');
    }],
    [`review the close of ${P}: three entries and the result 1.250,00`, async () => {
      await click(`close-year-${P}`);
      await visible('close-review');
      await eventually(async () => (await byId('close-entry').count()) === 3, 'the review does not show three proposed entries');
      const kinds = await byId('close-entry').evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')));
      check(JSON.stringify(kinds) === JSON.stringify(['regularisation', 'closing', 'opening']), `proposed entries: ${kinds.join(', ')}`);
      const result = await byId('close-result').first().getAttribute('data-result');
      check(result === '1250.00', `the result should be 1250.00 (2000 income - 750 expenses), the review says ${result}`);
      check(amountPattern(1250).test(await textOf('close-result')), `close-result shows "${await textOf('close-result')}"`);
      const review = await textOf('close-review');
      check(review.includes('129') && review.includes(accounts.sales) && review.includes(accounts.other), 'the regularisation should move 700 and 629 into 129');
      await shot('close-review');
    }],
    [`confirm: ${P} shows closed and the journal lists the three year-end entries`, async () => {
      await click('close-confirm');
      await eventually(async () => (await yearState(P)) === 'closed', `${P} is not shown closed after confirming`);
      await shot('year-closed');
      for (const kind of ['regularisation', 'closing', 'opening']) {
        const rows = await journalRowsOfKind(kind);
        check(rows.length === 1, `expected one ${kind} entry in the journal, found ${rows.length}`);
      }
      await byId('journal-kind').first().selectOption('');
      await eventually(async () => (await byId('kind-badge').count()) >= 3, 'the journal shows no kind badges for the year-end entries');
      await shot('journal-year-end');
      await ui.page.locator('[data-testid="journal-row"][data-kind="opening"]').click();
      await visible('entry-screen');
      check((await byId('kind-badge').first().getAttribute('data-kind')) === 'opening', 'the opening entry\'s view does not say it is an opening entry');
      await shot('opening-entry-view');
    }],
    [`reopen ${P} with a reason: the three entries are reversed, not deleted`, async () => {
      await goto('nav-periods', 'periods-screen');
      await click(`reopen-year-${P}`);
      await visible('reopen-dialog');
      await click('reopen-confirm');
      await visible('reopen-reason-error');
      await (await visible('reopen-reason')).fill('Falta una factura de diciembre');
      await shot('reopen-dialog');
      await click('reopen-confirm');
      await eventually(async () => (await yearState(P)) === 'open', `${P} is not shown open after reopening`);
      await eventually(async () => (await byId('history-row').allInnerTexts()).some((r) => r.includes('Falta una factura de diciembre')), 'the reopen reason is not in the history');
      const reversals = await journalRowsOfKind('reversal');
      check(reversals.length === 3, `expected three reversal entries, found ${reversals.length}`);
      await byId('journal-kind').first().selectOption('closing');
      await eventually(async () => (await textOf('journal-table')).includes('Anulado'), 'the closing entry is not marked reversed');
      await shot('journal-reversals');
    }],
    ['save a draft, see it listed, post it', async () => {
      await byId('journal-kind').first().selectOption('');
      await click('new-entry');
      await visible('entry-form');
      await (await visible('entry-description')).fill('Borrador de prueba');
      await (await visible('entry-reference')).fill('REC-7');
      await fillAccount('line-account-0', accounts.other);
      await (await visible('line-debit-0')).fill('45,50');
      await fillAccount('line-account-1', accounts.bank);
      await (await visible('line-credit-1')).fill('45,50');
      await click('save-draft');
      await visible('editing-draft');
      check(ui.page.url().includes('draft='), `after saving a draft the address should name it: ${ui.page.url()}`);
      await goto('nav-journal', 'journal-screen');
      await click('journal-tab-drafts');
      await eventually(async () => (await byId('draft-row').allInnerTexts()).some((r) => r.includes('Borrador de prueba') && r.includes('REC-7')), 'the draft is not listed');
      await shot('drafts');
      const entriesBefore = (await api('list_entries', { page: 0, page_size: 1 })).total;
      await ui.page.locator('[data-testid="draft-row"]', { hasText: 'Borrador de prueba' }).getByTestId('draft-post').click();
      await eventually(async () => (await byId('draft-row').count()) === 0, 'the posted draft is still listed');
      check((await api('list_entries', { page: 0, page_size: 1 })).total === entriesBefore + 1, 'posting the draft did not add an entry');
    }],
    [`a monthly template from ${es(twoMonthsBack)}; "draft recurring" makes 3 drafts`, async () => {
      await goto('nav-templates', 'templates-screen');
      await click('template-new');
      await visible('template-editor');
      await (await visible('template-name')).fill('Alquiler mensual');
      await (await visible('template-description')).fill('Alquiler del local');
      await fillAccount('template-account-0', accounts.other);
      await (await visible('template-description-0')).fill('Alquiler');
      await (await visible('template-debit-0')).fill('800,00');
      await fillAccount('template-account-1', accounts.bank);
      await (await visible('template-credit-1')).fill('800,00');
      await (await visible('template-repeats')).check();
      await byId('template-every').first().selectOption('monthly');
      await fillDate('template-first-date', twoMonthsBack);
      await shot('template-editor');
      await click('template-save');
      await eventually(async () => (await byId('template-row').allInnerTexts()).some((r) => r.includes('Alquiler mensual') && r.includes(es(twoMonthsBack))), 'the template is not listed with its next date');
      await shot('templates');
      await goto('nav-journal', 'journal-screen');
      await click('journal-tab-drafts');
      await click('draft-recurring');
      const said = await textOf('draft-recurring-result');
      check(/\b3\b/.test(said), `draft recurring should report 3 drafts: "${said}"`);
      await eventually(async () => (await byId('draft-row').count()) === 3, 'the drafts list does not show 3 drafts');
      const dates = await byId('draft-row').allInnerTexts();
      check(dates[0].includes(es(twoMonthsBack)), `the first draft should be dated ${es(twoMonthsBack)}: ${dates[0]}`);
      check(dates[2].includes(es(iso(Y, now.getMonth() + 1, 1))), `the third draft should be dated ${es(iso(Y, now.getMonth() + 1, 1))}: ${dates[2]}`);
      await shot('recurring-drafts');
    }],
    ['open a recurring draft in the form: its lines are there', async () => {
      await byId('draft-open').first().click();
      await visible('editing-draft');
      await eventually(async () => (await byId('entry-description').first().inputValue()) === 'Alquiler del local', 'the draft did not load into the form');
      check((await byId('line-account-0').first().inputValue()) === accounts.other, 'the draft line 1 account did not load');
      await eventually(async () => /0[.,]00/.test(await textOf('difference')), 'the loaded draft is not balanced');
      await shot('draft-in-form');
    }],
    ['post the loaded draft from the form: it becomes an entry and leaves the drafts', async () => {
      const entriesBefore = (await api('list_entries', { page: 0, page_size: 1 })).total;
      await click('post-entry');
      await visible('last-posted');
      check((await byId('editing-draft').count()) === 0, 'the form still says it edits a draft after posting it');
      check(!ui.page.url().includes('draft='), `the address still names the posted draft: ${ui.page.url()}`);
      check((await api('list_entries', { page: 0, page_size: 1 })).total === entriesBefore + 1, 'posting the loaded draft did not add an entry');
      check((await api('list_drafts')).length === 2, 'the posted draft is still among the drafts');
    }],
    ['"Use" a template: a new entry prefilled; saving it as a template again under the same name is refused next to the name', async () => {
      await goto('nav-templates', 'templates-screen');
      await click('template-use');
      await visible('entry-form');
      await eventually(async () => (await byId('entry-description').first().inputValue()) === 'Alquiler del local', 'the template did not prefill the description');
      check((await byId('line-debit-0').first().inputValue()) === '800,00', 'the template did not prefill the amounts');
      check((await byId('editing-draft').count()) === 0, 'an entry from a template is not a draft');
      await click('save-template');
      await visible('save-template-dialog');
      await (await visible('save-template-name')).fill('Alquiler mensual');
      await click('save-template-confirm');
      const err = await textOf('save-template-name-error');
      check(/ya hay una plantilla/i.test(err), `a duplicate template name should be refused next to the name: "${err}"`);
      await shot('save-template-duplicate');
      await ui.page.keyboard.press('Escape');
    }],
    ['filter the journal by account, amount range and kind; a bad amount is marked', async () => {
      await goto('nav-journal', 'journal-screen');
      await click('journal-tab-entries');
      await byId('journal-kind').first().selectOption('normal');
      await (await visible('journal-min-total')).fill('1.000');
      await (await visible('journal-max-total')).fill('5.000');
      await eventually(async () => {
        const rows = await byId('journal-row').allInnerTexts();
        return rows.length === 1 && rows[0].includes('Venta de mercaderías');
      }, 'normal entries between 1.000 and 5.000 should be only the sale of 2.000');
      await (await visible('journal-min-total')).fill('');
      await (await visible('journal-max-total')).fill('');
      await (await visible('journal-account')).fill(accounts.services);
      await eventually(async () => {
        const rows = await byId('journal-row').allInnerTexts();
        return rows.length === 1 && rows[0].includes('Servicio de asesoría');
      }, `normal entries on account ${accounts.services} should be only the advisory service`);
      await (await visible('journal-min-total')).fill('abc');
      const bad = await textOf('journal-min-total-error');
      check(/no válido/i.test(bad), `a bad minimum should be marked: "${bad}"`);
      await shot('journal-filters');
      await click('journal-clear-filters');
    }],
    ['opening balances: a CSV row with an unknown account is named by its file row; an unbalanced form says by how much', async () => {
      await goto('nav-periods', 'periods-screen');
      await fillDate('opening-date', iso(Y, 1, 1));
      const csv = `account,debit,credit\n${accounts.bank},1000.00,\n9999999,,400.00\n${accounts.capital},,600.00\n`;
      await byId('opening-file').first().setInputFiles({ name: 'saldos.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
      await click('opening-import');
      const errs = await textOf('opening-import-errors');
      check(/Fila 3/.test(errs) && errs.includes('9999999'), `the import should name file row 3 and account 9999999: "${errs}"`);
      await byId('opening-card').first().scrollIntoViewIfNeeded();
      await shot('opening-import-errors');
      await fillAccount('opening-account-0', accounts.bank);
      await (await visible('opening-debit-0')).fill('100,00');
      await fillAccount('opening-account-1', accounts.capital);
      await (await visible('opening-credit-1')).fill('90,00');
      await eventually(async () => amountPattern(10).test(await textOf('opening-difference')), 'the live difference does not show 10,00');
      await click('opening-post');
      const msg = await textOf('opening-errors');
      check(amountPattern(10).test(msg), `the refusal should say the balances are off by 10,00: "${msg}"`);
      check((await byId('opening-debit-0').first().inputValue()) === '100,00', 'the amounts typed were lost after the refusal');
      await byId('opening-card').first().scrollIntoViewIfNeeded();
      await shot('opening-balances');
    }],
    ['switch to English: the periods screen is in English', async () => {
      await click('lang-toggle');
      await eventually(async () => /Fiscal years/.test(await textOf('periods-screen')), 'the periods screen did not switch to English');
      await shot('periods-en');
      await click('lang-toggle');
    }],
  ],
  {
    onFailure: ui.onFailure,
    onExit: ui.close,
  },
);
