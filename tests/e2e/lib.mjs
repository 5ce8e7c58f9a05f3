// Shared helpers of the end-to-end suites: paths, processes, temporary dirs, assertions.
// No test framework: each suite is a node script that runs its steps in order and exits 1 with
// a clear message (and the server's log tail) on the first failed step.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const E2E_DIR = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(E2E_DIR, '..', '..');
export const OUT_DIR = path.join(E2E_DIR, 'out');
export const CLI = process.env.TRASTIENDA_CLI_BIN ?? path.join(ROOT, 'target', 'debug', 'trastienda');
export const DESKTOP = process.env.TRASTIENDA_DESKTOP_BIN ?? path.join(ROOT, 'target', 'debug', 'trastienda-desktop');

/** An assertion failure: the message says what was expected and what was seen. */
export class Failure extends Error {}

export function check(condition, message) {
  if (!condition) throw new Failure(message);
}

export function requireFile(file, hint) {
  check(fs.existsSync(file), `${path.relative(ROOT, file)} is missing: ${hint}`);
}

/** A fresh temporary directory, removed at exit unless KEEP_E2E_TMP=1. */
export function tempDir(prefix) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `trastienda-${prefix}-`));
  if (process.env.KEEP_E2E_TMP !== '1') cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Runs a command to completion; fails with its output when the exit status is not 0. */
export function run(cmd, args, options = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 300_000, ...options });
  const shown = `${path.relative(ROOT, cmd) || cmd} ${args.join(' ')}`;
  check(!r.error, `could not run ${shown}: ${r.error}`);
  check(r.status === 0, `${shown} exited with ${r.status ?? r.signal}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`);
  return r.stdout;
}

/** A long-running child process whose output is kept for the failure report. */
export class Child {
  constructor(name, cmd, args, options = {}) {
    this.name = name;
    this.log = '';
    this.exited = null;
    this.proc = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
    this.proc.stdout.setEncoding('utf8');
    this.proc.stderr.setEncoding('utf8');
    this.proc.stdout.on('data', (d) => (this.log += d));
    this.proc.stderr.on('data', (d) => (this.log += d));
    this.proc.on('exit', (code, signal) => (this.exited = code ?? signal));
    this.proc.on('error', (e) => {
      this.log += `\n[spawn error] ${e}`;
      this.exited = 'spawn-error';
    });
    cleanups.push(() => this.stop());
    children.push(this);
  }

  /** Waits until the output matches `re`; returns the match. */
  async waitFor(re, timeoutMs, what) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const m = this.log.match(re);
      if (m) return m;
      check(this.exited === null, `${this.name} exited (${this.exited}) before printing ${what}`);
      check(Date.now() < deadline, `${this.name} did not print ${what} within ${timeoutMs / 1000} s`);
      await sleep(100);
    }
  }

  stop() {
    if (this.exited === null && this.proc.pid) {
      try {
        this.proc.kill('SIGTERM');
      } catch {
        /* already gone */
      }
    }
  }

  tail(lines = 40) {
    return this.log.split('\n').slice(-lines).join('\n');
  }
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Polls `fn` until it returns a truthy value; fails with `what` after the timeout. */
export async function eventually(fn, what, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) {
      throw new Failure(`${what} (waited ${timeoutMs / 1000} s${last ? `; last error: ${last.message ?? last}` : ''})`);
    }
    await sleep(150);
  }
}

/** Matches an amount as the UI may show it in either language: 1.000,00 / 1,000.00 / 1 000,00. */
export function amountPattern(units) {
  const s = String(units);
  const grouped = s.replace(/\B(?=(\d{3})+(?!\d))/g, '[.,\\s\\u00a0\\u202f]?');
  return new RegExp(`(^|[^\\d])${grouped}[.,]00(?!\\d)`);
}

const cleanups = [];
const children = [];
let finished = false;

function cleanup() {
  while (cleanups.length) {
    try {
      cleanups.pop()();
    } catch {
      /* best effort */
    }
  }
}

/**
 * Runs the named steps in order. On the first failure: prints which step failed and why, calls
 * `onFailure` (screenshots), prints the children's log tails, and exits 1.
 */
export async function suite(name, steps, { onFailure, onExit } = {}) {
  fs.mkdirSync(OUT_DIR, { recursive: true });
  const interrupted = (sig) => {
    if (finished) return;
    console.error(`\n✘ ${name}: interrupted by ${sig}`);
    for (const c of children) console.error(`--- ${c.name} (last lines)\n${c.tail()}`);
    cleanup();
    process.exit(1);
  };
  process.on('SIGTERM', () => interrupted('SIGTERM'));
  process.on('SIGINT', () => interrupted('SIGINT'));
  console.log(`${name}`);
  const started = Date.now();
  let current = '(setup)';
  try {
    for (const [stepName, fn] of steps) {
      current = stepName;
      const t0 = Date.now();
      await fn();
      console.log(`  ✔ ${stepName} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
    }
    finished = true;
    if (onExit) await onExit().catch(() => {});
    cleanup();
    console.log(`${name}: all ${steps.length} steps passed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    process.exit(0);
  } catch (e) {
    finished = true;
    console.error(`  ✘ ${current}`);
    console.error(`\nFAILED: ${name} — step "${current}":\n  ${e instanceof Failure ? e.message : e.stack ?? e}`);
    if (onFailure) {
      try {
        const shot = await onFailure(current);
        if (shot) console.error(`  screenshot: ${path.relative(ROOT, shot)}`);
      } catch (err) {
        console.error(`  (no screenshot: ${err.message ?? err})`);
      }
    }
    for (const c of children) console.error(`--- ${c.name} output (last lines)\n${c.tail()}`);
    if (onExit) await onExit().catch(() => {});
    cleanup();
    process.exit(1);
  }
}

export function slug(s) {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}
