import { describe, expect, it } from 'vitest';
import {
  MoneyError,
  abs,
  add,
  formatAmount,
  formatMoney,
  isNegative,
  parseInput,
  parseWire,
  sub,
  sum,
  toWire,
  tryParseInput,
} from './money';

describe('wire format', () => {
  it.each([
    ['1234.56', 123456n],
    ['-10.00', -1000n],
    ['0.00', 0n],
    ['7', 700n],
    ['0.5', 50n],
    ['99999999999999999.99', 9999999999999999999n],
  ])('parses %s', (s, c) => {
    expect(parseWire(s)).toBe(c);
  });

  it('round-trips through toWire with exactly 2 decimals', () => {
    for (const s of ['1234.56', '-10.00', '0.00', '0.05', '-0.05', '100000000000000000000.01']) {
      expect(toWire(parseWire(s))).toBe(s);
    }
  });

  it('refuses to round 3 decimals', () => {
    expect(() => parseWire('1.005')).toThrow(MoneyError);
    try {
      parseWire('0.001');
    } catch (e) {
      expect((e as MoneyError).code).toBe('too_many_decimals');
    }
  });

  it('refuses garbage', () => {
    for (const s of ['', 'abc', '1,00', '1.2.3', '--1', '1e3']) {
      expect(() => parseWire(s)).toThrow(MoneyError);
    }
  });
});

describe('user input', () => {
  it.each([
    ['1.234,56', 123456n],
    ['1234,56', 123456n],
    ['1234,5', 123450n],
    ['12', 1200n],
    ['12,00 €', 1200n],
    ['1.234', 123400n],
    ['1.234.567', 123456700n],
    ['12.5', 1250n],
    ['-3,10', -310n],
    [',5', 50n],
  ])('es: %s', (s, c) => {
    expect(parseInput(s, 'es')).toBe(c);
  });

  it.each([
    ['1,234.56', 123456n],
    ['1234.56', 123456n],
    ['1,234', 123400n],
    ['€1,234.56', 123456n],
    ['-0.01', -1n],
    ['12,5', 1250n],
  ])('en: %s', (s, c) => {
    expect(parseInput(s, 'en')).toBe(c);
  });

  it('empty is null, not zero', () => {
    expect(parseInput('', 'es')).toBeNull();
    expect(parseInput('   ', 'en')).toBeNull();
  });

  it('refuses 3 significant decimals in either locale', () => {
    expect(() => parseInput('1,234', 'es')).toThrow(/too_many_decimals/);
    expect(() => parseInput('1.234', 'en')).toThrow(/too_many_decimals/);
    expect(() => parseInput('0,005', 'es')).toThrow(MoneyError);
    // zeros lose nothing
    expect(parseInput('1,230', 'es')).toBe(123n);
  });

  it('refuses garbage', () => {
    for (const s of ['abc', '1,2,3,4.5.6', '1..2', '12a', '-', '1.23,4,5', '1.23.45']) {
      expect(tryParseInput(s, 'es').ok).toBe(false);
    }
  });
});

describe('formatting', () => {
  it('es', () => {
    expect(formatMoney('1234.56', 'es')).toBe('1.234,56\u00a0€');
    expect(formatMoney('-1234.56', 'es')).toBe('-1.234,56\u00a0€');
    expect(formatMoney('0.00', 'es')).toBe('0,00\u00a0€');
    expect(formatAmount('1234567.8', 'es')).toBe('1.234.567,80');
    expect(formatAmount('999.99', 'es')).toBe('999,99');
    expect(formatAmount(-5n, 'es')).toBe('-0,05');
  });

  it('en', () => {
    expect(formatMoney('1234.56', 'en')).toBe('€1,234.56');
    expect(formatMoney('-1234.56', 'en')).toBe('-€1,234.56');
    expect(formatMoney('12.00', 'en', 'USD')).toBe('$12.00');
    expect(formatMoney('12.00', 'en', 'CHF')).toBe('CHF\u00a012.00');
    expect(formatAmount('1000000.00', 'en')).toBe('1,000,000.00');
  });

  it('negatives carry a minus sign', () => {
    expect(formatAmount('-0.01', 'en').startsWith('-')).toBe(true);
    expect(isNegative('-0.01')).toBe(true);
    expect(isNegative('0.00')).toBe(false);
  });
});

describe('arithmetic', () => {
  it('sums exactly where floats would not', () => {
    expect(sum(['0.10', '0.20'])).toBe(30n);
    expect(toWire(sum(Array.from({ length: 1000 }, () => '0.01')))).toBe('10.00');
    expect(sum([])).toBe(0n);
  });

  it('add, sub, abs', () => {
    expect(add('1.50', 250n)).toBe(400n);
    expect(sub('1.00', '12.00')).toBe(-1100n);
    expect(abs('-3.00')).toBe(300n);
  });
});
