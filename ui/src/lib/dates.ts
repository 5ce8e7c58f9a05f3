//! Accounting dates as "YYYY-MM-DD" strings; the clock is read only through `todayIso`.

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** Today in the user's local calendar. */
export function todayIso(now: Date = new Date()): string {
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** First day of the fiscal year that contains `day`, for a year starting in `startMonth` (1-12). */
export function fiscalYearStart(day: string, startMonth: number): string {
  const y = Number(day.slice(0, 4));
  const m = Number(day.slice(5, 7));
  const sm = startMonth >= 1 && startMonth <= 12 ? startMonth : 1;
  return `${m >= sm ? y : y - 1}-${pad(sm)}-01`;
}

/** A period whose start is after its end (both given). ISO dates compare as strings. */
export function periodReversed(from: string | undefined, to: string | undefined): boolean {
  return !!from && !!to && from > to;
}

export function isIsoDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
}

// ---- What people type in a date field ----
//
// One rule for both languages: day first, dd/mm/yyyy (es placeholder "dd/mm/aaaa", en "dd/mm/yyyy"),
// separators "/", "-" or "." (the same one twice), a 2-digit year means 20yy; ISO "yyyy-mm-dd" is
// accepted too. A date that does not exist (31/02/2026) is refused, never rolled over. The field
// shows dd/mm/yyyy whatever the browser's own locale is; the wire value stays "YYYY-MM-DD".

/** Years a date field accepts (a typo like 0226 or 20226 is refused, not stored). */
export const MIN_YEAR = 1900;
export const MAX_YEAR = 2999;

export type DateInputParse =
  /** `value` is "YYYY-MM-DD", or "" for an empty field. `fullYear`: the year was typed with 4 digits. */
  | { ok: true; value: string; fullYear: boolean }
  /** `impossible`: it has the shape of a date but is not one (31/02/2026, 13/13/2026). */
  | { ok: false; impossible: boolean };

const ISO_TYPED = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;
const DMY_TYPED = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{2}|\d{4})$/;

export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

export function daysInMonth(y: number, m: number): number {
  return [31, isLeapYear(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1] ?? 0;
}

function ymd(y: number, m: number, d: number): string | null {
  if (y < MIN_YEAR || y > MAX_YEAR || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return null;
  return `${y}-${pad(m)}-${pad(d)}`;
}

/**
 * Parse what was typed in a date field. Both languages read the same forms (day first, or ISO):
 * what a typed date means never depends on the UI language, only its placeholder and messages do.
 */
export function parseDateInput(text: string): DateInputParse {
  const s = text.trim();
  if (s === '') return { ok: true, value: '', fullYear: true };
  let m = ISO_TYPED.exec(s);
  if (m) {
    const v = ymd(Number(m[1]), Number(m[2]), Number(m[3]));
    return v ? { ok: true, value: v, fullYear: true } : { ok: false, impossible: true };
  }
  m = DMY_TYPED.exec(s);
  if (m) {
    const yy = m[4]!;
    const y = yy.length === 2 ? 2000 + Number(yy) : Number(yy);
    const v = ymd(y, Number(m[3]), Number(m[1]));
    return v ? { ok: true, value: v, fullYear: yy.length === 4 } : { ok: false, impossible: true };
  }
  return { ok: false, impossible: false };
}

/** "YYYY-MM-DD" -> what the field shows: "31/12/2026" in both languages; "" stays "". */
export function formatDateInput(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return iso;
  return `${m[3]}/${m[2]}/${m[1]}`;
}

/** `iso` moved by `days` (calendar arithmetic in UTC, so no daylight-saving shifts). */
export function addDays(iso: string, days: number): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return iso;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + days));
  const y = d.getUTCFullYear();
  if (y < MIN_YEAR || y > MAX_YEAR) return iso;
  return `${y}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}
