// Pure helpers of the HR records and the candidates' pipeline (tested in hr.test.ts).
import type { ProblemDto } from './api';

export const LEAVE_KINDS = ['vacation', 'sick', 'parental', 'unpaid', 'other'] as const;
export const CANDIDATE_STATUSES = ['new', 'interview', 'offer', 'hired', 'rejected'] as const;
export type CandidateStatus = (typeof CANDIDATE_STATUSES)[number];

/** The pipeline's next step: new → interview → offer → hired; none after hired or rejected. */
export function nextStatus(s: string): CandidateStatus | null {
  switch (s) {
    case 'new':
      return 'interview';
    case 'interview':
      return 'offer';
    case 'offer':
      return 'hired';
    default:
      return null;
  }
}

/** A decimal day count from the server ("15.12", "-2.60", "30.00") in the user's language,
 *  without ",00": es "15,12", "-2,6", "30"; en "15.12". */
export function formatDays(v: string, locale: 'es' | 'en'): string {
  let s = v.includes('.') ? v.replace(/0+$/, '').replace(/\.$/, '') : v;
  if (s === '-0') s = '0';
  return locale === 'es' ? s.replace('.', ',') : s;
}

/** Hours as typed ("7,5" or "7.5") to the wire ("7.5"). */
export function hoursToWire(v: string): string {
  return v.trim().replace(',', '.');
}

/** The overlap refusal of a leave carries the other leave's kind and dates. */
export function isOverlap(p: ProblemDto): boolean {
  return p.code === 'duplicate' && p.field === 'start_date' && !!p.params?.start_date && !!p.params?.end_date;
}
