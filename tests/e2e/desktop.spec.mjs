// Desktop end-to-end suite: the real Tauri window (WebKitGTK) driven through WebKitWebDriver.
//   xvfb-run -a -s "-screen 0 1280x800x24" node tests/e2e/desktop.spec.mjs   (after scripts/setup.sh)
// The app runs on a temporary data dir (TRASTIENDA_DATA_DIR), so nothing touches the user's files.
// Screenshots go to tests/e2e/out/desktop-*.png; with UPDATE_SCREENSHOT=1 the trial balance
// screenshot also replaces docs/screenshot-trial-balance.png (the README's picture).
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { Child, DESKTOP, Failure, OUT_DIR, ROOT, amountPattern, check, eventually, freePort, requireFile, sleep, suite, tempDir } from './lib.mjs';
import { WebDriver } from './webdriver.mjs';

const DRIVER = process.env.WEBKIT_WEBDRIVER ?? '/usr/bin/WebKitWebDriver';
const tmp = tempDir('desktop');
const dataDir = path.join(tmp, 'data');
const exportDir = path.join(tmp, 'exports');
fs.mkdirSync(dataDir, { recursive: true });
fs.mkdirSync(exportDir, { recursive: true });
const env = {
  ...process.env,
  TAURI_WEBVIEW_AUTOMATION: 'true',
  TRASTIENDA_DATA_DIR: dataDir,
  RUST_BACKTRACE: '1',
  // No desktop portal or a11y bus under Xvfb: keep GTK quiet and local.
  GTK_USE_PORTAL: '0',
  NO_AT_BRIDGE: '1',
};

let driver;
let wd;
let shotNo = 0;
const accounts = {};

async function shot(name) {
  if (!wd?.session) return null;
  const file = path.join(OUT_DIR, `desktop-${String(++shotNo).padStart(2, '0')}-${name}.png`);
  fs.writeFileSync(file, await wd.screenshot());
  return file;
}

/** Runs one api command through the real IPC path (window.__TAURI_INTERNALS__ -> `call`). */
async function ipc(cmd, args = {}) {
  const r = await wd.executeAsync(
    `const done = arguments[arguments.length - 1];
     window.__TAURI_INTERNALS__.invoke('call', { cmd: arguments[0], args: arguments[1] })
       .then((ok) => done({ ok }), (err) => done({ err: err ?? null }));`,
    [cmd, args],
  );
  return r;
}

async function ipcOk(cmd, args = {}) {
  const r = await ipc(cmd, args);
  check(r && 'ok' in r, `the IPC command ${cmd} was rejected: ${JSON.stringify(r?.err)}`);
  return r.ok;
}

async function textOf(id) {
  return wd.text(await wd.byTestId(id));
}

async function fill(id, value) {
  const el = await wd.byTestId(id);
  await wd.clear(el);
  await wd.type(el, value);
  return el;
}

async function postableAccount(prefix) {
  const rows = await ipcOk('search_accounts', { query: prefix, limit: 20 });
  const row = rows.find((r) => String(r.code).startsWith(prefix) && r.postable !== false);
  check(row, `no postable account starting with ${prefix} in the demo company (search_accounts gave ${rows.map((r) => r.code).join(', ') || 'nothing'})`);
  return String(row.code);
}

/** Types an account code into an entry line and clicks the suggestion with that code. */
async function pickAccount(index, code) {
  await fill(`line-account-${index}`, code);
  const button = await eventually(async () => {
    for (const b of await wd.findAll(`[data-testid="line-account-${index}-suggestions"] button`)) {
      if ((await wd.text(b)).includes(code)) return b;
    }
    return null;
  }, `typing ${code} into line-account-${index} offered no suggestion with that code`, 10_000);
  await wd.click(button);
}

/** The app's windows under Xvfb (for the native Save dialog, which WebDriver cannot see). */
function xWindows() {
  const r = spawnSync('xdotool', ['search', '--onlyvisible', '--name', '.'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.split('\n').filter(Boolean) : [];
}

function windowName(id) {
  const r = spawnSync('xdotool', ['getwindowname', id], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : '';
}

await suite(
  'e2e desktop (real webview through WebKitWebDriver)',
  [
    ['the desktop binary, WebKitWebDriver and a display are present', () => {
      requireFile(DESKTOP, 'run scripts/setup.sh (cargo build --workspace --bins)');
      check(fs.existsSync(DRIVER), `${DRIVER} is missing: install the Debian package webkit2gtk-driver (scripts/setup-system.sh)`);
      check(process.env.DISPLAY, 'no $DISPLAY: run this suite under xvfb-run -a -s "-screen 0 1280x800x24" (scripts/test.sh does)');
    }],
    ['WebKitWebDriver starts', async () => {
      const port = Number(process.env.WEBDRIVER_PORT ?? (await freePort()));
      driver = new Child('WebKitWebDriver', DRIVER, [`--port=${port}`], { env });
      wd = new WebDriver(`http://127.0.0.1:${port}`);
      await eventually(async () => (await wd.request('GET', '/status', undefined, 2_000))?.ready !== false, `WebKitWebDriver did not answer on port ${port}`, 20_000);
    }],
    ['the Trastienda window opens in a WebDriver session', async () => {
      await wd.start({ alwaysMatch: { 'webkitgtk:browserOptions': { binary: DESKTOP, args: [] } } }, 120_000);
      await wd.setScriptTimeout(120_000);
      const title = await wd.title();
      check(/Trastienda/.test(title), `the window title is ${JSON.stringify(title)}, expected "Trastienda"`);
      try {
        await eventually(async () => (await wd.exists('open-demo')) || (await wd.exists('company-name')), 'neither the welcome screen (open-demo) nor an open company (company-name) appeared', 30_000);
      } catch (e) {
        // Say why: the page's text, and whether the api answers app_info at all.
        const body = await wd.execute('return document.body ? document.body.innerText.slice(0, 200) : ""').catch(() => '?');
        const probe = await wd
          .executeAsync(
            `const done = arguments[arguments.length - 1];
             setTimeout(() => done('app_info did not answer within 10 s (a hang in the api or the shell?)'), 10000);
             window.__TAURI_INTERNALS__.invoke('call', { cmd: 'app_info', args: {} })
               .then(() => done('app_info answers'), (err) => done('app_info was rejected: ' + JSON.stringify(err)));`,
          )
          .catch((err) => `could not probe app_info: ${err.message}`);
        throw new Failure(`${e.message}; the window shows ${JSON.stringify(body)}; ${probe}`);
      }
      await shot('window');
    }],
    ['the one IPC command answers and honours TRASTIENDA_DATA_DIR', async () => {
      const info = await ipcOk('app_info');
      check(path.resolve(String(info.data_dir)) === path.resolve(dataDir), `app_info.data_dir is ${info.data_dir}, expected the test's ${dataDir} (TRASTIENDA_DATA_DIR)`);
      const bad = await ipc('no_such_command');
      check(bad && bad.err && typeof bad.err.code === 'string' && typeof bad.err.message === 'string', `an unknown command should reject with {code, message, problems}, got ${JSON.stringify(bad)}`);
    }],
    ['open the demo company from the welcome screen', async () => {
      await wd.click(await wd.byTestId('open-demo', 20_000));
      await eventually(async () => (await wd.exists('company-name')) && (await textOf('company-name')).length > 0, 'after clicking open-demo no company name appeared in the top bar', 120_000);
      accounts.bank = await postableAccount('572');
      accounts.capital = await postableAccount('100');
      await shot('demo-open');
    }],
    ['post a balanced entry (572 debit 1000.00 / 100 credit 1000.00)', async () => {
      const before = (await ipcOk('list_entries', { page: 0, page_size: 1 })).total;
      await wd.click(await wd.byTestId('nav-journal'));
      await wd.click(await wd.byTestId('new-entry'));
      if (await wd.exists('entry-description')) await fill('entry-description', 'Aportación del socio (e2e escritorio)');
      await pickAccount(0, accounts.bank);
      await fill('line-debit-0', '1000.00');
      await pickAccount(1, accounts.capital);
      await fill('line-credit-1', '1000.00');
      await eventually(async () => /(^|[^\d])0[.,]00/.test(await textOf('difference')), 'the [data-testid=difference] did not show 0,00 for a balanced entry');
      await shot('entry-form');
      await wd.click(await wd.byTestId('post-entry'));
      await wd.byTestId('last-posted', 15_000).catch(async () => {
        const errors = (await wd.exists('entry-errors')) ? await textOf('entry-errors') : '(no entry-errors shown)';
        throw new Failure(`after clicking post-entry no last-posted link appeared; the form says: ${errors}`);
      });
      await eventually(async () => (await ipcOk('list_entries', { page: 0, page_size: 1 })).total === before + 1, `after post-entry the journal still has ${before} entries`);
    }],
    ['the trial balance shows the totals; screenshot', async () => {
      await wd.click(await wd.byTestId('nav-trial-balance'));
      await wd.byTestId('tb-table', 30_000);
      // The screen's period (the fiscal year to date by default), to ask the api the same question.
      const from = (await wd.exists('tb-from')) ? await wd.property(await wd.byTestId('tb-from'), 'value') : '';
      const to = (await wd.exists('tb-to')) ? await wd.property(await wd.byTestId('tb-to'), 'value') : '';
      const tb = await ipcOk('trial_balance', { ...(from ? { from } : {}), ...(to ? { to } : {}) });
      const total = await textOf('tb-total-debit');
      const units = String(tb.total_debit).replace(/\.\d+$/, '');
      check(amountPattern(units).test(total) || total.replace(/\D/g, '') === String(tb.total_debit).replace(/\D/g, ''), `[data-testid=tb-total-debit] shows "${total}", the api says total_debit ${tb.total_debit} for ${from || '...'} – ${to || '...'}`);
      check((await textOf('tb-table')).includes(accounts.bank), `the trial balance table has no row for ${accounts.bank}`);
      // A clean picture: dismiss the "entry posted" notice when it offers a close control.
      for (const c of await wd.findAll('[data-testid="notice"] button, [data-testid="notice"] a')) await wd.click(c).catch(() => {});
      await sleep(300);
      const file = await shot('trial-balance');
      if (process.env.UPDATE_SCREENSHOT === '1') {
        const target = path.join(ROOT, 'docs', 'screenshot-trial-balance.png');
        fs.mkdirSync(path.dirname(target), { recursive: true });
        fs.copyFileSync(file, target);
        console.log(`    updated ${path.relative(ROOT, target)}`);
      }
    }],
    ['export the trial balance as PDF', async () => {
      const target = path.join(exportDir, 'balance-e2e.pdf');
      const windowsBefore = new Set(xWindows());
      await wd.click(await wd.byTestId('export-pdf'));
      // Desktop export asks where to save through the native GTK dialog, which WebDriver
      // cannot reach: find the new window and answer it with xdotool (type a path, Enter).
      const dialog = await eventually(() => xWindows().find((w) => !windowsBefore.has(w) && windowName(w) !== 'Trastienda'), 'no Save dialog appeared after clicking export-pdf', 20_000);
      await sleep(500);
      execFileSync('xdotool', ['windowfocus', '--sync', dialog]);
      execFileSync('xdotool', ['key', '--clearmodifiers', 'ctrl+a']);
      execFileSync('xdotool', ['type', '--delay', '10', target]);
      execFileSync('xdotool', ['key', 'Return']);
      await eventually(() => fs.existsSync(target) && fs.statSync(target).size > 0, `the PDF was not saved to ${target} after answering the Save dialog ("${windowName(dialog)}")`, 30_000);
      const head = fs.readFileSync(target).subarray(0, 5).toString('latin1');
      check(head === '%PDF-', `${target} does not start with %PDF- (got ${JSON.stringify(head)})`);
      const txt = spawnSync('pdftotext', ['-layout', target, '-'], { encoding: 'utf8' });
      if (txt.status === 0) check(txt.stdout.includes(accounts.bank), `the saved PDF's text has no ${accounts.bank}`);
      await shot('exported');
    }],
    ["an issued invoice's archived PDF is drawn inside the window (pdf.js in WebKitGTK)", async () => {
      const issued = await ipcOk('document_list', { source: 'issued', category: 'facturas_emitidas', page_size: 1 });
      check(issued.total > 0, 'the demo company has no archived invoice PDF');
      await wd.execute('window.location.hash = arguments[0];', [`#/archive/${issued.rows[0].id}`]);
      await wd.byTestId('document-screen', 20_000);
      await eventually(async () => (await wd.findAll('[data-testid="preview-page"]')).length >= 1, 'the invoice PDF was not drawn in the preview', 30_000);
      const size = await wd.execute('const c = document.querySelector(\'[data-testid="preview-page"]\'); return [c.width, c.height];');
      check(size[0] > 300 && size[1] > 400, `the drawn page is ${size[0]}x${size[1]}`);
      await shot('document-preview');
    }],
  ],
  {
    onFailure: async (step) => {
      const name = `FAILED-${step.replace(/[^a-z0-9]+/gi, '-').slice(0, 40)}`;
      try {
        return await shot(name);
      } catch {
        const file = path.join(OUT_DIR, `desktop-${name}-screen.png`);
        execFileSync('import', ['-window', 'root', file]);
        return file;
      }
    },
    onExit: async () => {
      await wd?.quit();
      driver?.stop();
    },
  },
);
