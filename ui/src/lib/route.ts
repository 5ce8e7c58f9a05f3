//! Hash routes: the back button works and a reload keeps the screen. Pure, so it is testable.

export type Route =
  | { name: 'accounts' }
  | { name: 'journal' }
  | { name: 'newEntry' }
  | { name: 'entry'; id: number }
  | { name: 'trialBalance'; from?: string; to?: string; level?: number }
  | { name: 'register'; code: string; from?: string; to?: string; page?: number };

export const DEFAULT_ROUTE: Route = { name: 'trialBalance' };

function opt(q: URLSearchParams, k: string): string | undefined {
  const v = q.get(k);
  return v === null || v === '' ? undefined : v;
}

export function parseHash(hash: string): Route {
  const h = hash.replace(/^#\/?/, '');
  const [path = '', query = ''] = h.split('?', 2);
  const q = new URLSearchParams(query);
  const parts = path.split('/').filter((p) => p !== '').map(decodeURIComponent);
  switch (parts[0]) {
    case 'accounts':
      return { name: 'accounts' };
    case 'journal': {
      if (parts[1] === 'new') return { name: 'newEntry' };
      const id = Number(parts[1]);
      if (parts[1] !== undefined && Number.isInteger(id) && id > 0) return { name: 'entry', id };
      return { name: 'journal' };
    }
    case 'trial-balance': {
      const level = Number(q.get('level'));
      return {
        name: 'trialBalance',
        from: opt(q, 'from'),
        to: opt(q, 'to'),
        level: Number.isInteger(level) && level > 0 ? level : undefined,
      };
    }
    case 'register':
      if (parts[1]) {
        const page = Number(q.get('page'));
        return {
          name: 'register',
          code: parts[1],
          from: opt(q, 'from'),
          to: opt(q, 'to'),
          page: Number.isInteger(page) && page >= 0 ? page : undefined,
        };
      }
      return { name: 'accounts' };
    default:
      return DEFAULT_ROUTE;
  }
}

function withQuery(path: string, params: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

export function routeHash(r: Route): string {
  switch (r.name) {
    case 'accounts':
      return '#/accounts';
    case 'journal':
      return '#/journal';
    case 'newEntry':
      return '#/journal/new';
    case 'entry':
      return `#/journal/${r.id}`;
    case 'trialBalance':
      return withQuery('#/trial-balance', { from: r.from, to: r.to, level: r.level });
    case 'register':
      return withQuery(`#/register/${encodeURIComponent(r.code)}`, { from: r.from, to: r.to, page: r.page });
  }
}
