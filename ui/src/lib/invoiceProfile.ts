//! Pure helpers of the "Datos de facturación" screen: the logo file as base64 (what the api
//! takes), its type told by its first bytes, and the message key of each field's problem.

import type { ProblemDto } from './generated';

/** The api refuses a logo over 1 MB; the screen says so before sending it. */
export const LOGO_MAX_BYTES = 1_000_000;

/** Bytes as standard base64 (chunked, so a 1 MB logo does not overflow the call stack). */
export function bytesToBase64(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

/** "image/png" or "image/jpeg" from a base64 logo's first bytes; null for anything else. */
export function logoMime(base64: string): 'image/png' | 'image/jpeg' | null {
  if (base64.startsWith('iVBORw0KGgo')) return 'image/png';
  if (base64.startsWith('/9j/')) return 'image/jpeg';
  return null;
}

/**
 * The message key (in i18n-invoices) for a problem of the profile: `profile.problem.<field>.<why>`
 * (the IBAN's why is the api's `reason` param: format, length, checksum, control); null when
 * the field is not one of the screen's.
 */
export function profileProblemKey(p: ProblemDto): string | null {
  const params = (p.params ?? {}) as Record<string, string>;
  switch (p.field) {
    case 'iban':
      return `profile.problem.iban.${params.reason ?? 'format'}`;
    case 'email':
      return 'profile.problem.email';
    case 'phone':
    case 'invoice_footer':
      return `profile.problem.${p.field}`;
    case 'logo':
      if (p.code === 'out_of_range') return 'profile.problem.logo.tooBig';
      if (/interlaced/i.test(p.message)) return 'profile.problem.logo.interlaced';
      if (/damaged|empty|without/i.test(p.message)) return 'profile.problem.logo.damaged';
      return 'profile.problem.logo.notImage';
    default:
      return null;
  }
}
