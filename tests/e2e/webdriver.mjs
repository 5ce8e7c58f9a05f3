// A minimal W3C WebDriver client over fetch: just what the desktop suite needs.
import { Failure, eventually } from './lib.mjs';

const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';

export class WebDriver {
  constructor(baseUrl) {
    this.base = baseUrl;
    this.session = null;
  }

  async request(method, path, body, timeoutMs = 60_000) {
    const url = `${this.base}${path}`;
    let res;
    try {
      res = await fetch(url, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (e) {
      throw new Failure(`WebDriver ${method} ${path} failed: ${e.message ?? e}`);
    }
    const json = await res.json().catch(() => ({}));
    const value = json.value;
    if (!res.ok || (value && typeof value === 'object' && value.error)) {
      const err = new Failure(`WebDriver ${method} ${path} -> ${res.status} ${value?.error ?? ''}: ${value?.message ?? JSON.stringify(json)}`);
      err.webdriverError = value?.error;
      throw err;
    }
    return value;
  }

  s(path) {
    return `/session/${this.session}${path}`;
  }

  async start(capabilities, timeoutMs) {
    const value = await this.request('POST', '/session', { capabilities }, timeoutMs);
    this.session = value.sessionId;
    return value;
  }

  async quit() {
    if (!this.session) return;
    const id = this.session;
    this.session = null;
    await this.request('DELETE', `/session/${id}`, undefined, 10_000).catch(() => {});
  }

  /** All elements matching a CSS selector (possibly none). */
  async findAll(css) {
    const list = await this.request('POST', this.s('/elements'), { using: 'css selector', value: css });
    return list.map((e) => e[ELEMENT]);
  }

  async byTestId(id, timeoutMs = 15_000) {
    return eventually(async () => {
      const [el] = await this.findAll(`[data-testid="${id}"]`);
      if (!el) return null;
      const shown = await this.request('GET', this.s(`/element/${el}/displayed`)).catch(() => true);
      return shown ? el : null;
    }, `the element [data-testid="${id}"] did not appear in the window`, timeoutMs);
  }

  async exists(id) {
    return (await this.findAll(`[data-testid="${id}"]`)).length > 0;
  }

  async click(el) {
    await this.request('POST', this.s(`/element/${el}/click`), {});
  }

  async text(el) {
    return String(await this.request('GET', this.s(`/element/${el}/text`))).trim();
  }

  async property(el, name) {
    return this.request('GET', this.s(`/element/${el}/property/${name}`));
  }

  async clear(el) {
    await this.request('POST', this.s(`/element/${el}/clear`), {});
  }

  async type(el, text) {
    await this.request('POST', this.s(`/element/${el}/value`), { text });
  }

  async execute(script, args = []) {
    return this.request('POST', this.s('/execute/sync'), { script, args });
  }

  async executeAsync(script, args = [], timeoutMs = 60_000) {
    return this.request('POST', this.s('/execute/async'), { script, args }, timeoutMs);
  }

  async setScriptTimeout(ms) {
    await this.request('POST', this.s('/timeouts'), { script: ms });
  }

  /** PNG bytes of the current window. */
  async screenshot() {
    return Buffer.from(await this.request('GET', this.s('/screenshot')), 'base64');
  }

  async title() {
    return this.request('GET', this.s('/title'));
  }
}

export const KEYS = { ENTER: '\uE007', TAB: '\uE004' };
