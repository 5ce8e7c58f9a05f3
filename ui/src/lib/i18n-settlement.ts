//! Strings of the settlement (finiquito) on the employee card, in Spanish and English; merged
//! into the dictionaries in i18n.ts.

export const esSettlement = {
  'settlement.title': 'Finiquito',
  'settlement.intro': 'Calcule la liquidación de un fin de contrato: salario pendiente, vacaciones no disfrutadas, pagas extra devengadas e indemnización según la causa.',
  'settlement.compute': 'Calcular finiquito',
  'settlement.recompute': 'Recalcular',
  'settlement.pdf': 'Documento PDF',
  'settlement.lastDay': 'Último día trabajado',
  'settlement.cause': 'Causa',
  'settlement.total': 'Total liquidación',
  'settlement.facts': 'Antigüedad {years} años · salario diario {daily} € · vacaciones pendientes {vacation} días',
  'settlement.monthPaid': 'El salario de ese mes ya se pagó en su nómina aprobada: no se incluye.',
};

export const enSettlement: Record<keyof typeof esSettlement, string> = {
  'settlement.title': 'Final settlement',
  'settlement.intro': 'Compute what is owed when employment ends: pending salary, vacation not taken, extra payments earned and severance by cause.',
  'settlement.compute': 'Compute settlement',
  'settlement.recompute': 'Compute again',
  'settlement.pdf': 'PDF document',
  'settlement.lastDay': 'Last day worked',
  'settlement.cause': 'Cause',
  'settlement.total': 'Settlement total',
  'settlement.facts': 'Seniority {years} years · daily salary {daily} € · vacation pending {vacation} days',
  'settlement.monthPaid': 'That month’s salary was paid in its approved pay run: not included.',
};
