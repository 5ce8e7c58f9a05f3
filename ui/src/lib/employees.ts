//! Pure helpers of the employee screens: an empty form, the CSV columns, and the message key
//! of a problem (the employees' own, else the generic message by code).

import type { EmployeeFields, ProblemDto } from './generated';

export const CONTRACT_TYPES = ['indefinido', 'temporal', 'formacion', 'practicas', 'fijo_discontinuo'] as const;
export const TERMINATION_CAUSES = ['voluntary', 'end_of_contract', 'objective', 'disciplinary', 'unfair', 'other'] as const;

export const EMPLOYEE_CSV_COLUMNS =
  'nif, name, ss_number, birth_date, iban, contract_type, start_date, end_date, part_time_pct, group, base_salary, complement, payments, prorate_extras, irpf_pct, email, phone, address, job_title, category, agreement, allowance, in_kind, vacation_days, notes';

export function emptyEmployee(today: string): EmployeeFields {
  return {
    nif: '',
    name: '',
    ss_number: '',
    birth_date: null,
    address: '',
    iban: null,
    email: null,
    phone: null,
    contract_type: 'indefinido',
    start_date: today,
    end_date: null,
    part_time_pct: '100',
    job_title: '',
    category: '',
    cotization_group: 7,
    agreement: '',
    base_salary: '0.00',
    complement: '0.00',
    allowance: '0.00',
    in_kind: '0.00',
    payments: 14,
    prorate_extras: false,
    vacation_days: 30,
    notes: '',
    irpf_pct: null,
  };
}

/** The message key of an employee's problem, most specific first; null: use the generic text. */
export function employeeProblemKeys(p: ProblemDto): { keys: string[]; params: Record<string, string> } {
  const params: Record<string, string> = { ...(p.params as Record<string, string>) };
  if (!p.field) return { keys: [], params };
  const keys: string[] = [];
  if (params.reason) keys.push(`employees.problem.${p.field}.${params.reason}`);
  keys.push(`employees.problem.${p.field}.${p.code}`);
  if (p.code === 'out_of_range' || p.code === 'invalid_code' || p.code === 'negative_amount') keys.push(`employees.problem.${p.field}`);
  keys.push(`payroll.problem.${p.field}`);
  return { keys, params };
}
