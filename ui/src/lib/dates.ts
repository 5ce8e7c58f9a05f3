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
