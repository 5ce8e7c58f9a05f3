import { describe, expect, it } from 'vitest';
import { defaultPeriod, isPayrollReport, monthKey, monthLabel, quarterOf, ssItems } from './payrollReports';

describe('payroll reports', () => {
  it('knows its reports', () => {
    expect(isPayrollReport('ss_cost')).toBe(true);
    expect(isPayrollReport('nope')).toBe(false);
    expect(isPayrollReport(undefined)).toBe(false);
  });
  it('months and quarters', () => {
    expect(monthKey(2025, 3)).toBe('2025-03');
    expect(monthLabel('2025-03')).toBe('03/2025');
    expect(quarterOf('2025-03-31')).toBe(1);
    expect(quarterOf('2025-04-01')).toBe(2);
    expect(quarterOf('2025-12-01')).toBe(4);
    expect(defaultPeriod('2025-07-15')).toEqual({ from: '2025-01', to: '2025-07' });
  });
  it('lists solidarity and overtime only when there are any', () => {
    const z = '0.00';
    const m = {
      month: '2025-03', employees: 1, bccc: '100.00', bccp: '100.00', total: '1.00',
      ee: { cc: '4.70', unemployment: z, fp: z, mei: z, solidarity: z, overtime: '1.00', total: '5.70' },
      er: { cc: z, atep: z, unemployment: z, fogasa: z, fp: z, mei: z, solidarity: z, overtime: z, total: z },
    };
    const keys = ssItems(m).map((i) => i.key);
    expect(keys).toContain('prep.overtime');
    expect(keys).not.toContain('prep.solidarity');
    expect(keys.length).toBe(7);
    expect(ssItems(m)[0]?.total).toBe('4.70');
    expect(ssItems(m).find((i) => i.key === 'prep.overtime')?.total).toBe('1.00');
  });
});

describe('payroll reports address', () => {
  it('reads and writes #/payroll-reports', async () => {
    const { parseHash, routeHash } = await import('./route');
    expect(parseHash('#/payroll-reports?report=ss_cost')).toEqual({ name: 'payrollReports', report: 'ss_cost' });
    expect(parseHash('#/payroll-reports?report=nope')).toEqual({ name: 'payrollReports', report: undefined });
    expect(routeHash({ name: 'payrollReports', report: 'irpf_annual' })).toBe('#/payroll-reports?report=irpf_annual');
    expect(routeHash({ name: 'payrollReports' })).toBe('#/payroll-reports');
  });
});
