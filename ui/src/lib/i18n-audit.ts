//! Strings of the audit screens, in Spanish and English; merged into the dictionaries in i18n.ts.

export const esAudit = {
  'nav.audit': 'Registro de cambios',
} as const;

export const enAudit: Record<keyof typeof esAudit, string> = {
  'nav.audit': 'Change log',
};
