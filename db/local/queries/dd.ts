// Read models of the due-diligence workflow: cases, their answers, files and decision trail.
import { cachedTemplate, type TemplateRow } from '../../../shared/forms/compile';
import type { FormTemplate } from '../../../shared/forms/template';
import { prepared } from '../prepared';
import type { ReadHandle, WriteHandle } from '../store';

type Handle = ReadHandle | WriteHandle;

export interface CustomerHit {
  id: string;
  customerNo: string;
  name: string;
  type: 'individual' | 'enterprise' | 'micro';
  segment: string;
  branchId: string;
}

const CUSTOMER_COLUMNS = `id, customer_no AS customerNo, name, type, segment, branch_id AS branchId`;

export function searchCustomers(r: Handle, branchId: string, q: string, limit: number): CustomerHit[] {
  const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return prepared(r.sql, 
      `SELECT ${CUSTOMER_COLUMNS} FROM customers
        WHERE branch_id = ? AND deleted_at IS NULL AND (? = '' OR name LIKE ? ESCAPE '\\' OR customer_no LIKE ? ESCAPE '\\')
        ORDER BY customer_no LIMIT ?`,
    )
    .all(branchId, q, like, like, limit) as CustomerHit[];
}

export function getCustomerHit(r: Handle, id: string): CustomerHit | undefined {
  return prepared(r.sql, `SELECT ${CUSTOMER_COLUMNS} FROM customers WHERE id = ? AND deleted_at IS NULL`).get(id) as CustomerHit | undefined;
}

const TEMPLATE_COLUMNS = 'id, code, version, title_zh, title_en, applies_to, body';

export function listTemplateRows(r: Handle): TemplateRow[] {
  return prepared(r.sql, `SELECT ${TEMPLATE_COLUMNS} FROM form_templates WHERE deleted_at IS NULL ORDER BY code, version`).all() as TemplateRow[];
}

function getTemplateRow(r: Handle, id: string): TemplateRow | undefined {
  return prepared(r.sql, `SELECT ${TEMPLATE_COLUMNS} FROM form_templates WHERE id = ?`).get(id) as TemplateRow | undefined;
}

/** A case's template, parsed; the body is read from the database only when it is not cached yet. */
export function getTemplate(r: Handle, id: string, parse: (row: TemplateRow) => FormTemplate): FormTemplate | undefined {
  const head = prepared(r.sql, 'SELECT version FROM form_templates WHERE id = ?').get(id) as { version: number } | undefined;
  if (!head) return undefined;
  const hit = cachedTemplate(id, head.version);
  if (hit) return hit;
  const row = getTemplateRow(r, id);
  return row ? parse(row) : undefined;
}

export interface CaseRecord {
  id: string;
  branchId: string;
  customerId: string;
  application: string;
  templateId: string;
  status: 'draft' | 'submitted' | 'approved' | 'returned' | 'withdrawn';
  officerId: string;
  officerName: string | null;
  submittedAt: string | null;
  submittedBy: string | null;
  decidedAt: string | null;
  decidedBy: string | null;
  decidedByName: string | null;
  submissionNo: number;
  approvedAmountFen: number | null;
  approvalConditions: string | null;
  createdAt: string;
  updatedAt: string;
}

export function getCase(r: Handle, id: string): CaseRecord | undefined {
  return prepared(r.sql, 
      `SELECT c.id, c.branch_id AS branchId, c.customer_id AS customerId, c.application, c.template_id AS templateId,
              c.status, c.officer_id AS officerId, u.display_name AS officerName, c.submitted_at AS submittedAt,
              c.submitted_by AS submittedBy, c.decided_at AS decidedAt, c.decided_by AS decidedBy, d.display_name AS decidedByName,
              c.submission_no AS submissionNo, c.approved_amount_fen AS approvedAmountFen, c.approval_conditions AS approvalConditions,
              c.created_at AS createdAt, c.updated_at AS updatedAt
         FROM dd_cases c LEFT JOIN users u ON u.id = c.officer_id LEFT JOIN users d ON d.id = c.decided_by
        WHERE c.id = ? AND c.deleted_at IS NULL`,
    )
    .get(id) as CaseRecord | undefined;
}

export function caseAnswerRows(r: Handle, caseId: string): { itemKey: string; value: string | null }[] {
  return prepared(r.sql, 
      `SELECT item_key AS itemKey, value FROM form_responses
        WHERE owner_type = 'dd_case' AND owner_id = ? AND deleted_at IS NULL`,
    )
    .all(caseId) as { itemKey: string; value: string | null }[];
}

/** The saved answers of several cases at once (a page of the case list), by case. */
export function answersOfCases(r: Handle, caseIds: readonly string[]): Map<string, { itemKey: string; value: string | null }[]> {
  const out = new Map<string, { itemKey: string; value: string | null }[]>();
  if (caseIds.length === 0) return out;
  const rows = prepared(r.sql,
      `SELECT owner_id AS caseId, item_key AS itemKey, value FROM form_responses
        WHERE owner_type = 'dd_case' AND owner_id IN (SELECT value FROM json_each(?)) AND deleted_at IS NULL`,
    )
    .all(JSON.stringify(caseIds)) as { caseId: string; itemKey: string; value: string | null }[];
  for (const { caseId, itemKey, value } of rows) out.set(caseId, [...(out.get(caseId) ?? []), { itemKey, value }]);
  return out;
}

/** How many files each item of several cases holds, by case. */
export function evidenceCountsOfCases(r: Handle, caseIds: readonly string[]): Map<string, Record<string, number>> {
  const out = new Map<string, Record<string, number>>();
  if (caseIds.length === 0) return out;
  const rows = prepared(r.sql,
      `SELECT owner_id AS caseId, item_key AS itemKey, COUNT(*) AS n FROM attachments
        WHERE owner_type = 'dd_case' AND owner_id IN (SELECT value FROM json_each(?)) AND deleted_at IS NULL
        GROUP BY owner_id, item_key`,
    )
    .all(JSON.stringify(caseIds)) as { caseId: string; itemKey: string; n: number }[];
  for (const { caseId, itemKey, n } of rows) out.set(caseId, { ...out.get(caseId), [itemKey]: n });
  return out;
}

export interface AttachmentRecord {
  id: string;
  ownerId: string;
  itemKey: string;
  kind: string;
  fileName: string;
  mimeType: string;
  sizeBytes: number;
  sha256: string;
  createdAt: string;
}

const ATTACHMENT_COLUMNS = `id, owner_id AS ownerId, item_key AS itemKey, kind, file_name AS fileName, mime_type AS mimeType,
  size_bytes AS sizeBytes, sha256, created_at AS createdAt`;

export function caseAttachments(r: Handle, caseId: string): AttachmentRecord[] {
  return prepared(r.sql, `SELECT ${ATTACHMENT_COLUMNS} FROM attachments WHERE owner_type = 'dd_case' AND owner_id = ? AND deleted_at IS NULL ORDER BY created_at, id`)
    .all(caseId) as AttachmentRecord[];
}

export function getAttachment(r: Handle, id: string): (AttachmentRecord & { branchId: string }) | undefined {
  return prepared(r.sql, `SELECT ${ATTACHMENT_COLUMNS}, branch_id AS branchId FROM attachments WHERE id = ? AND deleted_at IS NULL`)
    .get(id) as (AttachmentRecord & { branchId: string }) | undefined;
}

export interface TrailRow {
  decision: string;
  comment: string | null;
  decidedBy: string;
  byName: string | null;
  decidedAt: string;
}

export function caseTrail(r: Handle, caseId: string): TrailRow[] {
  return prepared(r.sql, 
      `SELECT a.decision, a.comment, a.decided_by AS decidedBy, u.display_name AS byName, a.decided_at AS decidedAt
         FROM approvals a LEFT JOIN users u ON u.id = a.decided_by
        WHERE a.subject_type = 'dd_case' AND a.subject_id = ? AND a.deleted_at IS NULL
        ORDER BY a.decided_at, a.id`,
    )
    .all(caseId) as TrailRow[];
}

export interface CaseListFilter {
  branchId: string;
  statuses?: readonly string[];
  officerId?: string;
  q?: string;
  /** SLA states as submitted_at bounds: overdue before `overdueBefore`, due soon before `dueSoonBefore`. */
  slaStates?: readonly ('none' | 'ok' | 'due_soon' | 'overdue')[];
  overdueBefore: string;
  dueSoonBefore: string;
  sort: 'sla' | 'updated';
  offset: number;
  limit: number;
}

export interface CaseListRow {
  id: string;
  customerName: string;
  customerNo: string;
  customerType: 'individual' | 'enterprise' | 'micro';
  application: string;
  templateId: string;
  templateTitleZh: string;
  templateTitleEn: string;
  status: CaseRecord['status'];
  officerId: string;
  officerName: string | null;
  submittedAt: string | null;
  updatedAt: string;
}

export function listCases(r: Handle, f: CaseListFilter): { rows: CaseListRow[]; total: number } {
  const where = ['c.branch_id = ?', 'c.deleted_at IS NULL'];
  const params: unknown[] = [f.branchId];
  if (f.statuses?.length) {
    where.push(`c.status IN (${f.statuses.map(() => '?').join(', ')})`);
    params.push(...f.statuses);
  }
  if (f.officerId) {
    where.push('c.officer_id = ?');
    params.push(f.officerId);
  }
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where.push(`(k.name LIKE ? ESCAPE '\\' OR k.customer_no LIKE ? ESCAPE '\\')`);
    params.push(like, like);
  }
  if (f.slaStates?.length) {
    // The SLA state of a row, in SQL, from the same bounds the service uses for display.
    const state = `CASE WHEN c.status <> 'submitted' OR c.submitted_at IS NULL THEN 'none'
      WHEN c.submitted_at < ? THEN 'overdue' WHEN c.submitted_at < ? THEN 'due_soon' ELSE 'ok' END`;
    where.push(`(${state}) IN (${f.slaStates.map(() => '?').join(', ')})`);
    params.push(f.overdueBefore, f.dueSoonBefore, ...f.slaStates);
  }
  const from = `FROM dd_cases c JOIN customers k ON k.id = c.customer_id
    LEFT JOIN users u ON u.id = c.officer_id LEFT JOIN form_templates t ON t.id = c.template_id
    WHERE ${where.join(' AND ')}`;
  const order =
    f.sort === 'sla'
      ? `CASE WHEN c.status = 'submitted' THEN 0 ELSE 1 END, c.submitted_at, c.updated_at DESC, c.id`
      : 'c.updated_at DESC, c.id';
  const rows = prepared(r.sql, 
      `SELECT c.id, k.name AS customerName, k.customer_no AS customerNo, k.type AS customerType, c.application, c.template_id AS templateId,
              COALESCE(t.title_zh, '') AS templateTitleZh, COALESCE(t.title_en, '') AS templateTitleEn, c.status,
              c.officer_id AS officerId, u.display_name AS officerName, c.submitted_at AS submittedAt, c.updated_at AS updatedAt
         ${from} ORDER BY ${order} LIMIT ? OFFSET ?`,
    )
    .all(...params, f.limit, f.offset) as CaseListRow[];
  const total = (prepared(r.sql, `SELECT COUNT(*) AS n ${from}`).get(...params) as { n: number }).n;
  return { rows, total };
}
