// Banking end-to-end suite: Debian's Chromium against `trastienda serve` on the demo company:
// "Cuentas bancarias" under "Bancos" lists the demo's 'Cuenta principal' (5720001) with its
// book and bank balances and open lines; "Importar extracto" takes a Norma 43 file for that
// account, detects the format, previews its 4 lines as new with the closing balance checked,
// imports them (the result says 4 added) and the account's open lines grow by 4; the same
// file again previews every line as already imported and adds 0. "Conciliación" (from the
// account's row) lists the open lines with the counts; the demo transfer that names an open
// invoice shows that invoice first and "Aceptar" reconciles it (the line leaves the open list
// and the count drops); the bank fee gets a new entry on 626 with "crear una regla con esto",
// and the rule shows under Reglas; a line is ignored, found under Ignorados and reopened.
//   node tests/e2e/bank.spec.mjs        (after scripts/setup.sh; HEADED=1 to watch)
// Screenshots go to tests/e2e/out/bank-*.png.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BrowserSession, chromiumMissing } from './browser.mjs';
import { CLI, check, eventually, requireFile, run, suite, tempDir } from './lib.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const FIXTURE = path.join(here, 'fixtures', 'extracto-demo.n43');
const tmp = tempDir('bank');
const dataDir = path.join(tmp, 'data');
const company = path.join(tmp, 'demo.trastienda');
const env = { ...process.env, TRASTIENDA_DATA_DIR: dataDir, RUST_BACKTRACE: '1' };
fs.mkdirSync(dataDir, { recursive: true });

const ui = new BrowserSession('bank');
const { shot, api, byId, visible, textOf, click } = ui;

let accountId = 0;
let openBefore = 0;
const lineRow = (id) => ui.page.locator(`[data-testid="rec-line"][data-id="${id}"]`);
const openCount = async () => (await api('list_bank_accounts')).find((x) => x.id === accountId).unreconciled;
async function openLines() {
  return (await api('list_bank_lines', { account_id: accountId, state: 'open' })).rows;
}
const mainRow = () => ui.page.locator('[data-testid="bank-account-row"]', { hasText: 'Cuenta principal' });

async function pickFile() {
  const input = ui.page.getByTestId('bank-import-file');
  check((await input.count()) === 1, 'the import screen has no file input');
  await input.setInputFiles({ name: 'extracto-demo.n43', mimeType: 'application/octet-stream', buffer: fs.readFileSync(FIXTURE) });
}

await suite(
  'e2e bank (Chromium against `trastienda serve`: bank accounts, statement import)',
  [
    ['the CLI, Chromium and the fixture are there', () => {
      requireFile(CLI, 'run scripts/setup.sh (cargo build --workspace --bins)');
      requireFile(FIXTURE, 'tests/e2e/fixtures/extracto-demo.n43 is part of the repository');
      check(!chromiumMissing(), chromiumMissing());
    }],
    ['`trastienda demo` makes the demo company and `serve` opens it', async () => {
      run(CLI, ['demo', '--company', company, '--entries', '300'], { env });
      await ui.serve(company, env);
      await ui.open();
      await eventually(async () => (await textOf('company-name')).length > 0, 'the top bar never showed the company');
    }],
    ['Cuentas bancarias lists the demo account with both balances and its open lines', async () => {
      await click('nav-bank-accounts');
      await visible('bank-accounts-screen');
      await eventually(async () => (await mainRow().count()) === 1, "'Cuenta principal' is not listed");
      const row = await mainRow().innerText();
      check(row.includes('5720001') && row.includes('ES33'), `the row reads "${row}"`);
      const accounts = await api('list_bank_accounts');
      const a = accounts.find((x) => x.name === 'Cuenta principal');
      accountId = a.id;
      openBefore = a.unreconciled;
      check(openBefore > 0, 'the demo account has no lines to reconcile');
      check((await mainRow().getByTestId('bank-unreconciled').innerText()).trim() === String(openBefore), 'the open lines shown differ from the server');
      await shot('accounts');
    }],
    ['Importar extracto detects Norma 43 and previews 4 new lines with the balance checked', async () => {
      await click('nav-bank-import');
      await visible('bank-import-screen');
      await byId('bank-import-account').selectOption(String(accountId));
      await pickFile();
      await visible('bank-preview-table');
      await eventually(async () => /Norma 43/.test(await textOf('bank-import-detected')), 'the format was not detected');
      await eventually(async () => (await byId('bank-preview-line').count()) === 4, 'the preview does not list 4 lines');
      check((await ui.page.locator('[data-testid="bank-preview-line"][data-new="true"]').count()) === 4, 'not every line is marked new');
      const counts = await textOf('bank-preview-counts');
      check(/4 movimientos: 4 nuevos, 0 ya importados/.test(counts), `the counts read "${counts}"`);
      const balance = await textOf('bank-preview-balance');
      check(/cuadra/.test(balance) && balance.includes('3.604,60'), `the balance check reads "${balance}"`);
      const a = (await api('list_bank_accounts')).find((x) => x.id === accountId);
      check(a.unreconciled === openBefore, 'the preview wrote lines');
      await shot('preview');
    }],
    ['Import adds the 4 lines', async () => {
      await click('bank-import-do');
      await visible('bank-import-result');
      const r = await textOf('bank-import-result');
      check(/4 leídos, 4 añadidos, 0 ya estaban/.test(r), `the result reads "${r}"`);
      await eventually(async () => (await ui.page.locator('[data-testid="bank-preview-line"][data-new="false"]').count()) === 4, 'after importing, the preview does not mark the lines imported');
      const a = (await api('list_bank_accounts')).find((x) => x.id === accountId);
      check(a.unreconciled === openBefore + 4, `open lines ${a.unreconciled}, expected ${openBefore + 4}`);
      await shot('imported');
    }],
    ['the same file again: every line already imported, 0 added', async () => {
      await ui.page.reload();
      await visible('bank-import-screen');
      await byId('bank-import-account').selectOption(String(accountId));
      await pickFile();
      await visible('bank-preview-table');
      await eventually(async () => /4 movimientos: 0 nuevos, 4 ya importados/.test(await textOf('bank-preview-counts')), 'the second preview does not say all 4 are imported');
      await click('bank-import-do');
      await visible('bank-import-nothing-new');
      const r = await textOf('bank-import-result');
      check(/0 añadidos, 4 ya estaban/.test(r), `the result reads "${r}"`);
      await shot('again');
      await click('nav-bank-accounts');
      await eventually(
        async () => (await mainRow().getByTestId('bank-unreconciled').innerText()).trim() === String(openBefore + 4),
        'the account does not show the 4 new open lines',
      );
      await shot('accounts-after');
    }],
    ['Conciliación from the account row lists the open lines with the counts', async () => {
      await mainRow().getByTestId('bank-account-reconcile').click();
      await visible('bank-reconcile-screen');
      check(ui.page.url().includes(`#/bank-reconcile?account=${accountId}`), `the address is ${ui.page.url()}`);
      const open = await openCount();
      await eventually(async () => (await byId('rec-line').count()) === open, `the screen does not list the ${open} open lines`);
      check((await textOf('rec-open-count')).includes(String(open)), 'the open count is not shown');
      check((await textOf('rec-book')).length > 0 && (await textOf('rec-statement')).length > 0, 'the balances are not shown');
    }],
    ['a transfer naming an open invoice: suggested first, accepted, gone from the open list', async () => {
      let target = null;
      for (const l of await openLines()) {
        const s = await api('bank_suggestions', { line_id: l.id });
        if (s.length && (s[0].kind === 'invoice' || s[0].kind === 'bill')) {
          target = { line: l, first: s[0] };
          break;
        }
      }
      check(target, 'no demo line has an invoice or bill as its first suggestion');
      const before = await openCount();
      await lineRow(target.line.id).click();
      await visible('rec-suggestions');
      const first = ui.page.getByTestId('rec-suggestion').first();
      check((await first.getAttribute('data-kind')) === target.first.kind, 'the first suggestion is not the document');
      check((await first.innerText()).includes(target.first.label), `the first suggestion reads "${await first.innerText()}"`);
      await shot('suggestions');
      // Splitting: the document goes to the allocation table; a bad amount is named by row.
      await first.getByTestId('rec-split').click();
      await visible('rec-alloc');
      await byId('rec-alloc-amount').fill('12,3,4');
      await click('rec-alloc-accept');
      await eventually(async () => /Fila 1/.test(await textOf('rec-alloc-problem')), 'a bad allocation amount is not named by its row');
      await ui.page.getByTestId('rec-alloc-row').getByRole('button').click();
      await first.getByTestId('rec-accept').click();
      await eventually(async () => (await lineRow(target.line.id).count()) === 0, 'the accepted line is still in the open list');
      await eventually(async () => (await textOf('rec-open-count')).includes(String(before - 1)), 'the open count did not drop');
      const all = (await api('list_bank_lines', { account_id: accountId })).rows;
      check(all.find((l) => l.id === target.line.id).state === 'reconciled', 'the line is not reconciled on the server');
    }],
    ['the bank fee: a new entry on 626 with a rule, and the rule is listed', async () => {
      const fee = (await openLines()).find((l) => /COMISION MANTENIMIENTO/.test(l.description));
      check(fee, 'the demo fee line is not open');
      const before = await openCount();
      await lineRow(fee.id).click();
      await visible('rec-new-entry');
      const acct = byId('rec-entry-account');
      await acct.fill('626');
      await acct.press('Escape');
      await byId('rec-entry-vat').selectOption('0');
      await byId('rec-entry-rule').check();
      await shot('new-entry');
      await click('rec-entry-do');
      await eventually(async () => (await lineRow(fee.id).count()) === 0, 'the fee line is still open');
      await eventually(async () => (await textOf('rec-open-count')).includes(String(before - 1)), 'the open count did not drop');
      const rules = await api('list_bank_rules');
      check(rules.some((r) => r.account === '626'), 'no rule was made from the line');
      await click('rec-tab-rules');
      await eventually(async () => (await ui.page.locator('[data-testid="rule-row"]', { hasText: '626' }).count()) === 1, 'the rule is not listed');
      await shot('rules');
      await click('rule-add');
      await click('rule-save');
      await visible('rule-problem-name');
      await visible('rule-problem-match_text');
      await byId('rule-name').fill('Teléfono');
      await byId('rule-match').fill('movistar');
      await byId('rule-sign').selectOption('out');
      await byId('rule-account').fill('629');
      await byId('rule-account').press('Escape');
      await byId('rule-vat').selectOption('21');
      await click('rule-save');
      await eventually(async () => (await byId('rule-row').count()) === 2, 'the new rule is not listed');
      const rule = (await api('list_bank_rules')).find((r) => r.match_text === 'movistar');
      check(rule && rule.vat_rate === '21' && rule.sign === 'out', `the rule saved is ${JSON.stringify(rule)}`);
      await click('rec-tab-lines');
      const tel = (await openLines()).find((l) => /MOVISTAR/.test(l.description));
      await lineRow(tel.id).click();
      await eventually(async () => (await ui.page.locator('[data-testid="rec-suggestion"][data-kind="rule"]').count()) >= 1, 'the new rule is not suggested for the Movistar line');
    }],
    ['a line ignored leaves the open list, shows under Ignorados and is reopened', async () => {
      const tpv = (await openLines()).find((l) => /INGRESO TPV/.test(l.description));
      check(tpv, 'the demo TPV line is not open');
      const before = await openCount();
      await lineRow(tpv.id).click();
      await click('rec-ignore');
      await eventually(async () => (await lineRow(tpv.id).count()) === 0, 'the ignored line is still open');
      await eventually(async () => (await textOf('rec-open-count')).includes(String(before - 1)), 'the open count did not drop');
      await click('rec-filter-ignored');
      await eventually(async () => (await lineRow(tpv.id).count()) === 1, 'the line is not under Ignorados');
      await lineRow(tpv.id).click();
      await shot('ignored');
      await click('rec-reopen');
      await eventually(async () => (await lineRow(tpv.id).count()) === 0, 'the reopened line is still under Ignorados');
      check((await openCount()) === before, 'reopening did not bring the line back');
    }],
  ],
  { onFailure: ui.onFailure, onExit: ui.close },
);
