// Backups end-to-end suite: Debian's Chromium against `trastienda serve`, through the real UI:
// back up now (a verified copy in the backups folder), change the books, restore the backup
// from the list, and find the change gone while the file it replaced is kept aside; then the
// change log lists the changes, filters them and verifies its SHA-256 chain; last, a password
// encrypts the file, is asked for when opening it again (a wrong one refused), and is removed;
// and a damaged file is replaced by its latest good backup from the dialog it opens.
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
    ['a password encrypts the company file; a short one is refused under its field', async () => {
      await click('nav-backups');
      await visible('password-card');
      const encrypted = async () => (await byId('password-state').getAttribute('data-encrypted')) === 'true';
      check(!(await encrypted()), 'the new company says it is encrypted');
      check(/no está cifrado|not encrypted/.test(await textOf('password-state')), 'the card does not say the file is plain');
      await byId('password-new').fill('corta');
      await byId('password-repeat').fill('corta');
      await click('password-apply');
      await visible('password-new-problem');
      await byId('password-new').fill('una clave bien larga');
      await byId('password-repeat').fill('una clave bien larga');
      await click('password-apply');
      await eventually(encrypted, 'the screen never said the file is encrypted');
      check(/cifrado con la contraseña|encrypted with the password/i.test(await textOf('notice')), `the notice does not say the password was set: "${await textOf('notice')}"`);
      const head = fs.readFileSync(company).subarray(0, 15).toString('latin1');
      check(head !== 'SQLite format 3', 'the company file still starts with the plain SQLite header');
      check(!fs.readFileSync(company).includes(Buffer.from('Copias SL')), 'the company name is readable in the file');
      await shot('password-set');
    }],
    ['opening it again asks for the password: a wrong one is refused, the right one opens it', async () => {
      await click('company-switcher');
      await click('menu-close-company');
      await visible('welcome');
      const recent = ui.page.locator('[data-testid="recent-company"]', { hasText: 'Copias SL' }).first();
      await recent.click();
      await visible('unlock-dialog');
      await byId('unlock-password').fill('no es esta');
      await click('unlock-submit');
      await visible('unlock-wrong');
      await shot('unlock-wrong');
      await byId('unlock-password').fill('una clave bien larga');
      await click('unlock-submit');
      await eventually(async () => (await textOf('company-name')).includes('Copias SL'), 'the right password did not open the company');
      check((await entries()) === 2, 'the encrypted company lost entries');
    }],
    ['a backup of the encrypted company is encrypted too; removing the password writes the file back plain', async () => {
      await click('nav-backups');
      await click('backup-now');
      await visible('backup-done', 60_000);
      const latest = (await api('list_backups', {}))[0];
      check(latest.encrypted && !latest.locked, `the new backup is not an encrypted one the app can read: ${JSON.stringify(latest)}`);
      check(fs.readFileSync(latest.path).subarray(0, 15).toString('latin1') !== 'SQLite format 3', 'the backup file is plain SQLite');
      await byId('password-current').fill('una clave bien larga');
      await click('password-remove');
      await eventually(async () => (await byId('password-state').getAttribute('data-encrypted')) === 'false', 'the screen never said the password was removed');
      check(fs.readFileSync(company).subarray(0, 15).toString('latin1') === 'SQLite format 3', 'the file is still encrypted after removing the password');
      await shot('password-removed');
    }],
    ['a damaged file offers its latest good backup, and one click puts it in place', async () => {
      await click('company-switcher');
      await click('menu-close-company'); // closing makes a backup
      await visible('welcome');
      const bytes = fs.readFileSync(company);
      bytes.fill(0x5a, 4096, Math.min(bytes.length, 4096 * 8));
      fs.writeFileSync(company, bytes);
      await ui.page.locator('[data-testid="recent-company"]', { hasText: 'Copias SL' }).first().click();
      await visible('damaged-dialog');
      await visible('damaged-backup');
      await shot('damaged');
      await click('damaged-restore');
      await eventually(async () => (await textOf('company-name')).includes('Copias SL'), 'the restored company did not open');
      check((await entries()) === 2, 'the restored company does not have its two entries');
      const kept = fs.readdirSync(tmp).filter((n) => n.includes('.before-restore-'));
      check(kept.length >= 2, `the damaged file was not kept aside: ${kept.join(', ')}`);
    }],
  ],
  {
    onFailure: ui.onFailure,
    onExit: ui.close,
  },
);
