//! Hash routes: the back button works and a reload keeps the screen. Pure, so it is testable.

import type { Compare, PayrollReportKind, ReportKind } from './generated';
import { isPayrollReport } from './payrollReports';

/** The statements and comparisons the api knows (its ReportKind and Compare, generated). */
export type ReportName = ReportKind;
export type CompareName = Compare;
export const REPORTS: readonly ReportName[] = ['trial-balance', 'profit-loss', 'balance-sheet', 'cash-flow'];

/** What a statement screen shows; also what a drill-down recomputes. */
export interface ReportQuery {
  report: ReportName;
  from?: string;
  to?: string;
  compare?: CompareName;
  monthly?: boolean;
  level?: number;
}

export type Route =
  | { name: 'accounts' }
  | { name: 'journal' }
  | { name: 'newEntry'; draft?: number; template?: number }
  | { name: 'periods' }
  | { name: 'templates' }
  | { name: 'backups' }
  | { name: 'customers'; q?: string }
  | { name: 'customer'; id: number }
  | { name: 'products' }
  | { name: 'suppliers'; q?: string }
  | { name: 'supplier'; id: number }
  | { name: 'employees'; q?: string; status?: string }
  | { name: 'employee'; id: number }
  | { name: 'payroll'; month?: string }
  | { name: 'payrollRates'; year?: number }
  | { name: 'payrollReports'; report?: PayrollReportKind }
  | { name: 'contracts'; within?: number }
  | { name: 'candidates' }
  | { name: 'bankAccounts' }
  | { name: 'archive'; q?: string; category?: string; tag?: string; tab?: string }
  | { name: 'document'; id: number }
  | { name: 'correspondence' }
  | { name: 'mail'; pile?: string }
  | { name: 'bankImport'; account?: number }
  | { name: 'bankReconcile'; account?: number }
  | { name: 'purchaseOrders'; state?: string; q?: string }
  | { name: 'purchaseOrder'; id: number }
  | { name: 'bills'; supplier?: number; kind?: string; open?: boolean; q?: string }
  | { name: 'bill'; id: number; supplier?: number; order?: number; corrects?: number }
  | { name: 'invoices'; state?: string; customer?: number; from?: string; to?: string }
  | { name: 'invoice'; id: number }
  | { name: 'quotes' }
  | { name: 'payments'; customer?: number }
  | { name: 'aging'; asOf?: string }
  | { name: 'dunning'; asOf?: string }
  | { name: 'vatOutput'; from?: string; to?: string }
  | { name: 'supplierPayments'; supplier?: number }
  | { name: 'paymentRuns'; run?: number }
  | { name: 'payablesAging'; asOf?: string }
  | { name: 'vatInput'; from?: string; to?: string }
  | { name: 'invoiceProfile' }
  | { name: 'audit'; record?: string; action?: string; from?: string; to?: string }
  | ({ name: 'report' } & ReportQuery)
  | ({ name: 'drill'; key: string; column: number; page?: number } & ReportQuery)
  | { name: 'journalBook'; from?: string; to?: string; page?: number }
  | { name: 'ledger'; from?: string; to?: string; first?: string; last?: string }
  | { name: 'entry'; id: number }
  | { name: 'trialBalance'; from?: string; to?: string; level?: number }
  | { name: 'register'; code: string; from?: string; to?: string; page?: number };

export const DEFAULT_ROUTE: Route = { name: 'trialBalance' };

function opt(q: URLSearchParams, k: string): string | undefined {
  const v = q.get(k);
  return v === null || v === '' ? undefined : v;
}

function optInt(q: URLSearchParams, k: string, min = 0): number | undefined {
  const v = Number(q.get(k));
  return q.get(k) !== null && Number.isInteger(v) && v >= min ? v : undefined;
}

function reportQuery(report: string | undefined, q: URLSearchParams): ReportQuery | undefined {
  if (!REPORTS.includes(report as ReportName)) return undefined;
  const compare = opt(q, 'compare');
  return {
    report: report as ReportName,
    from: opt(q, 'from'),
    to: opt(q, 'to'),
    compare: compare === 'previous-period' || compare === 'previous-year' ? compare : undefined,
    monthly: q.get('monthly') === '1' ? true : undefined,
    level: optInt(q, 'level', 1),
  };
}

function reportParams(r: ReportQuery): Record<string, string | number | undefined> {
  return { from: r.from, to: r.to, compare: r.compare, monthly: r.monthly ? 1 : undefined, level: r.level };
}

export function parseHash(hash: string): Route {
  const h = hash.replace(/^#\/?/, '');
  const [path = '', query = ''] = h.split('?', 2);
  const q = new URLSearchParams(query);
  const parts = path.split('/').filter((p) => p !== '').map(decodeURIComponent);
  switch (parts[0]) {
    case 'accounts':
      return { name: 'accounts' };
    case 'periods':
      return { name: 'periods' };
    case 'templates':
      return { name: 'templates' };
    case 'backups':
      return { name: 'backups' };
    case 'customers': {
      if (parts[1] === 'new') return { name: 'customer', id: 0 };
      const id = Number(parts[1]);
      if (parts[1] !== undefined && Number.isInteger(id) && id > 0) return { name: 'customer', id };
      return { name: 'customers', q: opt(q, 'q') };
    }
    case 'employees': {
      if (parts[1] === 'new') return { name: 'employee', id: 0 };
      const id = Number(parts[1]);
      if (parts[1] !== undefined && Number.isInteger(id) && id > 0) return { name: 'employee', id };
      return { name: 'employees', q: opt(q, 'q'), status: opt(q, 'status') };
    }
    case 'suppliers': {
      if (parts[1] === 'new') return { name: 'supplier', id: 0 };
      const id = Number(parts[1]);
      if (parts[1] !== undefined && Number.isInteger(id) && id > 0) return { name: 'supplier', id };
      return { name: 'suppliers', q: opt(q, 'q') };
    }
    case 'payroll':
      return { name: 'payroll', month: /^\d{4}-(0[1-9]|1[0-2])$/.test(q.get('month') ?? '') ? (q.get('month') as string) : undefined };
    case 'payroll-rates':
      return { name: 'payrollRates', year: optInt(q, 'year', 2000) };
    case 'payroll-reports': {
      const report = q.get('report');
      return { name: 'payrollReports', report: isPayrollReport(report) ? report : undefined };
    }
    case 'contracts':
      return { name: 'contracts', within: optInt(q, 'within') };
    case 'candidates':
      return { name: 'candidates' };
    case 'bank-accounts':
      return { name: 'bankAccounts' };
    case 'archive': {
      const id = Number(parts[1]);
      if (parts[1] !== undefined && Number.isInteger(id) && id > 0) return { name: 'document', id };
      return { name: 'archive', q: opt(q, 'q'), category: opt(q, 'category'), tag: opt(q, 'tag'), tab: opt(q, 'tab') };
    }
    case 'correspondence':
      return { name: 'correspondence' };
    case 'mail':
      return { name: 'mail', pile: opt(q, 'pile') };
    case 'bank-import':
      return { name: 'bankImport', account: optInt(q, 'account', 1) };
    case 'bank-reconcile':
      return { name: 'bankReconcile', account: optInt(q, 'account', 1) };
    case 'purchase-orders': {
      if (parts[1] === 'new') return { name: 'purchaseOrder', id: 0 };
      const id = Number(parts[1]);
      if (parts[1] !== undefined && Number.isInteger(id) && id > 0) return { name: 'purchaseOrder', id };
      return { name: 'purchaseOrders', state: opt(q, 'state'), q: opt(q, 'q') };
    }
    case 'bills': {
      if (parts[1] === 'new') {
        return { name: 'bill', id: 0, supplier: optInt(q, 'supplier', 1), order: optInt(q, 'order', 1), corrects: optInt(q, 'corrects', 1) };
      }
      const id = Number(parts[1]);
      if (parts[1] !== undefined && Number.isInteger(id) && id > 0) return { name: 'bill', id };
      return { name: 'bills', supplier: optInt(q, 'supplier', 1), kind: opt(q, 'kind'), open: q.get('open') === '1' ? true : undefined, q: opt(q, 'q') };
    }
    case 'products':
      return { name: 'products' };
    case 'invoices': {
      if (parts[1] === 'new') return { name: 'invoice', id: 0 };
      const id = Number(parts[1]);
      if (parts[1] !== undefined && Number.isInteger(id) && id > 0) return { name: 'invoice', id };
      return { name: 'invoices', state: opt(q, 'state'), customer: optInt(q, 'customer', 1), from: opt(q, 'from'), to: opt(q, 'to') };
    }
    case 'quotes':
      return { name: 'quotes' };
    case 'payments':
      return { name: 'payments', customer: optInt(q, 'customer', 1) };
    case 'receivables':
      if (parts[1] === 'aging') return { name: 'aging', asOf: opt(q, 'as_of') };
      if (parts[1] === 'dunning') return { name: 'dunning', asOf: opt(q, 'as_of') };
      return DEFAULT_ROUTE;
    case 'vat-output':
      return { name: 'vatOutput', from: opt(q, 'from'), to: opt(q, 'to') };
    case 'supplier-payments':
      return { name: 'supplierPayments', supplier: optInt(q, 'supplier', 1) };
    case 'payment-runs':
      return { name: 'paymentRuns', run: optInt(q, 'run', 1) };
    case 'payables-aging':
      return { name: 'payablesAging', asOf: opt(q, 'as_of') };
    case 'vat-input':
      return { name: 'vatInput', from: opt(q, 'from'), to: opt(q, 'to') };
    case 'invoice-profile':
      return { name: 'invoiceProfile' };
    case 'audit':
      return { name: 'audit', record: opt(q, 'record'), action: opt(q, 'action'), from: opt(q, 'from'), to: opt(q, 'to') };
    case 'reports': {
      const rq = reportQuery(parts[1], q);
      if (!rq) return DEFAULT_ROUTE;
      if (parts[2] === 'drill' && q.get('key')) {
        return { name: 'drill', ...rq, key: q.get('key') ?? '', column: optInt(q, 'column') ?? 0, page: optInt(q, 'page') };
      }
      return { name: 'report', ...rq };
    }
    case 'books':
      if (parts[1] === 'journal') return { name: 'journalBook', from: opt(q, 'from'), to: opt(q, 'to'), page: optInt(q, 'page') };
      if (parts[1] === 'ledger')
        return { name: 'ledger', from: opt(q, 'from'), to: opt(q, 'to'), first: opt(q, 'first'), last: opt(q, 'last') };
      return DEFAULT_ROUTE;
    case 'journal': {
      if (parts[1] === 'new') return { name: 'newEntry', draft: optInt(q, 'draft', 1), template: optInt(q, 'template', 1) };
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
      return withQuery('#/journal/new', { draft: r.draft, template: r.template });
    case 'periods':
      return '#/periods';
    case 'templates':
      return '#/templates';
    case 'backups':
      return '#/backups';
    case 'customers':
      return withQuery('#/customers', { q: r.q });
    case 'customer':
      return r.id > 0 ? `#/customers/${r.id}` : '#/customers/new';
    case 'suppliers':
      return withQuery('#/suppliers', { q: r.q });
    case 'supplier':
      return r.id > 0 ? `#/suppliers/${r.id}` : '#/suppliers/new';
    case 'employees':
      return withQuery('#/employees', { q: r.q, status: r.status });
    case 'employee':
      return r.id > 0 ? `#/employees/${r.id}` : '#/employees/new';
    case 'payroll':
      return withQuery('#/payroll', { month: r.month });
    case 'payrollRates':
      return withQuery('#/payroll-rates', { year: r.year });
    case 'payrollReports':
      return withQuery('#/payroll-reports', { report: r.report });
    case 'contracts':
      return withQuery('#/contracts', { within: r.within });
    case 'candidates':
      return '#/candidates';
    case 'bankAccounts':
      return '#/bank-accounts';
    case 'archive':
      return withQuery('#/archive', { q: r.q, category: r.category, tag: r.tag, tab: r.tab });
    case 'document':
      return `#/archive/${r.id}`;
    case 'correspondence':
      return '#/correspondence';
    case 'mail':
      return withQuery('#/mail', { pile: r.pile });
    case 'bankImport':
      return withQuery('#/bank-import', { account: r.account });
    case 'bankReconcile':
      return withQuery('#/bank-reconcile', { account: r.account });
    case 'purchaseOrders':
      return withQuery('#/purchase-orders', { state: r.state, q: r.q });
    case 'purchaseOrder':
      return r.id > 0 ? `#/purchase-orders/${r.id}` : '#/purchase-orders/new';
    case 'bills':
      return withQuery('#/bills', { supplier: r.supplier, kind: r.kind, open: r.open ? 1 : undefined, q: r.q });
    case 'bill':
      return r.id > 0 ? `#/bills/${r.id}` : withQuery('#/bills/new', { supplier: r.supplier, order: r.order, corrects: r.corrects });
    case 'products':
      return '#/products';
    case 'invoices':
      return withQuery('#/invoices', { state: r.state, customer: r.customer, from: r.from, to: r.to });
    case 'invoice':
      return r.id > 0 ? `#/invoices/${r.id}` : '#/invoices/new';
    case 'quotes':
      return '#/quotes';
    case 'payments':
      return withQuery('#/payments', { customer: r.customer });
    case 'aging':
      return withQuery('#/receivables/aging', { as_of: r.asOf });
    case 'dunning':
      return withQuery('#/receivables/dunning', { as_of: r.asOf });
    case 'vatOutput':
      return withQuery('#/vat-output', { from: r.from, to: r.to });
    case 'supplierPayments':
      return withQuery('#/supplier-payments', { supplier: r.supplier });
    case 'paymentRuns':
      return withQuery('#/payment-runs', { run: r.run });
    case 'payablesAging':
      return withQuery('#/payables-aging', { as_of: r.asOf });
    case 'vatInput':
      return withQuery('#/vat-input', { from: r.from, to: r.to });
    case 'invoiceProfile':
      return '#/invoice-profile';
    case 'audit':
      return withQuery('#/audit', { record: r.record, action: r.action, from: r.from, to: r.to });
    case 'report':
      return withQuery(`#/reports/${r.report}`, reportParams(r));
    case 'drill':
      return withQuery(`#/reports/${r.report}/drill`, { ...reportParams(r), key: r.key, column: r.column, page: r.page });
    case 'journalBook':
      return withQuery('#/books/journal', { from: r.from, to: r.to, page: r.page });
    case 'ledger':
      return withQuery('#/books/ledger', { from: r.from, to: r.to, first: r.first, last: r.last });
    case 'entry':
      return `#/journal/${r.id}`;
    case 'trialBalance':
      return withQuery('#/trial-balance', { from: r.from, to: r.to, level: r.level });
    case 'register':
      return withQuery(`#/register/${encodeURIComponent(r.code)}`, { from: r.from, to: r.to, page: r.page });
  }
}
