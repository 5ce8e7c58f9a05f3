//! Strings of the safety screens, in Spanish and English; merged into the dictionaries in i18n.ts.

export const esSafety = {
  'nav.data': 'Datos',
  'nav.backups': 'Copias de seguridad',
} as const;

export const enSafety: Record<keyof typeof esSafety, string> = {
  'nav.data': 'Data',
  'nav.backups': 'Backups',
};
