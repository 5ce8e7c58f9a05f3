//! App-wide reactive state: the open company, the language, the current route, notices.
//! `t()` reads the language, so every string re-renders at once when it changes. Anything kept for
//! later (notices, errors shown under a form) is kept as a `Message` (key + params, or the error
//! itself) and put into words by `text()` when shown, so it follows a later change of language too.

import { commands, type AppInfo, type CompanyInfo, type Lang } from './api';
import { ApiError, onCallError, type ProblemDto } from './transport';
import {
  DEFAULT_LOCALE,
  amount as fmtAmount,
  errorMessage,
  formatDate,
  money as fmtMoney,
  problemMessage,
  translate,
  type Locale,
  type MessageKey,
  type Params,
} from './i18n';
import { DEFAULT_ROUTE, parseHash, routeHash, type Route } from './route';
import type { Cents } from './money';

/** Something to tell the user, kept as data; `text()` words it in the language current when shown. */
export type Message =
  | { key: MessageKey; params?: Params }
  | { problem: ProblemDto }
  /** Any thrown thing; with `notFound`, a `not_found` error says what was not found. */
  | { error: unknown; notFound?: { key: MessageKey; params?: Params } };

export interface Notice {
  kind: 'ok' | 'error';
  message: Message;
  id: number;
}

class AppState {
  info = $state<AppInfo | null>(null);
  company = $state<CompanyInfo | null>(null);
  locale = $state<Locale>(DEFAULT_LOCALE);
  route = $state<Route>(DEFAULT_ROUTE);
  notice = $state<Notice | null>(null);
  /** Bumped after any write, so screens reload their data. */
  revision = $state(0);
  /** An encrypted company waiting for its password (`wrong`: the last one given did not open it). */
  unlock = $state<{ path: string; wrong: boolean } | null>(null);
  /** A company file that failed its check on open, and its latest good backup ('' when none). */
  damaged = $state<{ path: string; backup: string; password?: string } | null>(null);
}

export const app = new AppState();

let noticeSeq = 0;
let noticeTimer: ReturnType<typeof setTimeout> | undefined;

export function t(key: MessageKey, params?: Params): string {
  return translate(app.locale, key, params);
}

export function currency(): string {
  return app.company?.currency ?? 'EUR';
}

export function money(v: Cents | string): string {
  return fmtMoney(v, app.locale, currency());
}

export function amount(v: Cents | string): string {
  return fmtAmount(v, app.locale);
}

export function date(iso: string): string {
  return formatDate(iso, app.locale);
}

export function problemText(p: ProblemDto): string {
  return problemMessage(app.locale, p, currency());
}

/** Any thrown thing -> one line in the user's language. */
export function errorText(e: unknown): string {
  const err = ApiError.from(e);
  if (err.problems.length > 0 && (err.code === 'validation' || err.code === 'unbalanced')) {
    return err.problems
      .map((p) => (p.row !== null ? translate(app.locale, 'problem.atRow', { row: p.row, message: problemText(p) }) : problemText(p)))
      .join(' ');
  }
  return errorMessage(app.locale, err.code);
}

/** Like errorText, but `not_found` says what was not found (the api's not_found carries no params). */
export function errorTextNotFound(e: unknown, key: MessageKey, params?: Params): string {
  return ApiError.from(e).code === 'not_found' ? translate(app.locale, key, params) : errorText(e);
}

export const msg = (key: MessageKey, params?: Params): Message => ({ key, params });
export const errorMsg = (error: unknown): Message => ({ error });
export const notFoundMsg = (error: unknown, key: MessageKey, params?: Params): Message => ({ error, notFound: { key, params } });
export const problemMsg = (problem: ProblemDto): Message => ({ problem });

/** A kept message in the current language (reactive: call it from the template). */
export function text(m: Message): string {
  if ('key' in m) return translate(app.locale, m.key, m.params);
  if ('problem' in m) return problemText(m.problem);
  return m.notFound ? errorTextNotFound(m.error, m.notFound.key, m.notFound.params) : errorText(m.error);
}

export function notify(kind: Notice['kind'], message: Message): void {
  app.notice = { kind, message, id: ++noticeSeq };
  clearTimeout(noticeTimer);
  noticeTimer = setTimeout(() => (app.notice = null), kind === 'error' ? 8000 : 4000);
}

export function notifyError(e: unknown): void {
  console.error(e);
  notify('error', errorMsg(e));
}

export function navigate(r: Route): void {
  const h = routeHash(r);
  if (window.location.hash !== h) window.location.hash = h;
  else app.route = r;
}

// The company went away under us (closed in another window, file gone): back to the welcome screen.
onCallError((cmd, err) => {
  if (err.code === 'no_company_open' && app.company && cmd !== 'app_info') {
    app.company = null;
    void loadAppInfo().catch(() => undefined);
  }
});

export function startRouter(): () => void {
  const sync = () => (app.route = parseHash(window.location.hash));
  sync();
  window.addEventListener('hashchange', sync);
  return () => window.removeEventListener('hashchange', sync);
}

function applyLocale(l: Locale): void {
  app.locale = l;
  document.documentElement.lang = l;
  document.title = translate(l, 'app.name');
}

export async function loadAppInfo(): Promise<AppInfo> {
  const info = await commands.appInfo();
  app.info = info;
  app.company = info.company;
  applyLocale(info.language === 'en' ? 'en' : 'es');
  return info;
}

export async function setLanguage(l: Lang): Promise<void> {
  applyLocale(l);
  try {
    await commands.setLanguage({ language: l });
  } catch (e) {
    notifyError(e);
  }
}

/** After opening/creating a company: refresh the recent list and go to the default screen. */
export async function companyOpened(c: CompanyInfo): Promise<void> {
  app.company = c;
  app.revision++;
  try {
    await loadAppInfo();
  } catch {
    /* the company is open anyway */
  }
  navigate(DEFAULT_ROUTE);
}

/**
 * Opens the company file at `path` (with `password` when it is encrypted). An encrypted file
 * asked for without its password, or with a wrong one, opens the password dialog instead
 * (`app.unlock`), a damaged one the screen offering its latest good backup (`app.damaged`), and
 * resolves false; other errors are thrown for the caller to show.
 */
export async function openCompanyAt(path: string, password?: string): Promise<boolean> {
  try {
    const c = await commands.openCompany(password === undefined ? { path } : { path, password });
    app.unlock = null;
    await companyOpened(c);
    return true;
  } catch (e) {
    const err = ApiError.from(e);
    if (err.code === 'password_required' || err.code === 'wrong_password') {
      app.unlock = { path, wrong: err.code === 'wrong_password' };
      return false;
    }
    if (err.code === 'damaged') {
      app.unlock = null;
      app.damaged = { path, backup: err.problems[0]?.params?.backup ?? '', password };
      return false;
    }
    throw e;
  }
}

export async function closeCompany(): Promise<void> {
  try {
    await commands.closeCompany();
    app.company = null;
    await loadAppInfo();
  } catch (e) {
    notifyError(e);
  }
}

export function bump(): void {
  app.revision++;
}
