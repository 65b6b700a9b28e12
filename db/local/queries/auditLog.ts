// The audit log as people read it: newest first, with the actor's name and, where the entry's own
// row says more than the action does (the reason of a supervisor override), that detail.
import { AUDIT_DETAIL_SEPARATOR } from '../../../shared/i18n/auditLog';
import type { ReadHandle, WriteHandle } from '../store';

export interface AuditListRow {
  seq: number;
  at: string;
  actorId: string;
  actorName: string | null;
  action: string;
  entityType: string;
  entityId: string;
  detail: string | null;
}

export function listAuditEntries(
  r: ReadHandle | WriteHandle,
  opts: { branchId: string; offset: number; limit: number; action?: string },
): { entries: AuditListRow[]; total: number } {
  const where = opts.action ? 'a.branch_id = ? AND a.action = ?' : 'a.branch_id = ?';
  const params: unknown[] = opts.action ? [opts.branchId, opts.action] : [opts.branchId];
  const entries = r.sql
    .prepare(
      `SELECT a.seq, a.at, a.actor_id AS actorId, u.display_name AS actorName, a.action, a.entity_type AS entityType,
              a.entity_id AS entityId,
              CASE a.entity_type
                WHEN 'policy_override' THEN (SELECT o.rule_code || ? || o.reason FROM policy_overrides o WHERE o.id = a.entity_id)
                WHEN 'contact' THEN (SELECT c.outcome || COALESCE(? || c.note, '') FROM contacts c WHERE c.id = a.entity_id)
                WHEN 'dd_case' THEN (SELECT d.status FROM dd_cases d WHERE d.id = a.entity_id)
              END AS detail
         FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id
        WHERE ${where}
        ORDER BY a.seq DESC LIMIT ? OFFSET ?`,
    )
    // The two separators come first: their placeholders stand in the select list, before the WHERE's.
    .all(AUDIT_DETAIL_SEPARATOR, AUDIT_DETAIL_SEPARATOR, ...params, opts.limit, opts.offset) as AuditListRow[];
  const total = (r.sql.prepare(`SELECT COUNT(*) AS n FROM audit_log a WHERE ${where}`).get(...params) as { n: number }).n;
  return { entries, total };
}
