//! The one transport: Tauri IPC in the desktop, HTTP in `trastienda serve`.
//! Every command goes through `call`; errors come back as `ApiError`.

import type { ErrorCode, ProblemDto } from './generated';

export type { ErrorCode, ProblemDto };

/** Codes the transport itself produces (not from the api): the serve token was refused. */
export type ClientErrorCode = 'unauthorized';

/** An api `ErrorCode`, a `ClientErrorCode`, or a code this UI does not know (another backend version). */
export type AnyErrorCode = ErrorCode | ClientErrorCode | (string & {});

/** A command's refusal, as the wire `ApiError` (generated.ts) plus `Error`: a stable `code` for the UI,
 *  an English `message` for logs, every problem with its position. */
export class ApiError extends Error {
  readonly code: AnyErrorCode;
  readonly problems: ProblemDto[];

  constructor(code: AnyErrorCode, message: string, problems: ProblemDto[] = []) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.problems = problems;
  }

  /** Normalise whatever a transport rejected with into an ApiError. */
  static from(raw: unknown): ApiError {
    if (raw instanceof ApiError) return raw;
    if (raw && typeof raw === 'object') {
      const o = raw as Record<string, unknown>;
      if (typeof o.code === 'string') {
        const problems = Array.isArray(o.problems) ? (o.problems as unknown[]).map(normaliseProblem) : [];
        return new ApiError(o.code, typeof o.message === 'string' ? o.message : o.code, problems);
      }
      if (raw instanceof Error) return new ApiError('internal', raw.message);
    }
    if (typeof raw === 'string') {
      // Tauri may hand back a JSON string.
      try {
        const parsed: unknown = JSON.parse(raw);
        if (parsed && typeof parsed === 'object') return ApiError.from(parsed);
      } catch {
        /* not JSON */
      }
      return new ApiError('internal', raw);
    }
    return new ApiError('internal', String(raw));
  }
}

function isStringRecord(v: unknown): v is Record<string, string> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

function normaliseProblem(p: unknown): ProblemDto {
  const o = (p && typeof p === 'object' ? p : {}) as Record<string, unknown>;
  return {
    code: typeof o.code === 'string' ? o.code : 'internal',
    field: typeof o.field === 'string' ? o.field : null,
    row: typeof o.row === 'number' ? o.row : null,
    message: typeof o.message === 'string' ? o.message : '',
    params: isStringRecord(o.params) ? o.params : {},
  };
}

/** True inside the Tauri webview. */
export function isDesktop(): boolean {
  return typeof window !== 'undefined' && '__TAURI_INTERNALS__' in window;
}

const TOKEN_KEY = 'trastienda.token';
let token: string | null | undefined;

/** Serve mode: the token arrives once as `?token=`; keep it in sessionStorage and hide it from the URL. */
export function sessionToken(): string | null {
  if (token !== undefined) return token;
  token = null;
  if (typeof window === 'undefined') return token;
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    try {
      sessionStorage.setItem(TOKEN_KEY, fromUrl);
    } catch {
      /* storage may be disabled; keep it in memory */
    }
    url.searchParams.delete('token');
    window.history.replaceState(window.history.state, '', url.pathname + url.search + url.hash);
    token = fromUrl;
  } else {
    try {
      token = sessionStorage.getItem(TOKEN_KEY);
    } catch {
      token = null;
    }
  }
  return token;
}

async function callDesktop<T>(cmd: string, args: object): Promise<T> {
  const { invoke } = await import('@tauri-apps/api/core');
  try {
    return await invoke<T>('call', { cmd, args });
  } catch (e) {
    throw ApiError.from(e);
  }
}

async function callHttp<T>(cmd: string, args: object): Promise<T> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  const tok = sessionToken();
  if (tok) headers['X-Trastienda-Token'] = tok;
  let res: Response;
  try {
    res = await fetch(`/api/${encodeURIComponent(cmd)}`, {
      method: 'POST',
      headers,
      body: JSON.stringify(args ?? {}),
    });
  } catch (e) {
    throw new ApiError('io', `network error calling ${cmd}: ${String(e)}`);
  }
  const text = await res.text();
  let body: unknown = null;
  if (text.length > 0) {
    try {
      body = JSON.parse(text);
    } catch {
      if (!res.ok) throw new ApiError(res.status === 401 || res.status === 403 ? 'unauthorized' : 'internal', text);
      throw new ApiError('internal', `invalid JSON from ${cmd}`);
    }
  }
  if (!res.ok) {
    if (body && typeof body === 'object' && 'code' in body) throw ApiError.from(body);
    throw new ApiError(res.status === 401 || res.status === 403 ? 'unauthorized' : 'internal', `${res.status} ${res.statusText}`);
  }
  return body as T;
}

type ErrorListener = (cmd: string, error: ApiError) => void;
const errorListeners = new Set<ErrorListener>();

/** Observe every failed call (e.g. `no_company_open` sends the UI back to the welcome screen). */
export function onCallError(fn: ErrorListener): () => void {
  errorListeners.add(fn);
  return () => errorListeners.delete(fn);
}

/** Call one command of the api table. Resolves to its result or rejects with an ApiError. */
export async function call<T>(cmd: string, args: object = {}): Promise<T> {
  try {
    return await (isDesktop() ? callDesktop<T>(cmd, args) : callHttp<T>(cmd, args));
  } catch (e) {
    const err = ApiError.from(e);
    for (const fn of errorListeners) fn(cmd, err);
    throw err;
  }
}
