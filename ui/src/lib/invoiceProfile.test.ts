import { describe, expect, it } from 'vitest';
import { bytesToBase64, logoMime, profileProblemKey } from './invoiceProfile';
import type { ProblemDto } from './generated';

const problem = (field: string, code: string, message = '', params: Record<string, string> = {}): ProblemDto =>
  ({ code, field, row: null, message, params }) as ProblemDto;

describe('invoice profile', () => {
  it('encodes bytes as base64, also past one chunk', () => {
    expect(bytesToBase64(new Uint8Array([0x89, 0x50, 0x4e, 0x47]))).toBe('iVBORw==');
    const big = new Uint8Array(100_000).fill(65);
    expect(atob(bytesToBase64(big)).length).toBe(100_000);
  });
  it('tells PNG and JPEG by their first bytes', () => {
    expect(logoMime(bytesToBase64(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13])))).toBe('image/png');
    expect(logoMime(bytesToBase64(new Uint8Array([0xff, 0xd8, 0xff, 0xe0])))).toBe('image/jpeg');
    expect(logoMime(btoa('<svg/>'))).toBe(null);
  });
  it('keys each problem by field and reason', () => {
    expect(profileProblemKey(problem('iban', 'invalid_code', '', { reason: 'checksum' }))).toBe('profile.problem.iban.checksum');
    expect(profileProblemKey(problem('iban', 'invalid_code'))).toBe('profile.problem.iban.format');
    expect(profileProblemKey(problem('logo', 'invalid_code', 'logo: interlaced PNG: save…'))).toBe('profile.problem.logo.interlaced');
    expect(profileProblemKey(problem('logo', 'invalid_code', 'logo: the logo is neither PNG nor JPEG'))).toBe('profile.problem.logo.notImage');
    expect(profileProblemKey(problem('logo', 'out_of_range'))).toBe('profile.problem.logo.tooBig');
    expect(profileProblemKey(problem('other', 'x'))).toBe(null);
  });
});
