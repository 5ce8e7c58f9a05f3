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
    ];
    for (const r of routes) {
      const back = parseHash(routeHash(r));
      expect(routeHash(back)).toBe(routeHash(r));
    }
  });
  it('falls back to the trial balance', () => {
    expect(parseHash('').name).toBe('trialBalance');
    expect(parseHash('#/nonsense').name).toBe('trialBalance');
  });
});
