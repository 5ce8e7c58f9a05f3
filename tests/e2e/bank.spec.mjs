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
// One transfer pays two invoices of a customer: both are split from the suggestions and the
// line accepted; a rule is edited and deleted under Reglas; 'Deshacer' puts the fee's line and
// the invoice's line back to open (the entry reversed, the invoice open again, the books back);
// a generated 60 000-movement Norma 43 file shows the progress bar while it is previewed and
// imported into a second account.
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
/** The line the invoice suggested first paid, and that invoice. */
let paidLine = null;
let feeLine = null;
const cents = (s) => BigInt(s.replace('.', ''));
const book = async () => cents((await api('list_bank_accounts')).find((x) => x.id === accountId).book_balance);

/**
 * A valid Norma 43 file of `n` movements over 2026 for one account (as bench/bank.sh writes it):
 * the 11 header, alternating credits (a 23 concept each) and debits, the 33 totals and the 88.
 */
function norma43(n) {
  const pad = (s, w) => s.slice(0, w).padEnd(w);
  const num = (v, w) => String(v).padStart(w, '0');
  const acct = ['2100', '0418', '0200051332'].join('');
  const opening = 5_000_000;
  let td = 0, tc = 0, nd = 0, nc = 0, recs = 0;
  const out = [`11${acct}260101261231${'2'}${num(opening, 14)}978${'3'}${pad('EXTRACTOS DE PRUEBA SL', 26)}   `];
  recs++;
  for (let i = 1; i <= n; i++) {
    const pos = ((i - 1) * 12) / n;
    const m = Math.floor(pos) + 1;
    const d = Math.floor((pos - Math.floor(pos)) * 28) + 1;
    const date = `26${num(m, 2)}${num(d, 2)}`;
    const amt = ((i * 7919) % 500_000) + 100;
    const credit = i % 2 === 1;
    if (credit) { tc += amt; nc++; } else { td += amt; nd++; }
    out.push(`22    0418${date}${date}${credit ? '02' : '03'}001${credit ? '2' : '1'}${num(amt, 14)}${num(0, 10)}${pad(`R${num(i, 11)}`, 12)}${pad(credit ? 'TRANSFERENCIA' : 'RECIBO', 16)}`);
    recs++;
    if (credit) {
      out.push(`2301${pad(`TRANSF. DE CLIENTE ${num(i % 50_000, 5)} SL`, 38)}${pad(`FRA F2026-${num(i, 6)}`, 38)}`);
      recs++;
    }
  }
  const fin = opening + tc - td;
  out.push(`33${acct}${num(nd, 5)}${num(td, 14)}${num(nc, 5)}${num(tc, 14)}${fin < 0 ? '1' : '2'}${num(Math.abs(fin), 14)}978    `);
  recs++;
  out.push(`88${'9'.repeat(18)}${num(recs, 6)}${' '.repeat(54)}`);
  return Buffer.from(out.join('\n') + '\n', 'latin1');
}
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
    ['the reconciliation report is asked for at the day chosen in the header', async () => {
      await byId('bank-report-as-of').fill('15/11/2026');
      await byId('bank-report-as-of').press('Tab');
      const asked = ui.page.waitForRequest((r) => r.url().includes('/api/bank_reconciliation_pdf'));
      const popup = ui.page.context().waitForEvent('page').catch(() => null);
      await mainRow().getByTestId('bank-account-report').click();
      const body = JSON.parse((await asked).postData() ?? '{}');
      check(body.account_id === accountId && body.as_of === '2026-11-15', `the report was asked with ${JSON.stringify(body)}`);
      const p = await popup;
      if (p) await p.close();
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
      paidLine = target;
    }],
    ['one transfer paying two invoices: both split from the suggestions, then accepted', async () => {
      const line = (await openLines()).find((l) => l.reference.startsWith('FRAS '));
      check(line, 'the demo has no open transfer paying two invoices');
      const numbers = line.reference.slice('FRAS '.length).split(' Y ');
      const issued = await api('list_invoices', { state: 'issued' });
      const docs = numbers.map((n) => issued.find((i) => i.number === n));
      check(docs.length === 2 && docs.every((d) => d && d.open === d.total), `the invoices ${numbers} are not both fully open`);
      check(cents(docs[0].open) + cents(docs[1].open) === cents(line.amount), 'the transfer is not the sum of the two invoices');
      const before = await openCount();
      await lineRow(line.id).click();
      await visible('rec-suggestions');
      for (const d of docs) {
        const s = ui.page.locator(`[data-testid="rec-suggestion"][data-kind="invoice"][data-id="${d.id}"]`);
        await eventually(async () => (await s.count()) === 1, `invoice ${d.number} is not suggested for the transfer`);
        await s.getByTestId('rec-split').click();
      }
      await eventually(async () => (await byId('rec-alloc-row').count()) === 2, 'the split does not list both invoices');
      const total = await textOf('rec-alloc-total');
      check(/queda 0,00/.test(total), `the split reads "${total}"`);
      await shot('split');
      await click('rec-alloc-accept');
      await eventually(async () => (await lineRow(line.id).count()) === 0, 'the split line is still open');
      await eventually(async () => (await textOf('rec-open-count')).includes(String(before - 1)), 'the open count did not drop');
      const after = await api('list_invoices', { state: 'issued' });
      for (const d of docs) {
        const a = after.find((i) => i.id === d.id);
        check(a.open === '0.00', `invoice ${d.number} still has ${a.open} open`);
      }
    }],
    ['the bank fee: a new entry on 626 with a rule, and the rule is listed', async () => {
      const fee = (await openLines()).find((l) => /COMISION MANTENIMIENTO/.test(l.description));
      check(fee, 'the demo fee line is not open');
      feeLine = fee;
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
    ['a rule edited and deleted under Reglas', async () => {
      const rule = (await api('list_bank_rules')).find((r) => r.match_text === 'movistar');
      check(rule, 'the Movistar rule is not there');
      await click('rec-tab-rules');
      const row = ui.page.locator(`[data-testid="rule-row"][data-id="${rule.id}"]`);
      await eventually(async () => (await row.count()) === 1, 'the rule is not listed');
      await row.getByTestId('rule-edit').click();
      await byId('rule-name').fill('Teléfono móvil');
      await byId('rule-vat').selectOption('10');
      await click('rule-save');
      await eventually(async () => (await row.innerText()).includes('Teléfono móvil'), 'the edited name is not shown');
      const edited = (await api('list_bank_rules')).find((r) => r.id === rule.id);
      check(edited.name === 'Teléfono móvil' && edited.vat_rate === '10' && edited.match_text === 'movistar', `the rule saved is ${JSON.stringify(edited)}`);
      check((await row.innerText()).includes('10 %'), 'the new VAT rate is not shown');
      await shot('rule-edited');
      ui.page.once('dialog', (d) => d.accept());
      await row.getByTestId('rule-delete').click();
      await eventually(async () => (await row.count()) === 0, 'the deleted rule is still listed');
      check(!(await api('list_bank_rules')).some((r) => r.id === rule.id), 'the rule is still on the server');
      await click('rec-tab-lines');
    }],
    ["Deshacer: the fee's entry reversed, the invoice's payment undone, both lines open again", async () => {
      check(feeLine && paidLine, 'an earlier step did not reconcile the fee or the invoice');
      const openAtStart = await openCount();
      await click('rec-filter-reconciled');
      for (const [line, label] of [[feeLine, 'fee'], [paidLine.line, 'invoice transfer']]) {
        const bookBefore = await book();
        await eventually(async () => (await lineRow(line.id).count()) === 1, `the ${label} line is not under Conciliados`);
        await lineRow(line.id).click();
        await visible('rec-unreconcile');
        if (label === 'fee') await shot('undo');
        ui.page.once('dialog', (d) => d.accept());
        await click('rec-unreconcile');
        await eventually(async () => (await lineRow(line.id).count()) === 0, `the ${label} line is still under Conciliados`);
        const now = (await api('list_bank_lines', { account_id: accountId })).rows.find((l) => l.id === line.id);
        check(now.state === 'open', `the ${label} line is ${now.state} on the server`);
        // What it posted is reversed: the books move back by the line's amount.
        const bookAfter = await book();
        check(bookAfter === bookBefore - cents(line.amount), `the book balance went from ${bookBefore} to ${bookAfter} undoing ${line.amount}`);
      }
      if (paidLine.first.kind === 'invoice') {
        const inv = (await api('list_invoices', { state: 'issued' })).find((i) => i.id === paidLine.first.target_id);
        check(inv.open === inv.total, `the invoice has ${inv.open} open of ${inv.total} after the undo`);
      }
      check((await openCount()) === openAtStart + 2, 'the open count did not grow by the two lines');
      await click('rec-filter-open');
      await eventually(async () => (await lineRow(feeLine.id).count()) === 1, 'the fee line is not back in the open list');
    }],
    ['a 60 000-movement statement: the progress bar shows while it is previewed and imported', async () => {
      const big = norma43(60_000);
      const acct = await api('save_bank_account', {
        account: { name: 'Cuenta de pruebas', kind: 'bank', currency: 'EUR', create_ledger_account: true, opening_balance: '50000' },
      });
      await ui.page.reload();
      await click('nav-bank-import');
      await visible('bank-import-screen');
      await eventually(async () => (await byId('bank-import-account').locator(`option[value="${acct.id}"]`).count()) === 1, 'the new account is not offered');
      await byId('bank-import-account').selectOption(String(acct.id));
      await ui.page.getByTestId('bank-import-file').setInputFiles({ name: 'grande.n43', mimeType: 'application/octet-stream', buffer: big });
      await eventually(async () => (await byId('bank-import-progress').count()) === 1, 'no progress bar while the big file is previewed');
      await shot('progress-preview');
      await eventually(async () => (await byId('bank-preview-line').count()) > 0, 'the big file was not previewed', 120_000);
      const counts = await textOf('bank-preview-counts');
      check(/60\.?000 movimientos: 60\.?000 nuevos/.test(counts), `the counts read "${counts}"`);
      await click('bank-import-do');
      // Past reading the file: the lines checked, then stored, counted on the bar.
      const counted = ui.page.locator('[data-testid="bank-import-progress"]:not([data-phase="reading"])');
      await eventually(async () => (await counted.count()) === 1, 'the bar never counted the lines checked or stored', 60_000);
      const phase = await counted.innerText();
      check(/(Comprobando|Guardando) [\d.]+ de 60\.000/.test(phase), `the bar reads "${phase}"`);
      await shot('progress-import');
      await visible('bank-import-result', 120_000);
      const r = await textOf('bank-import-result');
      check(/60\.?000 leídos, 60\.?000 añadidos/.test(r), `the result reads "${r}"`);
      // The preview read again afterwards has its own bar; then none.
      await eventually(async () => (await byId('bank-import-progress').count()) === 0, 'the progress bar stays after the import', 60_000);
      const a = (await api('list_bank_accounts')).find((x) => x.id === acct.id);
      check(a.unreconciled === 60_000, `the test account has ${a.unreconciled} open lines`);
    }],
  ],
  { onFailure: ui.onFailure, onExit: ui.close },
);
