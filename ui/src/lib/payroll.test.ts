import { describe, expect, it } from 'vitest';
import type { PayslipView } from './generated';
import { addMonths, correctable, correctionMonth, deductionItems, editLines, editNet, employerItems, isMonth, kindOf, lineProblems, rateRows, rateToWire, runTotals, toWireLines } from './payroll';
import { parseHash, routeHash } from './route';

function slip(over: Partial<PayslipView> = {}): PayslipView {
  return {
    id: 1, run_id: 1, month: '2026-03', run_state: 'draft', employee_id: 1, corrects_id: null,
    period_start: '2026-03-01', period_end: '2026-03-31', days: 30, employee_name: 'Ana', employee_nif: '12345678Z',
    ss_number: '', group: 7, category: '', contract_type: 'indefinido', part_time_pct: '100', irpf_pct: '12',
    lines: [], salary: '0.00', non_salary: '0.00', gross: '1500.10', bccc: '0.00', bccp: '0.00', overtime_base: '0.00',
    irpf_base: '0.00', ee_cc: '70.50', ee_unemployment: '23.25', ee_fp: '1.50', ee_mei: '1.95', ee_solidarity: '0.00',
    ee_overtime: '0.00', ee_total: '97.20', irpf: '180.00', other_deductions: '0.00', total_deductions: '277.20',
    net: '1222.90', er_cc: '354.00', er_atep: '22.50', er_unemployment: '82.50', er_fogasa: '3.00', er_fp: '9.00',
    er_mei: '10.05', er_solidarity: '0.00', er_overtime: '0.00', er_total: '481.05', employer_cost: '1981.15', warnings: [],
    ...over,
  };
}

describe('review lines editor', () => {
  it('files each code under its kind', () => {
    expect(kindOf('overtime')).toBe('salary');
    expect(kindOf('overtime_fm')).toBe('salary');
    expect(kindOf('bonus')).toBe('salary');
    expect(kindOf('allowance')).toBe('non_salary');
    expect(kindOf('advance')).toBe('deduction');
  });

  it('sends amounts typed in the locale as exact wire strings', () => {
    const r = toWireLines(
      [
        { code: 'overtime', label: ' Horas extra ', amount: '50,00' },
        { code: 'bonus', label: 'Bonus', amount: '1.234,5' },
        { code: 'advance', label: 'Anticipo', amount: '0,1' },
      ],
      'es',
    );
    expect(r.errors).toEqual({});
    expect(r.lines).toEqual([
      { kind: 'salary', code: 'overtime', label: 'Horas extra', amount: '50.00' },
      { kind: 'salary', code: 'bonus', label: 'Bonus', amount: '1234.50' },
      { kind: 'deduction', code: 'advance', label: 'Anticipo', amount: '0.10' },
    ]);
    expect(toWireLines([{ code: 'allowance', label: 'Dietas', amount: '1,234.56' }], 'en').lines[0]?.amount).toBe('1234.56');
  });

  it('names each bad row and field, and then sends nothing', () => {
    const r = toWireLines(
      [
        { code: 'overtime', label: 'ok', amount: '10' },
        { code: 'overtime', label: '', amount: '' },
        { code: 'bonus', label: 'x', amount: '1,234' },
        { code: 'bonus', label: 'x', amount: 'abc' },
        { code: 'bonus', label: 'x', amount: '-5' },
        { code: 'bonus', label: 'x', amount: '0' },
      ],
      'es',
    );
    expect(r.lines).toEqual([]);
    expect(r.errors).toEqual({
      '2.label': 'required',
      '2.amount': 'required',
      '3.amount': 'too_many_decimals',
      '4.amount': 'invalid_amount',
      '5.amount': 'not_positive',
      '6.amount': 'not_positive',
    });
  });

  it('starts from the payslip\'s review lines only, in the locale', () => {
    const lines = [
      { kind: 'salary', code: 'base', label: 'Salario base', amount: '1500.00', manual: false },
      { kind: 'salary', code: 'overtime', label: 'Horas extra', amount: '1234.50', manual: true },
    ];
    expect(editLines(lines, 'es')).toEqual([{ code: 'overtime', label: 'Horas extra', amount: '1.234,50' }]);
    expect(editLines(lines, 'en')).toEqual([{ code: 'overtime', label: 'Horas extra', amount: '1,234.50' }]);
  });

  it('previews the effect on the net: deductions subtract, unreadable rows are skipped', () => {
    expect(
      editNet(
        [
          { code: 'overtime', label: '', amount: '50,00' },
          { code: 'advance', label: '', amount: '20,5' },
          { code: 'bonus', label: '', amount: 'x' },
        ],
        'es',
      ),
    ).toBe(2950n);
  });

  it('keys the server problems by row and field', () => {
    const p = (row: number | null, field: string | null) => ({ code: 'out_of_range', field, row, message: '', params: {} });
    const k = lineProblems([p(2, 'amount'), p(2, 'amount'), p(1, 'label'), p(null, 'lines')]);
    expect(Object.keys(k).sort()).toEqual(['1.label', '2.amount', 'lines']);
  });
});

describe('run totals and payslip items', () => {
  it('adds the payslips exactly, in cents', () => {
    const t = runTotals([slip(), slip({ days: 15, gross: '0.20', total_deductions: '0.10', net: '0.10', employer_cost: '0.30' })]);
    expect(t).toEqual({ days: 45, gross: 150030n, deductions: 27730n, net: 122300n, employerCost: 198145n });
    expect(runTotals([])).toEqual({ days: 0, gross: 0n, deductions: 0n, net: 0n, employerCost: 0n });
  });

  it('lists each non-zero deduction and contribution', () => {
    expect(deductionItems(slip()).map((d) => d.key)).toEqual(['ee_cc', 'ee_unemployment', 'ee_fp', 'ee_mei', 'irpf']);
    expect(employerItems(slip()).map((d) => d.key)).toEqual(['er_cc', 'er_atep', 'er_unemployment', 'er_fogasa', 'er_fp', 'er_mei']);
  });

  it('corrects only an approved payslip, not a correction, of an earlier month', () => {
    expect(correctable(slip({ run_state: 'approved' }), '2026-04')).toBe(true);
    expect(correctable(slip({ run_state: 'paid' }), '2026-04')).toBe(true);
    expect(correctable(slip({ run_state: 'draft' }), '2026-04')).toBe(false);
    expect(correctable(slip({ run_state: 'approved', corrects_id: 3 }), '2026-04')).toBe(false);
    expect(correctable(slip({ run_state: 'approved' }), '2026-03')).toBe(false);
  });
});

describe('months, rates and routes', () => {
  it('steps months across years', () => {
    expect(addMonths('2025-12', 1)).toBe('2026-01');
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(addMonths('2026-03', 12)).toBe('2027-03');
    expect(isMonth('2026-13')).toBe(false);
    expect(isMonth('2026-00')).toBe(false);
    expect(isMonth('2026-1')).toBe(false);
    expect(isMonth('2026-11')).toBe(true);
  });

  it('puts a correction in the first open month after the payslip\'s, from the current one', () => {
    expect(correctionMonth('2026-10', '2026-11', [])).toBe('2026-11');
    expect(correctionMonth('2026-10', '2026-11', [{ month: '2026-11', state: 'paid' }])).toBe('2026-12');
    expect(correctionMonth('2026-10', '2026-11', [{ month: '2026-11', state: 'approved' }, { month: '2026-12', state: 'approved' }])).toBe('2027-01');
    expect(correctionMonth('2026-11', '2026-11', [{ month: '2026-11', state: 'paid' }])).toBe('2026-12');
    expect(correctionMonth('2026-12', '2026-11', [])).toBe('2027-01');
  });

  it('marks changed rates and filters by key or source', () => {
    const rates = [
      { key: 'ee.cc', value: '4.70', source: 'Orden PJC/178/2025', shipped: null },
      { key: 'er.cc', value: '24.00', source: 'Orden PJC/178/2025', shipped: '23.60' },
    ];
    expect(rateRows(rates, '').map((r) => r.changed)).toEqual([false, true]);
    expect(rateRows(rates, 'ER.').map((r) => r.key)).toEqual(['er.cc']);
    expect(rateRows(rates, 'pjc')).toHaveLength(2);
    expect(rateToWire(' 4,75 ')).toBe('4.75');
    expect(rateToWire('4.75')).toBe('4.75');
    expect(rateToWire('1.234,5')).toBe('1.234,5');
  });

  it('routes #/payroll with its month and #/payroll-rates with its year', () => {
    expect(parseHash('#/payroll?month=2026-03')).toEqual({ name: 'payroll', month: '2026-03' });
    expect(parseHash('#/payroll?month=2026-13')).toEqual({ name: 'payroll', month: undefined });
    expect(routeHash({ name: 'payroll', month: '2026-03' })).toBe('#/payroll?month=2026-03');
    expect(routeHash({ name: 'payroll' })).toBe('#/payroll');
    expect(parseHash('#/payroll-rates?year=2025')).toEqual({ name: 'payrollRates', year: 2025 });
    expect(routeHash({ name: 'payrollRates', year: 2026 })).toBe('#/payroll-rates?year=2026');
  });
});
