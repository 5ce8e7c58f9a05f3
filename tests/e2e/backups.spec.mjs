// Backups end-to-end suite: Debian's Chromium against `trastienda serve`, through the real UI:
// back up now (a verified copy in the backups folder), change the books, restore the backup
// from the list, and find the change gone while the file it replaced is kept aside; then the
// change log lists the changes, filters them and verifies its SHA-256 chain.
//   node tests/e2e/backups.spec.mjs        (after scripts/setup.sh; HEADED=1 to watch)
// Screenshots go to tests/e2e/out/backups-*.png.
import fs from 'node:fs';
import path from 'node:path';
import { BrowserSession, chromiumMissing } from './browser.mjs';
import { CLI, check, eventually, requireFile, run, suite, tempDir } from './lib.mjs';

const tmp = tempDir('backups');
const dataDir = path.join(tmp, 'data');
const company = path.join(tmp, 'copias.trastienda');
const env = { ...process.env, TRASTIENDA_DATA_DIR: dataDir, RUST_BACKTRACE: '1' };
fs.mkdirSync(dataDir, { recursive: true });

const ui = new BrowserSession('backups');
const { shot, api, byId, visible, textOf, click } = ui;
const year = new Date().getFullYear();

async function post(description, cents) {
  const amount = (cents / 100).toFixed(2);
  return api('post_entry', {
    date: `${year}-01-15`,
    description,
    lines: [
      { account: '5720001', debit: amount },
      { account: '700', credit: amount },
    ],
  });
}

const entries = async () => (await api('list_entries', {})).total;
let manual;

await suite(
  'e2e backups (Chromium against `trastienda serve`: back up, change, restore)',
  [
    ['the CLI and Chromium are there', () => {
      requireFile(CLI, 'run scripts/setup.sh (cargo build --workspace --bins)');
      check(!chromiumMissing(), chromiumMissing());
    }],
    ['`trastienda init` makes "Copias SL" and `serve` opens it', async () => {
      run(CLI, ['init', '--company', company, '--name', 'Copias SL', '--tax-id', 'B12345674', '--template', 'es-pymes'], { env });
      await ui.serve(company, env);
      await ui.open();
      await eventually(async () => (await textOf('company-name')).includes('Copias SL'), 'the top bar never showed "Copias SL"');
    }],
    ['post an entry, then "Back up now" makes a verified copy listed with its date and entries', async () => {
      await post('Venta antes de la copia', 12_100);
      check((await entries()) === 1, 'the first entry was not posted');
      await click('nav-backups');
      await visible('backups-screen');
      await click('backup-now');
      await visible('backup-done', 60_000);
      const list = await api('list_backups', {});
      manual = list.find((b) => b.reason === 'manual');
      check(manual, `list_backups has no manual backup: ${JSON.stringify(list)}`);
      check(manual.entries === 1, `the manual backup holds ${manual.entries} entries, expected 1`);
      check(fs.existsSync(manual.path), `the backup file ${manual.path} does not exist`);
      await eventually(async () => (await byId('backup-row').count()) >= 1, 'the backup list shows no row');
      await shot('backed-up');
    }],
    ['change the books after the backup', async () => {
      await post('Venta después de la copia', 5_000);
      check((await entries()) === 2, 'the second entry was not posted');
    }],
    ['restore the backup from the list: the later entry is gone, the replaced file is kept aside', async () => {
      // Reload the list so it shows the backup just made, then restore that row.
      await click('nav-audit');
      await click('nav-backups');
      const row = ui.page.locator(`[data-testid="backup-row"][title="${manual.path}"]`).first();
      await eventually(async () => (await row.count()) === 1, `no backup-row has the title ${manual.path}`);
      await row.getByTestId('backup-restore').click();
      await visible('restore-dialog');
      await shot('restore-dialog');
      await click('restore-confirm');
      const said = await (async () => {
        await visible('backup-restored', 60_000);
        return textOf('backup-restored');
      })();
      await eventually(async () => (await entries()) === 1, 'after the restore the company still has the later entry');
      const aside = said.match(/\/\S+\.trastienda/)?.[0];
      check(aside && fs.existsSync(aside), `the restore message names no existing file kept aside: "${said}"`);
      check(aside !== company, 'the file kept aside is the company file itself');
      await shot('restored');
    }],
    ['the company still works after the restore: post and see it', async () => {
      await post('Venta tras restaurar', 700);
      check((await entries()) === 2, 'posting after the restore failed');
      const audit = await api('verify_audit_log');
      check(audit.ok, `the restored company's audit chain is broken: ${JSON.stringify(audit)}`);
    }],
    ['the change log lists the postings and the restore leaves a chain that verifies', async () => {
      await click('nav-audit');
      await visible('audit-screen');
      await eventually(async () => (await byId('audit-row').count()) >= 2, 'the change log shows fewer than two records');
      const posts = await ui.page.locator('[data-testid="audit-row"][data-action="post"]').count();
      check(posts >= 2, `the change log shows ${posts} postings, expected at least 2`);
      await (await visible('audit-record')).selectOption('entry:');
      await eventually(async () => (await ui.page.locator('[data-testid="audit-row"]:not([data-record^="entry:"])').count()) === 0, 'filtering by entries still shows other records');
      await click('audit-verify');
      await eventually(async () => /SHA-256/.test(await textOf('audit-check')), 'verifying the chain said nothing');
      check(!(await byId('audit-check').first().getAttribute('class')).includes('broken'), `the chain check failed: ${await textOf('audit-check')}`);
      await shot('change-log');
    }],
  ],
  {
    onFailure: ui.onFailure,
    onExit: ui.close,
  },
);
