//! The correspondence log and e-mail triage on the UI side: the code lists and their message
//! keys, and how a follow-up's distance is said. Pure, so it is testable.

import type { MessageKey } from './i18n';

export const CHANNELS = ['call', 'email', 'letter', 'meeting'] as const;
export const DIRECTIONS = ['in', 'out'] as const;
export const PILES = ['billing', 'payments', 'complaint', 'order', 'other'] as const;
export const RULE_FIELDS = ['sender', 'subject', 'body', 'attachment'] as const;
export type Pile = (typeof PILES)[number];

export function isPile(s: string | undefined | null): s is Pile {
  return !!s && (PILES as readonly string[]).includes(s);
}

export const channelKey = (c: string) => `corr.channel.${c}` as MessageKey;
export const directionKey = (d: string) => `corr.direction.${d}` as MessageKey;
export const pileKey = (p: string) => `mail.pile.${p}` as MessageKey;
export const ruleFieldKey = (f: string) => `mail.field.${f}` as MessageKey;

/** How far a follow-up is: overdue (days ago), today, or in N days. */
export function dueWhen(daysLeft: number): { key: MessageKey; days: number } {
  if (daysLeft < 0) return { key: 'followUps.overdue', days: -daysLeft };
  if (daysLeft === 0) return { key: 'followUps.today', days: 0 };
  return { key: 'followUps.inDays', days: daysLeft };
}

/** The number of pages for a total at a page size (at least one). */
export function pageCount(total: number, size: number): number {
  return Math.max(1, Math.ceil(total / Math.max(1, size)));
}
