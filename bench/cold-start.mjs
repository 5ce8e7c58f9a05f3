// Cold start to first screen, measured (not asserted): how long from launching Trastienda to
// the first screen showing the demo company's trial balance.
//   node bench/cold-start.mjs [ENTRIES]            browser path: `trastienda serve` + Chromium
//   xvfb-run -a node bench/cold-start.mjs [ENTRIES] --desktop   also the real desktop window
// ENTRIES (default 100000) sizes the demo company, made once per size under bench/out/.
// Uses the debug binaries from scripts/setup.sh (TRASTIENDA_CLI_BIN / TRASTIENDA_DESKTOP_BIN to
// point at release builds). Prints a small table; run it a few times and take the median.
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from '../tests/e2e/node_modules/playwright-core/index.mjs';
import { CLI, DESKTOP, Child, freePort, run, tempDir } from '../tests/e2e/lib.mjs';
import { WebDriver } from '../tests/e2e/webdriver.mjs';

const args = process.argv.slice(2);
const entries = Number(args.find((a) => /^\d+$/.test(a)) ?? 100000);
const desktop = args.includes('--desktop');
const out = path.resolve(path.dirname(new URL(import.meta.url).pathname), 'out');
fs.mkdirSync(out, { recursive: true });
const dataDir = tempDir('cold-start');
const company = path.join(out, `cold-${entries}.trastienda`);
if (!fs.existsSync(company)) {
  run(CLI, ['demo', '--company', company, '--entries', String(entries)], { env: { ...process.env, TRASTIENDA_DATA_DIR: dataDir } });
}
const rows = [];
const ms = (t0) => `${Math.round(performance.now() - t0)} ms`;

// Browser: process start -> URL printed -> trial balance rows on screen.
{
  const port = await freePort();
  const t0 = performance.now();
  const serve = new Child('serve', CLI, ['serve', '--company', company, '--port', String(port)], {
    env: { ...process.env, TRASTIENDA_DATA_DIR: dataDir },
  });
  const [url] = await serve.waitFor(/http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]+/, 60_000, 'its URL');
  rows.push(['serve: process start to listening', ms(t0)]);
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const t1 = performance.now();
  await page.goto(url);
  await page.locator('[data-testid="nav-trial-balance"]').waitFor({ timeout: 60_000 });
  rows.push(['browser: page load to shell', ms(t1)]);
  await page.click('[data-testid="nav-trial-balance"]');
  await page.locator('[data-testid="tb-total-debit"]').waitFor({ timeout: 60_000 });
  rows.push(['browser: load to trial balance shown', ms(t1)]);
  rows.push(['serve + browser: start to trial balance', ms(t0)]);
  await browser.close();
  serve.stop();
}

// Desktop: WebDriver launches the real app; time to the welcome screen, then to the demo's
// trial balance (the demo in the data dir is this size's company).
if (desktop) {
  fs.mkdirSync(path.join(dataDir, 'companies'), { recursive: true });
  fs.copyFileSync(company, path.join(dataDir, 'companies', 'demo.trastienda'));
  const port = await freePort();
  const env = { ...process.env, TAURI_WEBVIEW_AUTOMATION: 'true', TRASTIENDA_DATA_DIR: dataDir, GTK_USE_PORTAL: '0', NO_AT_BRIDGE: '1' };
  const driver = new Child('WebKitWebDriver', '/usr/bin/WebKitWebDriver', [`--port=${port}`], { env });
  await new Promise((r) => setTimeout(r, 500));
  const wd = new WebDriver(`http://127.0.0.1:${port}`);
  const t0 = performance.now();
  await wd.start({ alwaysMatch: { 'webkitgtk:browserOptions': { binary: DESKTOP, args: [] } } }, 120_000);
  await wd.byTestId('open-demo', 60_000);
  rows.push(['desktop: launch to welcome screen', ms(t0)]);
  await wd.click(await wd.byTestId('open-demo'));
  await wd.click(await wd.byTestId('nav-trial-balance', 60_000));
  await wd.byTestId('tb-total-debit', 60_000);
  rows.push(['desktop: launch to trial balance shown', ms(t0)]);
  await wd.quit();
  driver.stop();
}

console.log(`\ncold start, demo company of ${entries} entries`);
console.log('| step | time |\n|---|---:|');
for (const [k, v] of rows) console.log(`| ${k} | ${v} |`);
process.exit(0);
