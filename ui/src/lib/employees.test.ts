import { describe, expect, it } from 'vitest';
import { parseHash, routeHash } from './route';
import { emptyEmployee, employeeProblemKeys } from './employees';
import { enEmployees, esEmployees } from './i18n-employees';
import type { ProblemDto } from './generated';

describe('employees', () => {
  it('routes round-trip', () => {
    expect(parseHash('#/employees')).toEqual({ name: 'employees', q: undefined, status: undefined });
    expect(parseHash('#/employees/new')).toEqual({ name: 'employee', id: 0 });
    expect(parseHash('#/employees/7')).toEqual({ name: 'employee', id: 7 });
    expect(routeHash({ name: 'employee', id: 7 })).toBe('#/employees/7');
    expect(routeHash({ name: 'employee', id: 0 })).toBe('#/employees/new');
    expect(parseHash(routeHash({ name: 'employees', q: 'lucía', status: 'terminated' }))).toEqual({ name: 'employees', q: 'lucía', status: 'terminated' });
  });

  it('a bad SS number names its reason first', () => {
    const p: ProblemDto = { code: 'invalid_code', row: null, field: 'ss_number', message: '', params: { reason: 'control', expected: '40' } };
    const { keys, params } = employeeProblemKeys(p);
    const first = keys[0] ?? '';
    expect(first).toBe('employees.problem.ss_number.control');
    expect(params['expected']).toBe('40');
    expect(first in esEmployees && first in enEmployees).toBe(true);
  });

  it('a new employee starts full time with 14 payments', () => {
    const e = emptyEmployee('2026-03-01');
    expect([e.part_time_pct, e.payments, e.start_date]).toEqual(['100', 14, '2026-03-01']);
  });
});
