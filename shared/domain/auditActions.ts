// The actions the audit log records (one per mutation outcome: `ddCase.decide` records approve or
// return), grouped in the families an auditor filters by. The API validates filters against these
// lists, the service names them in words (shared/i18n/auditLog.ts), and a unit test keeps every
// registered mutation's actions listed here.
export const AUDIT_FAMILIES = ['due_diligence', 'collections', 'loan'] as const;
export type AuditFamily = (typeof AUDIT_FAMILIES)[number];

export const AUDIT_ACTION_FAMILY = {
  'ddCase.open': 'due_diligence',
  'ddAnswer.set': 'due_diligence',
  'attachment.add': 'due_diligence',
  'ddCase.submit': 'due_diligence',
  'ddCase.approve': 'due_diligence',
  'ddCase.return': 'due_diligence',
  'ddCase.withdraw': 'due_diligence',
  'contact.log': 'collections',
  'contact.correct': 'collections',
  'contact.blocked': 'collections',
  'contactHold.clear': 'collections',
  'policyOverride.grant': 'collections',
  'collection.assign': 'collections',
  'contactConsent.record': 'collections',
  'contactConsent.withdraw': 'collections',
  'loanNote.add': 'loan',
} as const satisfies Record<string, AuditFamily>;
export type AuditAction = keyof typeof AUDIT_ACTION_FAMILY;

export const AUDIT_ACTIONS = Object.keys(AUDIT_ACTION_FAMILY) as [AuditAction, ...AuditAction[]];

export function isAuditAction(action: string): action is AuditAction {
  return Object.hasOwn(AUDIT_ACTION_FAMILY, action);
}

/** The actions of a family, in list order. */
export function actionsOfFamily(family: AuditFamily): AuditAction[] {
  return AUDIT_ACTIONS.filter((a) => AUDIT_ACTION_FAMILY[a] === family);
}
