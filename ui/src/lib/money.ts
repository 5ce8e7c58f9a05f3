//! The one door for money in the UI: decimal strings <-> BigInt cents, exact sums, locale formatting.
//! Money is never a JS number here. Nothing rounds: more than 2 decimals is refused.

export type Cents = bigint;
export type MoneyLocale = 'es' | 'en';

export type MoneyErrorCode = 'invalid_amount' | 'too_many_decimals';

export class MoneyError extends Error {
  readonly code: MoneyErrorCode;
  constructor(code: MoneyErrorCode, input: string) {
    super(`${code}: ${JSON.stringify(input)}`);
    this.name = 'MoneyError';
    this.code = code;
  }
}

const WIRE = /^([+-]?)(\d+)(?:\.(\d+))?$/;

function fromParts(neg: boolean, intPart: string, frac: string, input: string): Cents {
  if (frac.length > 2) {
    // Extra digits are accepted only when they are zeros: nothing is ever rounded away.
    if (/[^0]/.test(frac.slice(2))) throw new MoneyError('too_many_decimals', input);
    frac = frac.slice(0, 2);
  }
  const cents = BigInt(intPart || '0') * 100n + BigInt(frac.padEnd(2, '0') || '0');
  return neg ? -cents : cents;
}

/** Parse a wire amount ("1234.56", "-10.00", "7"). Throws MoneyError. */
export function parseWire(s: string): Cents {
  const m = WIRE.exec(s.trim());
  if (!m) throw new MoneyError('invalid_amount', s);
  return fromParts(m[1] === '-', m[2] ?? '0', m[3] ?? '', s);
}

/** Cents to the wire format: '.' separator, exactly 2 decimals. */
export function toWire(c: Cents): string {
  const neg = c < 0n;
  const a = neg ? -c : c;
  const int = a / 100n;
  const frac = (a % 100n).toString().padStart(2, '0');
  return `${neg ? '-' : ''}${int.toString()}.${frac}`;
}

function groupChar(locale: MoneyLocale): string {
  return locale === 'es' ? '.' : ',';
}

function decimalChar(locale: MoneyLocale): string {
  return locale === 'es' ? ',' : '.';
}

/**
 * Parse what a person typed, in their locale: "1.234,56", "1234,5", "1,234.56", "12.5 €", "-3".
 * Returns null for an empty field. Throws MoneyError on garbage or on more than 2 decimals.
 * When only one separator appears once, it is the decimal separator, except the locale's
 * grouping separator followed by exactly 3 digits ("1.234" in Spanish is one thousand...).
 */
export function parseInput(raw: string, locale: MoneyLocale): Cents | null {
  let s = raw.replace(/[\s\u00a0\u202f]/g, '').replace(/€|EUR|\$|£/gi, '');
  if (s === '') return null;
  let neg = false;
  if (s.startsWith('-') || s.startsWith('\u2212')) {
    neg = true;
    s = s.slice(1);
  } else if (s.startsWith('+')) {
    s = s.slice(1);
  }
  if (!/^[\d.,]+$/.test(s) || !/\d/.test(s)) throw new MoneyError('invalid_amount', raw);

  const lastDot = s.lastIndexOf('.');
  const lastComma = s.lastIndexOf(',');
  let decimalSep: string | null = null;
  if (lastDot >= 0 && lastComma >= 0) {
    decimalSep = lastDot > lastComma ? '.' : ',';
  } else if (lastDot >= 0 || lastComma >= 0) {
    const c = lastDot >= 0 ? '.' : ',';
    const count = s.split(c).length - 1;
    const after = s.length - s.lastIndexOf(c) - 1;
    if (count > 1) decimalSep = null;
    else if (c === groupChar(locale) && after === 3) decimalSep = null;
    else decimalSep = c;
  }

  let intPart = s;
  let frac = '';
  if (decimalSep !== null) {
    const i = s.lastIndexOf(decimalSep);
    intPart = s.slice(0, i);
    frac = s.slice(i + 1);
    if (/[.,]/.test(frac)) throw new MoneyError('invalid_amount', raw);
  }
  // What remains in intPart are grouping separators: groups after the first must have 3 digits.
  const groupSep = decimalSep === '.' ? ',' : decimalSep === ',' ? '.' : intPart.includes('.') ? '.' : ',';
  const groups = intPart.split(groupSep);
  if (groups.some((g) => /[.,]/.test(g))) throw new MoneyError('invalid_amount', raw);
  if (groups.length > 1 && (groups[0] === '' || groups.slice(1).some((g) => g.length !== 3))) {
    throw new MoneyError('invalid_amount', raw);
  }
  const digits = groups.join('');
  if (digits === '' && frac === '') throw new MoneyError('invalid_amount', raw);
  return fromParts(neg, digits, frac, raw);
}

/** Like parseInput but never throws: for live computation while typing. */
export function tryParseInput(
  raw: string,
  locale: MoneyLocale,
): { ok: true; value: Cents | null } | { ok: false; code: MoneyErrorCode } {
  try {
    return { ok: true, value: parseInput(raw, locale) };
  } catch (e) {
    if (e instanceof MoneyError) return { ok: false, code: e.code };
    throw e;
  }
}

function toCents(v: Cents | string): Cents {
  return typeof v === 'bigint' ? v : parseWire(v);
}

/** "1.234,56" (es) / "1,234.56" (en); negatives with a leading minus sign. No currency. */
export function formatAmount(v: Cents | string, locale: MoneyLocale): string {
  const c = toCents(v);
  const neg = c < 0n;
  const a = neg ? -c : c;
  const int = (a / 100n).toString();
  const frac = (a % 100n).toString().padStart(2, '0');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, groupChar(locale));
  return `${neg ? '-' : ''}${grouped}${decimalChar(locale)}${frac}`;
}

const SYMBOLS: Record<string, string> = { EUR: '€', USD: '$', GBP: '£' };

/** "1.234,56 €" (es) / "€1,234.56" (en); "-1.234,56 €" / "-€1,234.56". */
export function formatMoney(v: Cents | string, locale: MoneyLocale, currency = 'EUR'): string {
  const c = toCents(v);
  const neg = c < 0n;
  const body = formatAmount(neg ? -c : c, locale);
  const sym = SYMBOLS[currency] ?? currency;
  if (locale === 'es') return `${neg ? '-' : ''}${body}\u00a0${sym}`;
  const sep = sym.length > 1 ? '\u00a0' : '';
  return `${neg ? '-' : ''}${sym}${sep}${body}`;
}

/** Sum of amounts, each cents or a wire string. */
export function sum(values: Iterable<Cents | string>): Cents {
  let total = 0n;
  for (const v of values) total += toCents(v);
  return total;
}

export function add(a: Cents | string, b: Cents | string): Cents {
  return toCents(a) + toCents(b);
}

export function sub(a: Cents | string, b: Cents | string): Cents {
  return toCents(a) - toCents(b);
}

export function abs(v: Cents | string): Cents {
  const c = toCents(v);
  return c < 0n ? -c : c;
}

export function isNegative(v: Cents | string): boolean {
  return toCents(v) < 0n;
}

export function isZero(v: Cents | string): boolean {
  return toCents(v) === 0n;
}
