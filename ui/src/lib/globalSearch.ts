//! The top bar's search, the parts that are pure (so testable): the order of the groups, where
//! a hit opens, the flat keyboard order over every group, and how a total reads.

import type { AccountRow, SearchHitDto, SearchResultsDto } from './generated';
import type { Route } from './route';

/** Kinds of the api's search, plus the chart's accounts (searched by search_accounts). */
export type SearchKind =
  | 'customer'
  | 'supplier'
  | 'employee'
  | 'invoice'
  | 'bill'
  | 'entry'
  | 'document'
  | 'correspondence'
  | 'account';

export const KIND_ORDER: readonly SearchKind[] = [
  'customer',
  'supplier',
  'employee',
  'invoice',
  'bill',
  'entry',
  'document',
  'correspondence',
  'account',
];

/** One line of the results, whatever it came from. */
export interface Hit {
  kind: SearchKind;
  /** Unique in the panel (kind and id, or the account's code). */
  key: string;
  label: string;
  detail: string;
  date: string | null;
  total: string | null;
  tag: string | null;
  snippet: { text: string; matched: boolean }[];
  route: Route;
}

export interface Group {
  kind: SearchKind;
  total: number;
  /** Only the newest matches were counted: `total` is a lower bound. */
  more: boolean;
  hits: Hit[];
}

const PARTY_KINDS = ['customer', 'supplier', 'employee'] as const;

/** Where a hit of the api's search opens. */
export function routeFor(h: SearchHitDto, hasCorrespondenceRoute = true): Route {
  switch (h.kind) {
    case 'customer':
    case 'supplier':
    case 'employee':
    case 'invoice':
    case 'bill':
    case 'entry':
    case 'document':
      return { name: h.kind, id: h.id };
    case 'correspondence': {
      const party = PARTY_KINDS.find((k) => k === h.party_kind);
      if (party && h.party_id != null) return { name: party, id: h.party_id };
      return hasCorrespondenceRoute ? { name: 'correspondence' } : { name: 'archive' };
    }
    default:
      return { name: 'archive' };
  }
}

function isKind(k: string): k is SearchKind {
  return (KIND_ORDER as readonly string[]).includes(k);
}

/** Accounts come first when the text starts with a digit (an account code), last otherwise. */
export function accountsFirst(text: string): boolean {
  return /^\s*\d/.test(text);
}

/** The groups as shown: the api's (in its order), with the accounts' group placed by `accountsFirst`. */
export function buildGroups(text: string, r: SearchResultsDto | null, accounts: AccountRow[]): Group[] {
  const groups: Group[] = [];
  for (const g of r?.groups ?? []) {
    if (!isKind(g.kind) || g.hits.length === 0) continue;
    groups.push({
      kind: g.kind,
      total: g.total,
      more: r?.capped ?? false,
      hits: g.hits.map((h) => ({
        kind: g.kind as SearchKind,
        key: `${h.kind}:${h.id}`,
        label: h.label,
        detail: h.detail,
        date: h.date,
        total: h.total,
        tag: h.tag,
        snippet: h.snippet,
        route: routeFor(h),
      })),
    });
  }
  groups.sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind));
  if (accounts.length > 0) {
    const g: Group = {
      kind: 'account',
      total: accounts.length,
      more: false,
      hits: accounts.map((a) => ({
        kind: 'account',
        key: `account:${a.code}`,
        label: a.code,
        detail: a.name,
        date: null,
        total: null,
        tag: a.active ? null : 'inactive',
        snippet: [],
        route: { name: 'register', code: a.code },
      })),
    };
    if (accountsFirst(text)) groups.unshift(g);
    else groups.push(g);
  }
  return groups;
}

/** Every hit in the order the arrows walk them. */
export function flatten(groups: Group[]): Hit[] {
  return groups.flatMap((g) => g.hits);
}

/** The next highlighted position after an arrow key, wrapping around. */
export function step(current: number, delta: 1 | -1, count: number): number {
  if (count === 0) return 0;
  return (current + delta + count) % count;
}

/** A total as the heading shows it: '12', or '10 000+' when only the newest were counted. */
export function totalText(g: Group, formatNumber: (n: number) => string): string {
  return `${formatNumber(g.total)}${g.more ? '+' : ''}`;
}

/** Lower case without accents, as the search index folds (so highlights agree with it). */
export function fold(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** The words a text is split into, as the index splits them (runs of letters and digits). */
const TOKEN = /[\p{L}\p{N}]+/gu;

/** `text` in pieces, the words the query looks for marked as the index matches them: each
 *  query word is a phrase of its tokens ('F-2026-0001': f, 2026, 0001 in a row), whole words
 *  but the last, which may be the start of one when it has two letters or more. */
export function highlight(text: string, query: string): { text: string; matched: boolean }[] {
  const phrases = query
    .split(/\s+/)
    .map((w) => [...fold(w).matchAll(TOKEN)].map((m) => m[0]))
    .filter((toks) => toks.length > 0);
  const tokens = [...text.matchAll(TOKEN)].map((m) => ({ start: m.index ?? 0, text: m[0], folded: fold(m[0]) }));
  const marked = tokens.map(() => false);
  for (const phrase of phrases) {
    const n = phrase.length;
    const last = phrase[n - 1] ?? '';
    for (let i = 0; i + n <= tokens.length; i++) {
      const ok = phrase.every((q, k) => {
        const tok = tokens[i + k]?.folded ?? '';
        return k === n - 1 && last.length >= 2 ? tok.startsWith(q) : tok === q;
      });
      if (ok) for (let k = 0; k < n; k++) marked[i + k] = true;
    }
  }
  const parts: { text: string; matched: boolean }[] = [];
  const push = (t: string, matched: boolean) => {
    if (t === '') return;
    const prev = parts[parts.length - 1];
    if (prev && prev.matched === matched) prev.text += t;
    else parts.push({ text: t, matched });
  };
  let at = 0;
  tokens.forEach((tok, i) => {
    push(text.slice(at, tok.start), false);
    push(tok.text, marked[i] ?? false);
    at = tok.start + tok.text.length;
  });
  push(text.slice(at), false);
  return parts;
}
