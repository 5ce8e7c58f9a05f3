//! Nest the flat, code-ordered account list by `parent`, filter it, and flatten the visible rows.

import type { AccountRow } from './api';

export interface AccountNode {
  row: AccountRow;
  children: AccountNode[];
}

/** Build the forest. Accounts whose parent is absent from the list become roots. Order follows codes. */
export function buildTree(rows: readonly AccountRow[]): AccountNode[] {
  const byCode = new Map<string, AccountNode>();
  const sorted = [...rows].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  for (const row of sorted) byCode.set(row.code, { row, children: [] });
  const roots: AccountNode[] = [];
  for (const row of sorted) {
    const node = byCode.get(row.code)!;
    const parent = row.parent !== null ? byCode.get(row.parent) : undefined;
    if (parent && parent !== node) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}

export function matchesQuery(row: AccountRow, query: string): boolean {
  const q = query.trim().toLowerCase();
  if (q === '') return true;
  return row.code.startsWith(q) || row.name.toLowerCase().includes(q);
}

/**
 * The codes to show for a query: every match and all its ancestors (so the tree keeps its shape).
 * Returns null when nothing is filtered.
 */
export function visibleCodes(rows: readonly AccountRow[], query: string): Set<string> | null {
  if (query.trim() === '') return null;
  const byCode = new Map(rows.map((r) => [r.code, r] as const));
  const keep = new Set<string>();
  for (const r of rows) {
    if (!matchesQuery(r, query)) continue;
    let cur: AccountRow | undefined = r;
    while (cur && !keep.has(cur.code)) {
      keep.add(cur.code);
      cur = cur.parent !== null ? byCode.get(cur.parent) : undefined;
    }
  }
  return keep;
}

export interface VisibleRow {
  row: AccountRow;
  depth: number;
  hasChildren: boolean;
  expanded: boolean;
}

/**
 * Depth-first rows to render. A node's children show when it is expanded, or always when a
 * filter is active (the filter already trimmed the tree to matches and ancestors).
 */
export function flattenVisible(
  roots: readonly AccountNode[],
  expanded: ReadonlySet<string>,
  filter: ReadonlySet<string> | null = null,
): VisibleRow[] {
  const out: VisibleRow[] = [];
  const walk = (nodes: readonly AccountNode[], depth: number) => {
    for (const n of nodes) {
      if (filter && !filter.has(n.row.code)) continue;
      const kids = filter ? n.children.filter((c) => filter.has(c.row.code)) : n.children;
      const isOpen = filter !== null || expanded.has(n.row.code);
      out.push({ row: n.row, depth, hasChildren: kids.length > 0, expanded: isOpen && kids.length > 0 });
      if (isOpen) walk(kids, depth + 1);
    }
  };
  walk(roots, 0);
  return out;
}

/** Every code that has children: "expand all". */
export function allParents(roots: readonly AccountNode[]): Set<string> {
  const out = new Set<string>();
  const walk = (nodes: readonly AccountNode[]) => {
    for (const n of nodes) {
      if (n.children.length > 0) {
        out.add(n.row.code);
        walk(n.children);
      }
    }
  };
  walk(roots);
  return out;
}

/** A new subaccount code must extend its parent's code with digits. */
export function validSubaccountCode(parentCode: string, code: string): boolean {
  return code.length > parentCode.length && code.startsWith(parentCode) && /^\d+$/.test(code);
}
