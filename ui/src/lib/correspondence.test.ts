import { describe, expect, it } from 'vitest';
import { CHANNELS, PILES, RULE_FIELDS, channelKey, directionKey, dueWhen, isPile, pageCount, pileKey, ruleFieldKey } from './correspondence';
import { hasKey } from './i18n';

describe('correspondence', () => {
  it('every code has its message', () => {
    for (const c of CHANNELS) expect(hasKey(channelKey(c)), c).toBe(true);
    for (const d of ['in', 'out']) expect(hasKey(directionKey(d)), d).toBe(true);
    for (const p of PILES) expect(hasKey(pileKey(p)), p).toBe(true);
    for (const f of RULE_FIELDS) expect(hasKey(ruleFieldKey(f)), f).toBe(true);
  });

  it('says how far a follow-up is', () => {
    expect(dueWhen(-3)).toEqual({ key: 'followUps.overdue', days: 3 });
    expect(dueWhen(0)).toEqual({ key: 'followUps.today', days: 0 });
    expect(dueWhen(4)).toEqual({ key: 'followUps.inDays', days: 4 });
  });

  it('knows the piles and counts pages', () => {
    expect(isPile('billing')).toBe(true);
    expect(isPile('spam')).toBe(false);
    expect(isPile(undefined)).toBe(false);
    expect(pageCount(0, 50)).toBe(1);
    expect(pageCount(50, 50)).toBe(1);
    expect(pageCount(51, 50)).toBe(2);
  });
});
