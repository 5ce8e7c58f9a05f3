import { describe, expect, it } from 'vitest';
import { Latest } from './latest';

// A promise the test settles by hand, to make answers arrive in any order.
function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

// Records what a screen would see: the loading flag over time, results and errors.
function screen<T>() {
  const seen = { loading: [] as boolean[], ok: [] as T[], err: [] as unknown[] };
  const on = {
    loading: (v: boolean) => void seen.loading.push(v),
    ok: (v: T) => void seen.ok.push(v),
    err: (e: unknown) => void seen.err.push(e),
  };
  return { seen, on };
}

describe('latest request wins', () => {
  it('delivers a lone request and ends loading', async () => {
    const latest = new Latest();
    const { seen, on } = screen<string>();
    const a = deferred<string>();
    const done = latest.run(() => a.promise, on);
    expect(seen.loading).toEqual([true]);
    a.resolve('a');
    await done;
    expect(seen).toEqual({ loading: [true, false], ok: ['a'], err: [] });
  });

  it('ignores an older request that resolves after a newer one', async () => {
    const latest = new Latest();
    const { seen, on } = screen<string>();
    const old = deferred<string>();
    const fresh = deferred<string>();
    const oldDone = latest.run(() => old.promise, on);
    const freshDone = latest.run(() => fresh.promise, on);
    fresh.resolve('fresh');
    await freshDone;
    old.resolve('old');
    await oldDone;
    expect(seen.ok).toEqual(['fresh']);
    expect(seen.loading).toEqual([true, true, false]);
  });

  it('ignores an older request that resolves before the newer one', async () => {
    const latest = new Latest();
    const { seen, on } = screen<string>();
    const old = deferred<string>();
    const fresh = deferred<string>();
    const oldDone = latest.run(() => old.promise, on);
    const freshDone = latest.run(() => fresh.promise, on);
    old.resolve('old');
    await oldDone;
    // The older answer neither shows nor ends loading: the newer one is still on its way.
    expect(seen).toEqual({ loading: [true, true], ok: [], err: [] });
    fresh.resolve('fresh');
    await freshDone;
    expect(seen).toEqual({ loading: [true, true, false], ok: ['fresh'], err: [] });
  });

  it('ignores the errors of stale requests', async () => {
    const latest = new Latest();
    const { seen, on } = screen<string>();
    const old = deferred<string>();
    const fresh = deferred<string>();
    const oldDone = latest.run(() => old.promise, on);
    const freshDone = latest.run(() => fresh.promise, on);
    old.reject(new Error('stale'));
    await oldDone;
    fresh.resolve('fresh');
    await freshDone;
    expect(seen).toEqual({ loading: [true, true, false], ok: ['fresh'], err: [] });
  });

  it('delivers the newest error, not an older result', async () => {
    const latest = new Latest();
    const { seen, on } = screen<string>();
    const old = deferred<string>();
    const fresh = deferred<string>();
    const oldDone = latest.run(() => old.promise, on);
    const freshDone = latest.run(() => fresh.promise, on);
    const boom = new Error('boom');
    fresh.reject(boom);
    await freshDone;
    old.resolve('old');
    await oldDone;
    expect(seen).toEqual({ loading: [true, true, false], ok: [], err: [boom] });
  });

  it('cancel makes the request in flight stale', async () => {
    const latest = new Latest();
    const { seen, on } = screen<string>();
    const a = deferred<string>();
    const done = latest.run(() => a.promise, on);
    latest.cancel();
    a.resolve('a');
    await done;
    expect(seen).toEqual({ loading: [true], ok: [], err: [] });
    const b = deferred<string>();
    const again = latest.run(() => b.promise, on);
    b.reject('x');
    await again;
    expect(seen).toEqual({ loading: [true, true, false], ok: [], err: ['x'] });
  });

  it('calls the loader at once, and a loader that throws is an error', async () => {
    const latest = new Latest();
    const { seen, on } = screen<string>();
    let called = false;
    const done = latest.run(() => {
      called = true;
      throw new Error('sync');
    }, on);
    expect(called).toBe(true);
    await done;
    expect(seen.loading).toEqual([true, false]);
    expect((seen.err[0] as Error).message).toBe('sync');
  });

  it('an error thrown while delivering the result is delivered as an error', async () => {
    const latest = new Latest();
    const { seen, on } = screen<string>();
    const bad = new Error('ok threw');
    await latest.run(() => Promise.resolve('a'), {
      ...on,
      ok: () => {
        throw bad;
      },
    });
    expect(seen).toEqual({ loading: [true, false], ok: [], err: [bad] });
  });
});
