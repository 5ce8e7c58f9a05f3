import { describe, expect, it } from 'vitest';
import { formatDays, hoursToWire, isOverlap, nextStatus } from './hr';

describe('hr helpers', () => {
  it('walks the pipeline', () => {
    expect(nextStatus('new')).toBe('interview');
    expect(nextStatus('interview')).toBe('offer');
    expect(nextStatus('offer')).toBe('hired');
    expect(nextStatus('hired')).toBeNull();
    expect(nextStatus('rejected')).toBeNull();
  });
  it('formats day counts', () => {
    expect(formatDays('15.12', 'es')).toBe('15,12');
    expect(formatDays('30.00', 'es')).toBe('30');
    expect(formatDays('-2.60', 'es')).toBe('-2,6');
    expect(formatDays('15.12', 'en')).toBe('15.12');
    expect(formatDays('0.00', 'en')).toBe('0');
  });
  it('reads hours with either decimal mark', () => {
    expect(hoursToWire(' 7,5 ')).toBe('7.5');
  });
  it('knows the overlap refusal', () => {
    expect(
      isOverlap({ code: 'duplicate', field: 'start_date', row: null, message: '', params: { kind: 'vacation', start_date: '2026-08-03', end_date: '2026-08-07' } } as never),
    ).toBe(true);
    expect(isOverlap({ code: 'out_of_range', field: 'end_date', row: null, message: '', params: {} } as never)).toBe(false);
  });
});
