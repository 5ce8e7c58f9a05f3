import { describe, expect, it } from 'vitest';
import { parseHash, routeHash, type Route } from './route';

describe('routes', () => {
  it('round-trip', () => {
    const routes: Route[] = [
      { name: 'accounts' },
      { name: 'journal' },
      { name: 'newEntry' },
      { name: 'entry', id: 42 },
      { name: 'trialBalance', from: '2026-01-01', to: '2026-03-31', level: 3 },
      { name: 'register', code: '5720001', from: '2026-01-01', to: undefined, page: 2 },
      { name: 'newEntry', draft: 3 },
      { name: 'newEntry', template: 7 },
      { name: 'periods' },
      { name: 'templates' },
      { name: 'backups' },
      { name: 'invoiceProfile' },
      { name: 'contracts' },
      { name: 'contracts', within: 90 },
      { name: 'correspondence' },
      { name: 'mail' },
      { name: 'mail', pile: 'billing' },
      { name: 'purchaseOrders', state: 'partial', q: 'tornillos' },
      { name: 'purchaseOrder', id: 0 },
      { name: 'purchaseOrder', id: 7 },
      { name: 'supplierPayments' },
      { name: 'supplierPayments', supplier: 3 },
      { name: 'paymentRuns' },
      { name: 'paymentRuns', run: 2 },
      { name: 'payablesAging', asOf: '2026-06-30' },
      { name: 'vatInput', from: '2026-01-01', to: '2026-12-31' },
      { name: 'audit', record: 'account:', action: 'rename', from: '2026-01-01' },
      { name: 'report', report: 'profit-loss', from: '2026-01-01', to: '2026-12-31', compare: 'previous-year', monthly: true },
      { name: 'report', report: 'trial-balance', level: 3 },
      { name: 'drill', report: 'balance-sheet', to: '2026-12-31', key: 'B.VI', column: 1, page: 2 },
      { name: 'journalBook', from: '2026-01-01', page: 4 },
      { name: 'ledger', first: '430', last: '439', to: '2026-06-30' },
    ];
    for (const r of routes) {
      const back = parseHash(routeHash(r));
      expect(routeHash(back)).toBe(routeHash(r));
    }
  });
  it('refuses an unknown report and a drill-down without its line', () => {
    expect(parseHash('#/reports/nope').name).toBe('trialBalance');
    expect(parseHash('#/reports/profit-loss/drill?column=1').name).toBe('report');
    expect(parseHash('#/reports/profit-loss?compare=sideways').name).toBe('report');
    const r = parseHash('#/reports/profit-loss?compare=sideways');
    expect(r.name === 'report' && r.compare).toBe(undefined);
  });
  it('reads the payables addresses', () => {
    expect(parseHash('#/supplier-payments?supplier=4')).toEqual({ name: 'supplierPayments', supplier: 4 });
    expect(parseHash('#/payment-runs')).toEqual({ name: 'paymentRuns', run: undefined });
    expect(parseHash('#/payables-aging?as_of=2026-03-31')).toEqual({ name: 'payablesAging', asOf: '2026-03-31' });
    expect(parseHash('#/vat-input?from=2026-01-01&to=2026-03-31')).toEqual({ name: 'vatInput', from: '2026-01-01', to: '2026-03-31' });
  });
  it('falls back to the trial balance', () => {
    expect(parseHash('').name).toBe('trialBalance');
    expect(parseHash('#/nonsense').name).toBe('trialBalance');
  });
});
