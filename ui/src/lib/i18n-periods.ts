//! Strings of the periods screens, in Spanish and English; merged into the dictionaries in i18n.ts.

export const esPeriods = {
  'nav.periods': 'Ejercicios y cierre',
  'nav.templates': 'Plantillas de asiento',
} as const;

export const enPeriods: Record<keyof typeof esPeriods, string> = {
  'nav.periods': 'Fiscal years and close',
  'nav.templates': 'Entry templates',
};
