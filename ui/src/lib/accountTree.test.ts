import { describe, expect, it } from 'vitest';
import type { AccountRow } from './api';
import { allParents, buildTree, flattenVisible, validSubaccountCode, visibleCodes } from './accountTree';

function acc(code: string, parent: string | null, name = `Account ${code}`): AccountRow {
  return {
    code,
    name,
    kind: 'asset',
    level: code.length <= 3 ? code.length : 4,
    parent,
    postable: code.length > 3,
    active: true,
    debit: '0.00',
    credit: '0.00',
    balance: '0.00',
    has_postings: false,
  };
}

const rows: AccountRow[] = [
  acc('5', null, 'Cuentas financieras'),
  acc('57', '5', 'Tesorería'),
  acc('572', '57', 'Bancos'),
  acc('5720001', '572', 'Banco Santander'),
  acc('570', '57', 'Caja'),
  acc('5700001', '570', 'Caja euros'),
  acc('4', null, 'Acreedores y deudores'),
  acc('430', '43', 'Clientes'), // parent 43 missing: becomes a root
];

describe('buildTree', () => {
  it('nests by parent and orders by code', () => {
    const roots = buildTree(rows);
    expect(roots.map((n) => n.row.code)).toEqual(['4', '430', '5']);
    const five = roots[2]!;
    expect(five.children.map((n) => n.row.code)).toEqual(['57']);
    expect(five.children[0]!.children.map((n) => n.row.code)).toEqual(['570', '572']);
  });

  it('flattens only expanded nodes', () => {
    const roots = buildTree(rows);
    const collapsed = flattenVisible(roots, new Set());
    expect(collapsed.map((r) => r.row.code)).toEqual(['4', '430', '5']);
    const open = flattenVisible(roots, new Set(['5', '57']));
    expect(open.map((r) => [r.row.code, r.depth])).toEqual([
      ['4', 0],
      ['430', 0],
      ['5', 0],
      ['57', 1],
      ['570', 2],
      ['572', 2],
    ]);
    expect(open.find((r) => r.row.code === '570')!.hasChildren).toBe(true);
    expect(open.find((r) => r.row.code === '570')!.expanded).toBe(false);
  });

  it('expand all opens every parent', () => {
    const roots = buildTree(rows);
    const all = flattenVisible(roots, allParents(roots));
    expect(all).toHaveLength(rows.length);
  });
});

describe('filter', () => {
  it('keeps matches and their ancestors', () => {
    const keep = visibleCodes(rows, 'santander')!;
    expect([...keep].sort()).toEqual(['5', '57', '572', '5720001']);
    const flat = flattenVisible(buildTree(rows), new Set(), keep);
    expect(flat.map((r) => r.row.code)).toEqual(['5', '57', '572', '5720001']);
  });

  it('matches code prefixes', () => {
    const keep = visibleCodes(rows, '570')!;
    expect(keep.has('5700001')).toBe(true);
    expect(keep.has('5720001')).toBe(false);
  });

  it('no query, no filter', () => {
    expect(visibleCodes(rows, '  ')).toBeNull();
  });
});

describe('validSubaccountCode', () => {
  it('must extend the parent code with digits', () => {
    expect(validSubaccountCode('572', '5720002')).toBe(true);
    expect(validSubaccountCode('572', '572')).toBe(false);
    expect(validSubaccountCode('572', '5730001')).toBe(false);
    expect(validSubaccountCode('572', '572a')).toBe(false);
  });
});
