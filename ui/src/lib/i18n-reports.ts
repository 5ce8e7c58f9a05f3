//! Strings of the reports screens, in Spanish and English; merged into the dictionaries in i18n.ts.

export const esReports = {
  'nav.reports': 'Informes',
  'nav.profitLoss': 'Pérdidas y ganancias',
  'nav.balanceSheet': 'Balance de situación',
  'nav.cashFlow': 'Flujos de tesorería',
  'nav.journalBook': 'Libro diario',
  'nav.ledger': 'Libro mayor',
} as const;

export const enReports: Record<keyof typeof esReports, string> = {
  'nav.reports': 'Reports',
  'nav.profitLoss': 'Profit and loss',
  'nav.balanceSheet': 'Balance sheet',
  'nav.cashFlow': 'Cash flow',
  'nav.journalBook': 'Journal book',
  'nav.ledger': 'General ledger',
};
