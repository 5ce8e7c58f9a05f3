import { describe, expect, it } from 'vitest';
import { allocationsToSend, halfYears, nextLevel, paymentAmounts, paymentProblemKey, spread, type AllocationLine } from './receivables';

const lines = (...applies: string[]): AllocationLine[] =>
  applies.map((apply, i) => ({ invoice_id: i + 1, number: `2027-000${i + 1}`, due_date: '2027-03-31', open: ['605.00', '110.00'][i] ?? '10.00', apply }));

describe('payment form amounts', () => {
  it('sums what is applied and says what is left unapplied', () => {
    const r = paymentAmounts('300', lines('250,00', '40'), 'es');
    expect(r.amount).toBe(30000n);
    expect(r.applied).toBe(29000n);
    expect(r.unapplied).toBe(1000n);
    expect(r.invalid).toEqual([]);
  });
  it('marks a line that is not an amount and skips it', () => {
    const r = paymentAmounts('100', lines('abc', '20'), 'es');
    expect(r.invalid).toEqual([0]);
    expect(r.applied).toBe(2000n);
  });
  it('sends only lines with an amount, as wire strings', () => {
    expect(allocationsToSend(lines('1.250,5', '', 'x'), 'es')).toEqual([
      { invoice_id: 1, amount: '1250.50' },
      { invoice_id: 3, amount: 'x' },
    ]);
  });
  it('spreads a payment oldest first, each up to what it has open', () => {
    expect(spread(65000n, lines('', ''), 'es').map((l) => l.apply)).toEqual(['605,00', '45,00']);
    expect(spread(10000n, lines('', ''), 'en').map((l) => l.apply)).toEqual(['100.00', '']);
  });
  it('puts an allocation problem under its invoice', () => {
    const sent = [{ invoice_id: 7 }, { invoice_id: 9 }];
    expect(paymentProblemKey({ code: 'out_of_range', message: '', field: 'amount', row: 2, params: {} } as never, sent)).toBe('alloc.9');
    expect(paymentProblemKey({ code: 'invalid_amount', message: '', field: 'amount', row: null, params: {} } as never, sent)).toBe('amount');
  });
});

describe('reminders', () => {
  it('lists the half-years an interest claim crosses', () => {
    expect(halfYears('2027-03-31', '2027-06-30')).toEqual([{ year: 2027, half: 1 }]);
    expect(halfYears('2026-06-30', '2027-01-15')).toEqual([
      { year: 2026, half: 2 },
      { year: 2027, half: 1 },
    ]);
  });
  it('offers the next level until the final notice', () => {
    expect(nextLevel([])).toBe(1);
    expect(nextLevel([1])).toBe(2);
    expect(nextLevel([1, 3])).toBeNull();
  });
});

import { parseHash, routeHash, type Route } from './route';

describe('receivables routes', () => {
  it('round-trip', () => {
    const routes: Route[] = [
      { name: 'payments' },
      { name: 'payments', customer: 3 },
      { name: 'aging', asOf: '2027-06-30' },
      { name: 'dunning' },
      { name: 'vatOutput', from: '2027-04-01', to: '2027-06-30' },
    ];
    for (const r of routes) expect(parseHash(routeHash(r))).toEqual(JSON.parse(JSON.stringify(parseHash(routeHash(r)))));
    for (const r of routes) expect(routeHash(parseHash(routeHash(r)))).toBe(routeHash(r));
    expect(parseHash('#/receivables/aging?as_of=2027-06-30')).toEqual({ name: 'aging', asOf: '2027-06-30' });
  });
});
