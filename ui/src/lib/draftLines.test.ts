import { describe, expect, it } from 'vitest';
import { blankLine, isBlank, lineTotals, linesFromWire, linesToWire, placeProblems, relocalise, type LineInput } from './draftLines';

const line = (o: Partial<LineInput>): LineInput => ({ ...blankLine(), ...o });
const problem = (code: string, field: string | null, row: number | null) => ({ code, field, row, message: '', params: {} });

describe('lineTotals', () => {
  it('sums exactly in cents, in the language typed', () => {
    const lines = [line({ account: '572', debit: '1.000,10' }), line({ account: '700', credit: '999,99' }), line({ credit: '0,11' })];
    const tt = lineTotals(lines, 'es');
    expect(tt.debit).toBe(100010n);
    expect(tt.credit).toBe(100010n);
    expect(tt.difference).toBe(0n);
    expect(tt.invalid).toBe(false);
    expect(tt.used).toBe(3);
  });

  it('flags an unreadable amount and does not count it', () => {
    const tt = lineTotals([line({ debit: '12,345' }), line({ debit: 'abc' }), line({ credit: '5' })], 'es');
    expect(tt.invalid).toBe(true);
    expect(tt.debit).toBe(0n);
    expect(tt.difference).toBe(-500n);
    expect(tt.parsed[0]!.debit).toEqual({ ok: false, code: 'too_many_decimals' });
  });

  it('0.1 + 0.2 is 0.30, not a float', () => {
    expect(lineTotals([line({ debit: '0.1' }), line({ debit: '0.2' })], 'en').debit).toBe(30n);
  });
});

describe('linesToWire', () => {
  it('drops blank lines and remembers where each sent line came from', () => {
    const lines = [line({}), line({ account: ' 572 ', debit: '1.234,5' }), line({}), line({ description: 'only a note' }), line({ account: '700', credit: '1.234,50' })];
    const { lines: sent, index } = linesToWire(lines, 'es');
    expect(index).toEqual([1, 3, 4]);
    expect(sent).toEqual([
      { account: '572', description: '', debit: '1234.50', credit: '0.00' },
      { account: '', description: 'only a note', debit: '0.00', credit: '0.00' },
      { account: '700', description: '', debit: '0.00', credit: '1234.50' },
    ]);
  });

  it('sends an unreadable amount as typed, so the api names it', () => {
    expect(linesToWire([line({ account: '1', debit: 'x' })], 'en').lines[0]!.debit).toBe('x');
  });
});

describe('linesFromWire', () => {
  it('writes amounts in the language and leaves zero empty', () => {
    const l = linesFromWire([{ account: '629', description: 'Alquiler', debit: '1500.00', credit: '' }, { account: '572', debit: '0.00', credit: '1500.00' }], 'es');
    expect(l.map((x) => [x.account, x.description, x.debit, x.credit])).toEqual([
      ['629', 'Alquiler', '1.500,00', ''],
      ['572', '', '', '1.500,00'],
    ]);
    expect(new Set(l.map((x) => x.key)).size).toBe(2);
  });
});

describe('relocalise', () => {
  it('rewrites typed amounts for the new language', () => {
    const lines = [line({ debit: '1.000', credit: 'oops' })];
    relocalise(lines, 'es', 'en');
    expect(lines[0]!.debit).toBe('1,000.00');
    expect(lines[0]!.credit).toBe('oops');
  });
});

describe('isBlank', () => {
  it('whitespace is blank, a description is not', () => {
    expect(isBlank(line({ account: '  ' }))).toBe(true);
    expect(isBlank(line({ description: 'x' }))).toBe(false);
  });
});

describe('placeProblems', () => {
  it('maps rows back through the index, header fields to the header, the rest to general', () => {
    const placed = placeProblems(
      [
        problem('locked', 'date', null),
        problem('unknown_account', 'account', 2),
        problem('line_empty', null, 1),
        problem('unbalanced', 'lines', null),
        problem('invalid_amount', 'debit', 2),
        problem('unknown_account', 'account', 2),
      ],
      [0, 3, 4],
      ['date', 'description'],
    );
    expect(Object.keys(placed.header)).toEqual(['date']);
    expect(Object.keys(placed.lines[3]!)).toEqual(['account', 'debit']);
    expect(placed.lines[0]!.line!.code).toBe('line_empty');
    // The unbalanced sum and the second problem for an occupied place are kept, under the form.
    expect(placed.general.map((p) => p.code)).toEqual(['unbalanced', 'unknown_account']);
  });

  it('a row beyond the index falls back to row - 1', () => {
    expect(Object.keys(placeProblems([problem('x', 'credit', 5)], [], []).lines)).toEqual(['4']);
  });
});
