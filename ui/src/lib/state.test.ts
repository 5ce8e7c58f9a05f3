import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from './transport';

describe('kept messages follow the language', async () => {
  const { app, errorMsg, msg, notFoundMsg, notify, problemMsg, text } = await import('./state.svelte');
  afterEach(() => {
    app.locale = 'es';
    app.notice = null;
    vi.useRealTimers();
  });

  it('a notice is stored as key + params and worded when shown', () => {
    vi.useFakeTimers();
    notify('ok', msg('newEntry.posted', { number: 7, year: 2026 }));
    const n = app.notice!;
    expect(n.message).toEqual({ key: 'newEntry.posted', params: { number: 7, year: 2026 } });
    const es = text(n.message);
    app.locale = 'en';
    const en = text(n.message);
    expect(es).toMatch(/7\/2026/);
    expect(en).toMatch(/7\/2026/);
    expect(en).not.toBe(es);
  });

  it('errors, not-found errors and problems too', () => {
    const err = new ApiError('account_has_postings', 'x', []);
    const m = errorMsg(err);
    const nf = notFoundMsg(new ApiError('not_found', 'x', []), 'register.notFound', { code: '572' });
    const p = problemMsg({ code: 'invalid_date', field: 'date', row: null, message: 'x', params: {} });
    const es = [text(m), text(nf), text(p)];
    app.locale = 'en';
    const en = [text(m), text(nf), text(p)];
    expect(en[0]).toBe('This account has postings and cannot be deleted; deactivate it instead.');
    expect(en[2]).toBe('Invalid date.');
    expect(es[2]).toBe('Fecha no válida.');
    expect(en[1]).toContain('572');
    en.forEach((s, i) => expect(s, String(i)).not.toBe(es[i]));
  });
});
