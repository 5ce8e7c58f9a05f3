// What every browser suite does against `trastienda serve`: start the server on a company and
// read its URL and token, open Debian's Chromium on it (playwright-core, no browser download),
// find elements by data-testid with a clear failure, call commands the way the UI does,
// download exports, and take numbered screenshots into tests/e2e/out/<prefix>-NN-name.png.
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { CLI, Child, Failure, OUT_DIR, check, eventually, freePort } from './lib.mjs';

export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export function chromiumMissing() {
  return fs.existsSync(CHROMIUM) ? null : `${CHROMIUM} is missing: run scripts/setup-system.sh (Debian package chromium)`;
}

/** One server and one browser page; the helpers are bound, so they can be destructured. */
export class BrowserSession {
  constructor(prefix) {
    this.prefix = prefix;
    this.shotNo = 0;
    this.server = null;
    this.baseUrl = null;
    this.token = null;
    this.browser = null;
    this.page = null;
    for (const m of ['shot', 'api', 'byId', 'visible', 'textOf', 'click', 'download', 'close', 'onFailure']) this[m] = this[m].bind(this);
  }

  /** Starts `trastienda serve` on `company` and waits until it answers. Returns its printed URL. */
  async serve(company, env) {
    const port = await freePort();
    this.server = new Child('trastienda serve', CLI, ['serve', '--company', company, '--port', String(port)], { env });
    const [url] = await this.server.waitFor(/http:\/\/127\.0\.0\.1:\d+\/\?token=[^\s"']+/, 60_000, 'its URL (http://127.0.0.1:PORT/?token=...)');
    const u = new URL(url);
    check(u.port === String(port), `serve was asked for port ${port} but printed ${url}`);
    this.token = u.searchParams.get('token');
    check(this.token && this.token.length >= 16, `the token in ${url} is too short to be random`);
    this.baseUrl = `${u.protocol}//${u.host}`;
    await eventually(async () => (await fetch(`${this.baseUrl}/`)).ok, `GET ${this.baseUrl}/ never answered 200`);
    return url;
  }

  /** Opens Chromium (HEADED=1 shows it) on the served UI, in Spanish, at 1280x800. */
  async open() {
    const headed = process.env.HEADED === '1';
    this.browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: !headed,
      args: headed ? CHROMIUM_FLAGS.filter((f) => f !== '--headless') : CHROMIUM_FLAGS,
    });
    this.page = await this.browser.newPage({ viewport: { width: 1280, height: 800 }, acceptDownloads: true, locale: 'es-ES' });
    this.page.on('pageerror', (e) => console.error(`  [page error] ${e.message}`));
    // Refusals the tests provoke on purpose answer 4xx; the browser logs each one.
    this.page.on('console', (m) => m.type() === 'error' && !/the server responded with a status of 4\d\d/.test(m.text()) && console.error(`  [console] ${m.text()}`));
    await this.page.goto(`${this.baseUrl}/?token=${encodeURIComponent(this.token)}`);
    return this.page;
  }

  async shot(name) {
    if (!this.page) return null;
    const file = path.join(OUT_DIR, `${this.prefix}-${String(++this.shotNo).padStart(2, '0')}-${name}.png`);
    await this.page.screenshot({ path: file, fullPage: true });
    return file;
  }

  /** Calls a command over HTTP the way the UI does (for data a test needs, not for its checks). */
  async api(cmd, args = {}) {
    const res = await fetch(`${this.baseUrl}/api/${cmd}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-trastienda-token': this.token },
      body: JSON.stringify(args),
    });
    const body = await res.json().catch(() => null);
    check(res.ok, `POST /api/${cmd} answered ${res.status}: ${JSON.stringify(body)}`);
    return body;
  }

  byId(id) {
    return this.page.getByTestId(id);
  }

  async visible(id, timeout = 15_000) {
    try {
      await this.byId(id).first().waitFor({ state: 'visible', timeout });
    } catch {
      throw new Failure(`the element [data-testid="${id}"] did not become visible within ${timeout / 1000} s (url ${this.page.url()})`);
    }
    return this.byId(id).first();
  }

  async textOf(id) {
    return ((await (await this.visible(id)).innerText()) ?? '').trim();
  }

  async click(id) {
    await (await this.visible(id)).click();
  }

  /** Clicks `id` and saves the download it starts into tests/e2e/out/. */
  async download(id, what) {
    const [dl] = await Promise.all([this.page.waitForEvent('download', { timeout: 30_000 }), (await this.visible(id)).click()]);
    const file = path.join(OUT_DIR, `${this.prefix}-${dl.suggestedFilename() || what}`);
    await dl.saveAs(file);
    return file;
  }

  /** The suite's options: a screenshot of a failed step, the browser closed at the end. */
  onFailure(step) {
    return this.shot(`FAILED-${step.replace(/[^a-z0-9]+/gi, '-').slice(0, 40)}`);
  }

  async close() {
    await this.browser?.close();
  }
}
