//! Every visible string, in Spanish (default) and English, and locale formatting of money and dates.
//! Errors are shown from their `code` and `params`; the server's `message` is for logs only.

import { formatAmount, formatMoney, parseWire, type Cents } from './money';
import { enPeriods, esPeriods } from './i18n-periods';
import { enReports, esReports } from './i18n-reports';
import { enSafety, esSafety } from './i18n-safety';
import { enAudit, esAudit } from './i18n-audit';
import { enSales, esSales } from './i18n-sales';
import { enSuppliers, esSuppliers } from './i18n-suppliers';
import { enSupplierRelations, esSupplierRelations } from './i18n-supplier-relations';
import { enPurchaseOrders, esPurchaseOrders } from './i18n-purchase-orders';
import { enBills, esBills } from './i18n-bills';
import { enSettlement, esSettlement } from './i18n-settlement';
import { enInvoices, esInvoices } from './i18n-invoices';
import { enReceivables, esReceivables } from './i18n-receivables';
import { enPayables, esPayables } from './i18n-payables';
import { enEmployees, esEmployees } from './i18n-employees';
import { enHr, esHr } from './i18n-hr';
import { enPayroll, esPayroll } from './i18n-payroll';
import { enPayrollReports, esPayrollReports } from './i18n-payroll-reports';
import { enBank, esBank } from './i18n-bank';
import { enCorrespondence, esCorrespondence } from './i18n-correspondence';
import { enDocuments, esDocuments } from './i18n-documents';
import { enSearch, esSearch } from './i18n-search';

export type Locale = 'es' | 'en';
export const LOCALES: readonly Locale[] = ['es', 'en'];
export const DEFAULT_LOCALE: Locale = 'es';

const es = {
  'app.name': 'Trastienda',
  'app.tagline': 'La trastienda de tu negocio: contabilidad sin nube, en tu ordenador.',
  'common.cancel': 'Cancelar',
  'common.save': 'Guardar',
  'common.close': 'Cerrar',
  'common.loading': 'Cargando…',
  'common.retry': 'Reintentar',
  'common.yes': 'Sí',
  'common.no': 'No',
  'common.search': 'Buscar',
  'common.from': 'Desde',
  'common.to': 'Hasta',
  'common.apply': 'Aplicar',
  'common.clear': 'Limpiar',
  'common.none': 'Nada que mostrar.',
  'common.total': 'Total',
  'common.totals': 'Totales',
  'common.open': 'Abrir',
  'common.back': 'Volver',

  'lang.toggle': 'EN',
  'lang.toggleTitle': 'Switch to English',

  'welcome.title': 'Bienvenido a Trastienda',
  'welcome.create': 'Crear una empresa',
  'welcome.openDemo': 'Abrir la empresa de demostración',
  'welcome.demoHint': 'Un año de actividad de ejemplo para explorar sin miedo.',
  'welcome.recent': 'Empresas recientes',
  'welcome.noRecent': 'Aún no has abierto ninguna empresa.',
  'welcome.missing': 'No se encuentra el archivo',
  'welcome.openFile': 'Abrir un archivo…',
  'welcome.openPath': 'Ruta del archivo de empresa',
  'welcome.openPathPlaceholder': '/ruta/a/mi-empresa.trastienda',
  'welcome.lastOpened': 'Abierta por última vez: {date}',

  'company.name': 'Razón social',
  'company.taxId': 'NIF / CIF',
  'company.taxIdValid': 'NIF/CIF válido ({kind}).',
  'company.taxIdInvalid': 'NIF/CIF no válido.',
  'taxid.required': 'Escriba el NIF/CIF.',
  'taxid.length': 'NIF/CIF no válido: un NIF, NIE o CIF tiene 9 caracteres.',
  'taxid.format': 'NIF/CIF no válido: no sigue el formato de un NIF, NIE o CIF.',
  'taxid.control': 'NIF/CIF no válido: el carácter de control debería ser {expected}.',
  'company.country': 'País',
  'company.address': 'Dirección',
  'company.fiscalYearStart': 'Inicio del ejercicio',
  'company.currency': 'Moneda',
  'company.language': 'Idioma',
  'company.template': 'Plan de cuentas',
  'company.submit': 'Crear empresa',
  'company.creating': 'Creando…',

  'country.ES': 'España',
  'country.PT': 'Portugal',
  'country.FR': 'Francia',
  'country.DE': 'Alemania',
  'country.IT': 'Italia',
  'country.GB': 'Reino Unido',
  'country.US': 'Estados Unidos',
  'country.other': 'Otro',

  'language.es': 'Español',
  'language.en': 'Inglés',

  'month.1': 'Enero',
  'month.2': 'Febrero',
  'month.3': 'Marzo',
  'month.4': 'Abril',
  'month.5': 'Mayo',
  'month.6': 'Junio',
  'month.7': 'Julio',
  'month.8': 'Agosto',
  'month.9': 'Septiembre',
  'month.10': 'Octubre',
  'month.11': 'Noviembre',
  'month.12': 'Diciembre',

  'nav.accounts': 'Cuentas',
  'nav.journal': 'Diario',
  'nav.trialBalance': 'Sumas y saldos',
  'nav.sales': 'Ventas',
  'nav.purchases': 'Compras',
  'nav.payroll': 'Nóminas',
  'nav.banking': 'Bancos',
  'nav.documents': 'Documentos',
  'nav.bookkeeping': 'Contabilidad',
  'nav.archiveGroup': 'Archivo',

  'switcher.title': 'Cambiar de empresa',
  'switcher.recent': 'Recientes',
  'switcher.new': 'Nueva empresa',
  'switcher.open': 'Abrir…',
  'switcher.close': 'Cerrar la empresa',

  'search.placeholder': 'Buscar cuenta por código o nombre…',
  'search.noResults': 'Sin resultados',

  'accounts.title': 'Plan de cuentas',
  'accounts.search': 'Filtrar por código o nombre',
  'accounts.showInactive': 'Mostrar inactivas',
  'accounts.code': 'Código',
  'accounts.name': 'Nombre',
  'accounts.kind': 'Tipo',
  'accounts.debit': 'Debe',
  'accounts.credit': 'Haber',
  'accounts.balance': 'Saldo',
  'accounts.add': 'Añadir subcuenta',
  'accounts.rename': 'Renombrar',
  'accounts.deactivate': 'Desactivar',
  'accounts.reactivate': 'Reactivar',
  'accounts.delete': 'Eliminar',
  'accounts.register': 'Ver mayor',
  'accounts.expandAll': 'Expandir todo',
  'accounts.collapseAll': 'Contraer todo',
  'accounts.selectFirst': 'Selecciona una cuenta.',
  'accounts.inactive': 'inactiva',
  'accounts.newCode': 'Código de la subcuenta',
  'accounts.newName': 'Nombre de la subcuenta',
  'accounts.codeMustStart': 'El código debe empezar por {parent}.',
  'accounts.addUnder': 'Nueva subcuenta de {code} {name}',
  'accounts.renameTitle': 'Renombrar {code}',
  'accounts.confirmDelete': '¿Eliminar la cuenta {code} {name}?',
  'accounts.deleted': 'Cuenta {code} eliminada.',
  'accounts.count': '{count} cuentas',

  'kind.asset': 'Activo',
  'kind.liability': 'Pasivo',
  'kind.equity': 'Patrimonio neto',
  'kind.income': 'Ingreso',
  'kind.expense': 'Gasto',

  'journal.title': 'Libro diario',
  'journal.new': 'Nuevo asiento',
  'journal.number': 'Nº',
  'journal.date': 'Fecha',
  'journal.description': 'Concepto',
  'journal.total': 'Importe',
  'journal.lines': 'Líneas',
  'journal.filterText': 'Buscar en el concepto',
  'journal.reversal': 'Anulación',
  'journal.reversed': 'Anulado',
  'journal.empty': 'Todavía no hay asientos.',
  'journal.noMatch': 'Ningún asiento coincide con el filtro.',
  'period.fromAfterTo': 'La fecha «Desde» es posterior a «Hasta».',
  'date.placeholder': 'dd/mm/aaaa',
  'date.invalid': 'Fecha no válida: escriba dd/mm/aaaa.',
  'register.notFound': 'No existe la cuenta {code}.',
  'entry.notFound': 'No existe ese asiento.',
  'open.notFound': 'No se encuentra el archivo {path}.',
  'journal.sortBy': 'Ordenar por {column}',

  'entry.title': 'Asiento {number}/{year}',
  'entry.reverses': 'Anula el asiento {number}/{year}',
  'entry.reversedBy': 'Anulado por el asiento {number}/{year}',
  'entry.reverse': 'Anular',
  'entry.reverseDate': 'Fecha de la anulación',
  'entry.reverseDescription': 'Concepto (opcional)',
  'entry.reverseConfirm': 'Crear asiento de anulación',
  'entry.reversedOk': 'Creado el asiento de anulación {number}/{year}.',
  'entry.account': 'Cuenta',
  'entry.lineDescription': 'Concepto de la línea',
  'entry.debit': 'Debe',
  'entry.credit': 'Haber',

  'newEntry.title': 'Nuevo asiento',
  'newEntry.date': 'Fecha',
  'newEntry.description': 'Concepto',
  'newEntry.addLine': 'Añadir línea',
  'newEntry.removeLine': 'Quitar línea',
  'newEntry.accountPlaceholder': 'Código o nombre',
  'newEntry.totalDebit': 'Total debe',
  'newEntry.totalCredit': 'Total haber',
  'newEntry.difference': 'Diferencia',
  'newEntry.balanced': 'Cuadrado',
  'newEntry.unbalancedBy': 'Descuadrado en {amount}',
  'newEntry.post': 'Contabilizar',
  'newEntry.posting': 'Contabilizando…',
  'newEntry.posted': 'Asiento {number}/{year} contabilizado.',
  'newEntry.invalidAmounts': 'Hay importes no válidos.',
  'newEntry.hint': 'Intro pasa al campo siguiente; en la cuenta, Intro elige la sugerencia.',

  'tb.title': 'Balance de sumas y saldos',
  'tb.level': 'Nivel',
  'tb.empty': 'No hay movimientos en este periodo.',

  'register.title': 'Mayor de {code} {name}',
  'register.opening': 'Saldo inicial',
  'register.closing': 'Saldo final',
  'register.entry': 'Asiento',
  'register.balance': 'Saldo',
  'register.empty': 'Sin movimientos en este periodo.',

  'pager.first': 'Primera',
  'pager.prev': 'Anterior',
  'pager.next': 'Siguiente',
  'pager.last': 'Última',
  'pager.pageOf': 'Página {page} de {pages}',
  'pager.rows': '{count} filas',

  'error.validation': 'Revisa los datos marcados.',
  'error.not_found': 'No se ha encontrado.',
  'error.no_company_open': 'No hay ninguna empresa abierta.',
  'error.unbalanced': 'El asiento no cuadra.',
  'error.immutable': 'Lo contabilizado no se puede modificar; anúlalo con un asiento de anulación.',
  'error.account_has_postings': 'Esta cuenta tiene movimientos y no se puede eliminar; desactívala en su lugar.',
  'error.duplicate': 'Ya existe.',
  'error.invalid_tax_id': 'El NIF/CIF no es válido.',
  'error.unknown_command': 'Esta versión del programa no admite la operación pedida.',
  'error.io': 'No se ha podido leer o escribir el archivo.',
  'error.database': 'Error de la base de datos.',
  'error.internal': 'Error interno.',
  'error.unauthorized': 'Sesión no autorizada: abre la dirección que muestra `trastienda serve`.',
  'error.unknown': 'Error: {code}',

  'problem.required': 'Obligatorio.',
  'problem.invalid_date': 'Fecha no válida.',
  'problem.invalid_amount': 'Importe no válido.',
  'problem.too_many_decimals': 'Como mucho 2 decimales.',
  'problem.invalid_account': 'Cuenta no válida.',
  'problem.unknown_account': 'La cuenta {account} no existe.',
  'problem.unbalanced': 'Los apuntes suman {difference}, no cero: debe {debit}, haber {credit}.',
  'problem.too_few_lines': 'Un asiento necesita al menos dos líneas.',
  'problem.line_both_sides': 'Una línea va al debe o al haber, no a los dos.',
  'problem.line_empty': 'La línea no tiene importe.',
  'problem.negative_amount': 'El importe no puede ser negativo.',
  'problem.invalid_tax_id': 'NIF/CIF no válido.',
  'problem.duplicate': 'Ya existe.',
  'problem.invalid_code': 'Código no válido.',
  'problem.not_postable': 'La cuenta {account} no admite apuntes; usa una subcuenta.',
  'problem.inactive_account': 'La cuenta {account} está desactivada.',
  'problem.missing_column': 'Falta la columna {column}.',
  'problem.out_of_range': 'Fuera de rango.',
  'problem.unknown': 'Problema: {code}',
  'problem.atRow': 'Línea {row}: {message}',
  ...esPeriods,
  ...esReports,
  ...esSafety,
  ...esSales,
  ...esSuppliers,
  ...esSupplierRelations,
  ...esPurchaseOrders,
  ...esBills,
  ...esSettlement,
  ...esInvoices,
  ...esReceivables,
  ...esPayables,
  ...esEmployees,
  ...esHr,
  ...esPayroll,
  ...esPayrollReports,
  ...esBank,
  ...esCorrespondence,
  ...esDocuments,
  ...esSearch,
  ...esAudit,
} as const;

export type MessageKey = keyof typeof es;

const en: Record<MessageKey, string> = {
  'app.name': 'Trastienda',
  'app.tagline': 'The back room of your business: bookkeeping on your own computer, no cloud.',
  'common.cancel': 'Cancel',
  'common.save': 'Save',
  'common.close': 'Close',
  'common.loading': 'Loading…',
  'common.retry': 'Retry',
  'common.yes': 'Yes',
  'common.no': 'No',
  'common.search': 'Search',
  'common.from': 'From',
  'common.to': 'To',
  'common.apply': 'Apply',
  'common.clear': 'Clear',
  'common.none': 'Nothing to show.',
  'common.total': 'Total',
  'common.totals': 'Totals',
  'common.open': 'Open',
  'common.back': 'Back',

  'lang.toggle': 'ES',
  'lang.toggleTitle': 'Cambiar a español',

  'welcome.title': 'Welcome to Trastienda',
  'welcome.create': 'Create a company',
  'welcome.openDemo': 'Open the demo company',
  'welcome.demoHint': 'A year of sample activity to explore without fear.',
  'welcome.recent': 'Recent companies',
  'welcome.noRecent': 'You have not opened any company yet.',
  'welcome.missing': 'File not found',
  'welcome.openFile': 'Open a file…',
  'welcome.openPath': 'Company file path',
  'welcome.openPathPlaceholder': '/path/to/my-company.trastienda',
  'welcome.lastOpened': 'Last opened: {date}',

  'company.name': 'Legal name',
  'company.taxId': 'Tax ID',
  'company.taxIdValid': 'Valid tax ID ({kind}).',
  'company.taxIdInvalid': 'Invalid tax ID.',
  'taxid.required': 'Enter the tax ID.',
  'taxid.length': 'Invalid tax ID: a Spanish NIF, NIE or CIF has 9 characters.',
  'taxid.format': 'Invalid tax ID: it does not follow the pattern of a NIF, NIE or CIF.',
  'taxid.control': 'Invalid tax ID: the control character should be {expected}.',
  'company.country': 'Country',
  'company.address': 'Address',
  'company.fiscalYearStart': 'Fiscal year starts in',
  'company.currency': 'Currency',
  'company.language': 'Language',
  'company.template': 'Chart of accounts',
  'company.submit': 'Create company',
  'company.creating': 'Creating…',

  'country.ES': 'Spain',
  'country.PT': 'Portugal',
  'country.FR': 'France',
  'country.DE': 'Germany',
  'country.IT': 'Italy',
  'country.GB': 'United Kingdom',
  'country.US': 'United States',
  'country.other': 'Other',

  'language.es': 'Spanish',
  'language.en': 'English',

  'month.1': 'January',
  'month.2': 'February',
  'month.3': 'March',
  'month.4': 'April',
  'month.5': 'May',
  'month.6': 'June',
  'month.7': 'July',
  'month.8': 'August',
  'month.9': 'September',
  'month.10': 'October',
  'month.11': 'November',
  'month.12': 'December',

  'nav.accounts': 'Accounts',
  'nav.journal': 'Journal',
  'nav.trialBalance': 'Trial balance',
  'nav.sales': 'Sales',
  'nav.purchases': 'Purchases',
  'nav.payroll': 'Payroll',
  'nav.banking': 'Banking',
  'nav.documents': 'Documents',
  'nav.bookkeeping': 'Bookkeeping',
  'nav.archiveGroup': 'Archive',

  'switcher.title': 'Switch company',
  'switcher.recent': 'Recent',
  'switcher.new': 'New company',
  'switcher.open': 'Open…',
  'switcher.close': 'Close company',

  'search.placeholder': 'Find an account by code or name…',
  'search.noResults': 'No results',

  'accounts.title': 'Chart of accounts',
  'accounts.search': 'Filter by code or name',
  'accounts.showInactive': 'Show inactive',
  'accounts.code': 'Code',
  'accounts.name': 'Name',
  'accounts.kind': 'Kind',
  'accounts.debit': 'Debit',
  'accounts.credit': 'Credit',
  'accounts.balance': 'Balance',
  'accounts.add': 'Add subaccount',
  'accounts.rename': 'Rename',
  'accounts.deactivate': 'Deactivate',
  'accounts.reactivate': 'Reactivate',
  'accounts.delete': 'Delete',
  'accounts.register': 'Open register',
  'accounts.expandAll': 'Expand all',
  'accounts.collapseAll': 'Collapse all',
  'accounts.selectFirst': 'Select an account.',
  'accounts.inactive': 'inactive',
  'accounts.newCode': 'Subaccount code',
  'accounts.newName': 'Subaccount name',
  'accounts.codeMustStart': 'The code must start with {parent}.',
  'accounts.addUnder': 'New subaccount of {code} {name}',
  'accounts.renameTitle': 'Rename {code}',
  'accounts.confirmDelete': 'Delete account {code} {name}?',
  'accounts.deleted': 'Account {code} deleted.',
  'accounts.count': '{count} accounts',

  'kind.asset': 'Asset',
  'kind.liability': 'Liability',
  'kind.equity': 'Equity',
  'kind.income': 'Income',
  'kind.expense': 'Expense',

  'journal.title': 'Journal',
  'journal.new': 'New entry',
  'journal.number': 'No.',
  'journal.date': 'Date',
  'journal.description': 'Description',
  'journal.total': 'Amount',
  'journal.lines': 'Lines',
  'journal.filterText': 'Search descriptions',
  'journal.reversal': 'Reversal',
  'journal.reversed': 'Reversed',
  'journal.empty': 'No entries yet.',
  'journal.noMatch': 'No entries match the filter.',
  'period.fromAfterTo': 'The "From" date is after the "To" date.',
  'date.placeholder': 'dd/mm/yyyy',
  'date.invalid': 'Not a valid date: type dd/mm/yyyy.',
  'register.notFound': 'There is no account {code}.',
  'entry.notFound': 'That entry does not exist.',
  'open.notFound': 'The file {path} was not found.',
  'journal.sortBy': 'Sort by {column}',

  'entry.title': 'Entry {number}/{year}',
  'entry.reverses': 'Reverses entry {number}/{year}',
  'entry.reversedBy': 'Reversed by entry {number}/{year}',
  'entry.reverse': 'Reverse',
  'entry.reverseDate': 'Reversal date',
  'entry.reverseDescription': 'Description (optional)',
  'entry.reverseConfirm': 'Create reversing entry',
  'entry.reversedOk': 'Reversing entry {number}/{year} created.',
  'entry.account': 'Account',
  'entry.lineDescription': 'Line description',
  'entry.debit': 'Debit',
  'entry.credit': 'Credit',

  'newEntry.title': 'New entry',
  'newEntry.date': 'Date',
  'newEntry.description': 'Description',
  'newEntry.addLine': 'Add line',
  'newEntry.removeLine': 'Remove line',
  'newEntry.accountPlaceholder': 'Code or name',
  'newEntry.totalDebit': 'Total debit',
  'newEntry.totalCredit': 'Total credit',
  'newEntry.difference': 'Difference',
  'newEntry.balanced': 'Balanced',
  'newEntry.unbalancedBy': 'Unbalanced by {amount}',
  'newEntry.post': 'Post',
  'newEntry.posting': 'Posting…',
  'newEntry.posted': 'Entry {number}/{year} posted.',
  'newEntry.invalidAmounts': 'Some amounts are not valid.',
  'newEntry.hint': 'Enter moves to the next field; in the account, Enter picks the suggestion.',

  'tb.title': 'Trial balance',
  'tb.level': 'Level',
  'tb.empty': 'No activity in this period.',

  'register.title': 'Register of {code} {name}',
  'register.opening': 'Opening balance',
  'register.closing': 'Closing balance',
  'register.entry': 'Entry',
  'register.balance': 'Balance',
  'register.empty': 'No postings in this period.',

  'pager.first': 'First',
  'pager.prev': 'Previous',
  'pager.next': 'Next',
  'pager.last': 'Last',
  'pager.pageOf': 'Page {page} of {pages}',
  'pager.rows': '{count} rows',

  'error.validation': 'Please check the marked fields.',
  'error.not_found': 'Not found.',
  'error.no_company_open': 'No company is open.',
  'error.unbalanced': 'The entry does not balance.',
  'error.immutable': 'Posted records cannot be changed; reverse them with a reversing entry.',
  'error.account_has_postings': 'This account has postings and cannot be deleted; deactivate it instead.',
  'error.duplicate': 'It already exists.',
  'error.invalid_tax_id': 'The tax ID is not valid.',
  'error.unknown_command': 'This version of the program does not support the requested operation.',
  'error.io': 'The file could not be read or written.',
  'error.database': 'Database error.',
  'error.internal': 'Internal error.',
  'error.unauthorized': 'Unauthorized session: open the address printed by `trastienda serve`.',
  'error.unknown': 'Error: {code}',

  'problem.required': 'Required.',
  'problem.invalid_date': 'Invalid date.',
  'problem.invalid_amount': 'Invalid amount.',
  'problem.too_many_decimals': 'At most 2 decimals.',
  'problem.invalid_account': 'Invalid account.',
  'problem.unknown_account': 'Account {account} does not exist.',
  'problem.unbalanced': 'The postings sum to {difference}, not zero: debit {debit}, credit {credit}.',
  'problem.too_few_lines': 'An entry needs at least two lines.',
  'problem.line_both_sides': 'A line goes to debit or credit, not both.',
  'problem.line_empty': 'The line has no amount.',
  'problem.negative_amount': 'The amount cannot be negative.',
  'problem.invalid_tax_id': 'Invalid tax ID.',
  'problem.duplicate': 'It already exists.',
  'problem.invalid_code': 'Invalid code.',
  'problem.not_postable': 'Account {account} takes no postings; use a subaccount.',
  'problem.inactive_account': 'Account {account} is deactivated.',
  'problem.missing_column': 'Column {column} is missing.',
  'problem.out_of_range': 'Out of range.',
  'problem.unknown': 'Problem: {code}',
  'problem.atRow': 'Line {row}: {message}',
  ...enPeriods,
  ...enReports,
  ...enSafety,
  ...enSales,
  ...enSuppliers,
  ...enSupplierRelations,
  ...enPurchaseOrders,
  ...enBills,
  ...enSettlement,
  ...enInvoices,
  ...enReceivables,
  ...enPayables,
  ...enEmployees,
  ...enHr,
  ...enPayroll,
  ...enPayrollReports,
  ...enBank,
  ...enCorrespondence,
  ...enDocuments,
  ...enSearch,
  ...enAudit,
};

export const dictionaries: Record<Locale, Record<MessageKey, string>> = { es, en };

export type Params = Record<string, string | number>;

/** Look a key up and fill `{name}` placeholders. Unknown placeholders are left as they are. */
export function translate(locale: Locale, key: MessageKey, params: Params = {}): string {
  const template = dictionaries[locale][key] ?? dictionaries[DEFAULT_LOCALE][key] ?? key;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = params[name];
    return v === undefined ? whole : String(v);
  });
}

export function hasKey(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(es, key);
}

/** Params that carry money on the wire; shown in the user's format. */
const MONEY_PARAMS = new Set(['difference', 'debit', 'credit', 'amount', 'balance', 'total']);

export function localiseParams(locale: Locale, params: Record<string, string>, currency = 'EUR'): Params {
  const out: Params = {};
  for (const [k, v] of Object.entries(params)) {
    if (MONEY_PARAMS.has(k)) {
      try {
        out[k] = formatMoney(parseWire(v), locale, currency);
        continue;
      } catch {
        /* not a wire amount: show as is */
      }
    }
    if (/^\d{4}-\d{2}-\d{2}$/.test(v)) {
      out[k] = formatDate(v, locale);
      continue;
    }
    out[k] = v;
  }
  return out;
}

export interface ProblemLike {
  code: string;
  params?: Record<string, string>;
}

/** A problem in the user's language, from its code and params. */
export function problemMessage(locale: Locale, p: ProblemLike, currency = 'EUR'): string {
  // A refused tax id says why (and which control character it expected).
  const reasonKey = `taxid.${p.code === 'invalid_tax_id' ? (p.params?.reason ?? '') : ''}`;
  if (hasKey(reasonKey)) return translate(locale, reasonKey, p.params ?? {});
  const key = `problem.${p.code}`;
  if (hasKey(key)) return translate(locale, key, localiseParams(locale, p.params ?? {}, currency));
  return translate(locale, 'problem.unknown', { code: p.code });
}

/** An error code in the user's language. */
export function errorMessage(locale: Locale, code: string, params: Record<string, string> = {}, currency = 'EUR'): string {
  const key = `error.${code}`;
  if (hasKey(key)) return translate(locale, key, localiseParams(locale, params, currency));
  return translate(locale, 'error.unknown', { code });
}

// ---- Formatting ----

export function money(v: Cents | string, locale: Locale, currency = 'EUR'): string {
  return formatMoney(v, locale, currency);
}

export function amount(v: Cents | string, locale: Locale): string {
  return formatAmount(v, locale);
}

/** "YYYY-MM-DD" -> es "31/12/2026", en "31 Dec 2026". Intl only for dates, in UTC so nothing shifts. */
export function formatDate(iso: string, locale: Locale): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) return iso;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  if (locale === 'es') {
    return new Intl.DateTimeFormat('es-ES', { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'UTC' }).format(d);
  }
  return new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(d);
}

/** RFC 3339 timestamp -> local date and time. */
export function formatTimestamp(ts: string, locale: Locale): string {
  const d = new Date(ts);
  if (Number.isNaN(d.getTime())) return ts;
  return new Intl.DateTimeFormat(locale === 'es' ? 'es-ES' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' }).format(d);
}
