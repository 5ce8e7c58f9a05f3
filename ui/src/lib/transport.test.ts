import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

describe('ApiError.from', async () => {
  const { ApiError } = await import('./transport');
  it('keeps code, message and every problem', () => {
    const e = ApiError.from({
      code: 'validation',
      message: 'bad',
      problems: [{ code: 'unknown_account', field: 'account', row: 2, message: 'x', params: { account: '999' } }],
    });
    expect(e).toBeInstanceOf(ApiError);
    expect(e.code).toBe('validation');
    expect(e.problems[0]).toEqual({ code: 'unknown_account', field: 'account', row: 2, message: 'x', params: { account: '999' } });
  });
  it('accepts a JSON string (Tauri) and plain errors', () => {
    expect(ApiError.from('{"code":"not_found","message":"m","problems":[]}').code).toBe('not_found');
    expect(ApiError.from(new Error('boom')).code).toBe('internal');
    expect(ApiError.from('plain text').message).toBe('plain text');
  });
});

describe('HTTP transport (serve mode)', () => {
  const store = new Map<string, string>();
  const replaceState = vi.fn();

  beforeEach(() => {
    vi.resetModules();
    store.clear();
    replaceState.mockReset();
    vi.stubGlobal('window', {
      location: { href: 'http://127.0.0.1:8787/?token=secret123#/journal' },
      history: { state: null, replaceState },
    });
    vi.stubGlobal('sessionStorage', {
      getItem: (k: string) => store.get(k) ?? null,
      setItem: (k: string, v: string) => void store.set(k, v),
    });
  });

  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('takes the token from the URL once, hides it, and sends it', async () => {
    const fetchMock = vi.fn(async () => new Response(JSON.stringify({ rows: [], total: 0 }), { status: 200 }));
    vi.stubGlobal('fetch', fetchMock);
    const { call } = await import('./transport');
    const page = await call<{ total: number }>('list_entries', { page: 0, page_size: 10 });
    expect(page.total).toBe(0);
    expect(replaceState).toHaveBeenCalledWith(null, '', '/#/journal');
    expect(store.get('trastienda.token')).toBe('secret123');
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/api/list_entries');
    expect(init.method).toBe('POST');
    expect((init.headers as Record<string, string>)['X-Trastienda-Token']).toBe('secret123');
    expect(JSON.parse(init.body as string)).toEqual({ page: 0, page_size: 10 });
  });

  it('throws the server ApiError on 4xx', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response(JSON.stringify({ code: 'account_has_postings', message: 'no', problems: [] }), { status: 409 })),
    );
    const { call, ApiError } = await import('./transport');
    await expect(call('delete_account', { code: '572' })).rejects.toBeInstanceOf(ApiError);
    await expect(call('delete_account', { code: '572' })).rejects.toMatchObject({ code: 'account_has_postings' });
  });

  it('maps a 401 without JSON to unauthorized', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response('nope', { status: 401 })));
    const { call } = await import('./transport');
    await expect(call('app_info', {})).rejects.toMatchObject({ code: 'unauthorized' });
  });
});
