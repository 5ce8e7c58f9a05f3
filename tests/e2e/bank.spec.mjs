// Banking end-to-end suite: Debian's Chromium against `trastienda serve` on the demo company:
// "Cuentas bancarias" under "Bancos" lists the demo's 'Cuenta principal' (5720001) with its
// book and bank balances and open lines; "Importar extracto" takes a Norma 43 file for that
// account, detects the format, previews its 4 lines as new with the closing balance checked,
// imports them (the result says 4 added) and the account's open lines grow by 4; the same
// file again previews every line as already imported and adds 0.
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
  ],
  { onFailure: ui.onFailure, onExit: ui.close },
);
