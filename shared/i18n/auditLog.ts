// How the audit list joins an entry's code (a rule or outcome code) to its free text: "quiet_hours：…".
// Not a message but part of one: the audit page (renderer/features/audit/AuditLogList.tsx) splits a
// detail at this mark to show the code in words, and shows any other detail as it is, so the mark is the
// full-width colon Chinese text uses.
export const AUDIT_DETAIL_SEPARATOR = '：';
