import { describe, expect, it } from 'vitest';
import type { Statement, StatementLine } from './api';
import { checkFailures, columnRole, drillRoute, exportArgs, hasCodes, isDrillable, statementArgs, tbNeedsStatement, unassignedByColumn } from './statementView';
import { parseHash, routeHash } from './route';

const line = (over: Partial<StatementLine>): StatementLine => ({
  key: 'k',
  code: null,
  label: 'L',
  depth: 0,
  style: 'line',
  values: ['0.00'],
  drillable: true,
  ...over,
});

const statement = (over: Partial<Statement>): Statement => ({
  report: 'balance-sheet',
  title: 'Balance',
  columns: [
    { label: '31/12/2026', from: null, to: '2026-12-31' },
    { label: '31/12/2025', from: null, to: '2025-12-31' },
  ],
  lines: [],
  checks: [],
  unassigned: [],
  ...over,
});

describe('statement arguments', () => {
  it('passes the query through, monthly as a boolean', () => {
    expect(statementArgs({ report: 'profit-loss', from: '2026-01-01', to: '2026-06-30', compare: 'previous-year' }, 1)).toEqual({
      report: 'profit-loss',
      from: '2026-01-01',
      to: '2026-06-30',
      compare: 'previous-year',
      monthly: false,
      level: undefined,
    });
  });
  it('a balance sheet counts from the start of its date\'s fiscal year, whatever from says', () => {
    const a = statementArgs({ report: 'balance-sheet', from: '2020-01-01', to: '2026-06-30', monthly: true }, 7);
    expect(a.from).toBe('2025-07-01');
    expect(a.to).toBe('2026-06-30');
    expect(a.monthly).toBe(true);
  });
  it('only a trial balance has a level', () => {
    expect(statementArgs({ report: 'trial-balance', level: 2 }, 1).level).toBe(2);
    expect(statementArgs({ report: 'profit-loss', level: 2 }, 1).level).toBe(undefined);
  });
  it('the export asks for the same statement', () => {
    const q = { report: 'cash-flow' as const, from: '2026-01-01', to: '2026-03-31', monthly: true };
    expect(exportArgs(q, 1, 'pdf', 'en')).toEqual({ ...statementArgs(q, 1), format: 'pdf', language: 'en' });
  });
});

describe('figures and drill-down', () => {
  it('links non-zero figures of drillable lines only', () => {
    expect(isDrillable(line({ values: ['12.00'] }), 0)).toBe(true);
    expect(isDrillable(line({ values: ['-12.00'] }), 0)).toBe(true);
    expect(isDrillable(line({ values: ['0.00'] }), 0)).toBe(false);
    expect(isDrillable(line({ values: ['12.00'], drillable: false }), 0)).toBe(false);
    expect(isDrillable(line({ values: ['12.00'] }), 3)).toBe(false);
  });
  it('a drill-down route keeps the statement query and survives the hash', () => {
    const r = drillRoute({ report: 'profit-loss', from: '2026-01-01', to: '2026-12-31', monthly: true }, '1', 3);
    expect(parseHash(routeHash(r))).toEqual({ ...r, compare: undefined, level: undefined, page: undefined });
  });
  it('shows the code column only when some line has a code', () => {
    expect(hasCodes(statement({ lines: [line({})] }))).toBe(false);
    expect(hasCodes(statement({ lines: [line({}), line({ code: 'A)' })] }))).toBe(true);
  });
});

describe('checks and unassigned accounts', () => {
  it('one failure per column whose difference is not zero', () => {
    const s = statement({ checks: [{ label: 'Activo ≠ PN + pasivo', differences: ['0.00', '-15.30'], ok: false }] });
    expect(checkFailures(s)).toEqual([{ label: 'Activo ≠ PN + pasivo', column: 1, columnLabel: '31/12/2025', difference: '-15.30' }]);
    expect(checkFailures(statement({ checks: [{ label: 'x', differences: ['0.00', '0.00'], ok: true }] }))).toEqual([]);
  });
  it('a failed check without a difference is still shown', () => {
    expect(checkFailures(statement({ checks: [{ label: 'x', differences: [], ok: false }] }))).toHaveLength(1);
  });
  it('groups unassigned accounts by column, in column order', () => {
    const s = statement({
      unassigned: [
        { column: 1, account: '7590', name: 'Otros', balance: '5.00' },
        { column: 0, account: '7590', name: 'Otros', balance: '7.00' },
        { column: 0, account: '6990', name: 'Raro', balance: '-1.00' },
      ],
    });
    const g = unassignedByColumn(s);
    expect(g.map((x) => [x.label, x.accounts.map((a) => a.account)])).toEqual([
      ['31/12/2026', ['7590', '6990']],
      ['31/12/2025', ['7590']],
    ]);
  });
  it('the trial balance becomes a statement with a comparison or months', () => {
    expect(tbNeedsStatement({})).toBe(false);
    expect(tbNeedsStatement({ monthly: true })).toBe(true);
    expect(tbNeedsStatement({ compare: 'previous-year' })).toBe(true);
  });
});

describe('column roles', () => {
  it('sets the total and the comparison apart', () => {
    const roles = (q: Parameters<typeof columnRole>[0], n: number) => Array.from({ length: n }, (_, i) => columnRole(q, n, i));
    expect(roles({ report: 'profit-loss' }, 1)).toEqual(['period']);
    expect(roles({ report: 'profit-loss', compare: 'previous-year' }, 2)).toEqual(['period', 'compare']);
    expect(roles({ report: 'profit-loss', monthly: true }, 3)).toEqual(['period', 'period', 'total']);
    expect(roles({ report: 'profit-loss', monthly: true, compare: 'previous-period' }, 4)).toEqual(['period', 'period', 'total', 'compare']);
    expect(roles({ report: 'balance-sheet', monthly: true }, 3)).toEqual(['period', 'period', 'period']);
    expect(roles({ report: 'balance-sheet', monthly: true, compare: 'previous-year' }, 4)).toEqual(['period', 'period', 'period', 'compare']);
  });
});
