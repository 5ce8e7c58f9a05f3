import { describe, expect, it } from 'vitest';
import type { AccountRow, SearchHitDto, SearchResultsDto } from './generated';
import { accountsFirst, buildGroups, flatten, fold, highlight, routeFor, step, totalText } from './globalSearch';

function hit(kind: string, id: number, extra: Partial<SearchHitDto> = {}): SearchHitDto {
  return {
    kind,
    id,
    label: `${kind} ${id}`,
    detail: '',
    date: null,
    total: null,
    tag: null,
    snippet: [],
    party_kind: null,
    party_id: null,
    ...extra,
  };
}

function account(code: string, active = true): AccountRow {
  return {
    code,
    name: `Cuenta ${code}`,
    kind: 'asset',
    level: 4,
    parent: null,
    postable: true,
    active,
    debit: '0.00',
    credit: '0.00',
    balance: '0.00',
    has_postings: false,
  } as AccountRow;
}

const results: SearchResultsDto = {
  groups: [
    { kind: 'invoice', total: 7, hits: [hit('invoice', 3), hit('invoice', 2)] },
    { kind: 'customer', total: 1, hits: [hit('customer', 9)] },
  ],
  capped: false,
  took_ms: 3,
};

describe('global search', () => {
  it('every kind opens its own record', () => {
    expect(routeFor(hit('customer', 4))).toEqual({ name: 'customer', id: 4 });
    expect(routeFor(hit('supplier', 4))).toEqual({ name: 'supplier', id: 4 });
    expect(routeFor(hit('employee', 4))).toEqual({ name: 'employee', id: 4 });
    expect(routeFor(hit('invoice', 4))).toEqual({ name: 'invoice', id: 4 });
    expect(routeFor(hit('bill', 4))).toEqual({ name: 'bill', id: 4 });
    expect(routeFor(hit('entry', 4))).toEqual({ name: 'entry', id: 4 });
    expect(routeFor(hit('document', 4))).toEqual({ name: 'document', id: 4 });
  });

  it('correspondence opens the card of whom it is with, or the log', () => {
    expect(routeFor(hit('correspondence', 1, { party_kind: 'supplier', party_id: 8 }))).toEqual({ name: 'supplier', id: 8 });
    expect(routeFor(hit('correspondence', 1))).toEqual({ name: 'correspondence' });
    expect(routeFor(hit('correspondence', 1, { party_kind: 'nobody', party_id: 8 }))).toEqual({ name: 'correspondence' });
  });

  it('groups keep the kinds order; accounts go first for a code, last for words', () => {
    const words = buildGroups('garcia', results, [account('4300001')]);
    expect(words.map((g) => g.kind)).toEqual(['customer', 'invoice', 'account']);
    expect(words[2]?.hits[0]?.route).toEqual({ name: 'register', code: '4300001' });
    const code = buildGroups('430', results, [account('4300001', false)]);
    expect(code.map((g) => g.kind)).toEqual(['account', 'customer', 'invoice']);
    expect(code[0]?.hits[0]?.tag).toBe('inactive');
    expect(accountsFirst(' 57')).toBe(true);
    expect(accountsFirst('F-2026')).toBe(false);
    expect(buildGroups('x', null, [])).toEqual([]);
  });

  it('the arrows walk every hit across groups, wrapping', () => {
    const flat = flatten(buildGroups('garcia', results, [account('4300001')]));
    expect(flat.map((h) => h.key)).toEqual(['customer:9', 'invoice:3', 'invoice:2', 'account:4300001']);
    expect(step(3, 1, 4)).toBe(0);
    expect(step(0, -1, 4)).toBe(3);
    expect(step(0, 1, 0)).toBe(0);
  });

  it('a capped total reads as a lower bound', () => {
    const [g] = buildGroups('x', { ...results, capped: true }, []);
    expect(g && totalText(g, (n) => String(n))).toBe('1+');
    const [h] = buildGroups('x', results, []);
    expect(h && totalText(h, (n) => String(n))).toBe('1');
  });
});

describe('highlights', () => {
  it('mark the words found, accents and case folded, the last word a prefix', () => {
    expect(highlight('Gestoría Martín y Asociados', 'gestoria mart')).toEqual([
      { text: 'Gestoría', matched: true },
      { text: ' ', matched: false },
      { text: 'Martín', matched: true },
      { text: ' y Asociados', matched: false },
    ]);
    expect(highlight('F-2026-0012', 'f-2026-00')).toEqual([
      { text: 'F', matched: true },
      { text: '-', matched: false },
      { text: '2026', matched: true },
      { text: '-', matched: false },
      { text: '0012', matched: true },
    ]);
    // A number is a phrase: its year alone elsewhere is not marked.
    expect(highlight('2026/273 · Factura 2026-0001', '2026-0001')).toEqual([
      { text: '2026/273 · Factura ', matched: false },
      { text: '2026', matched: true },
      { text: '-', matched: false },
      { text: '0001', matched: true },
    ]);
    expect(highlight('Nada', 'zz')).toEqual([{ text: 'Nada', matched: false }]);
    expect(highlight('', 'x')).toEqual([]);
    expect(fold('ÑANDÚ')).toBe('nandu');
  });
});
