// audit.list, audit.exportCsv and audit.verify: the branch's audit log as an auditor reads it (filtered
// in SQL by family, action, person and period; each entry described by auditEntries.ts), the same rows
// as a CSV file, and whether the log's hash chain is intact.
import type { OutputOf, ParsedInputOf } from '../../shared/api/contract';
import { AUDIT_ACTION_FAMILY, AUDIT_ACTIONS, AUDIT_FAMILIES, actionsOfFamily, type AuditAction } from '../../shared/domain/auditActions';
import { addDays, todayInTimeZone } from '../../shared/domain/dates';
import { startOfLocalDay } from '../../shared/domain/contactPolicyTime';
import { toCsv } from '../../shared/csv';
import { AUDIT_ACTION_LABELS, AUDIT_CSV_HEADINGS, AUDIT_FAMILY_LABELS, AUDIT_FIELD_VALUE } from '../../shared/i18n/auditLog';
import { pick } from '../../shared/i18n/text';
import { parseTemplateRow } from '../../shared/forms/compile';
import type { FormTemplate } from '../../shared/forms/template';
import { auditActors, auditReferences, listAuditEntries, type AuditEntryRow, type AuditQuery } from '../../db/local/queries/auditLog';
import { getTemplate } from '../../db/local/queries/dd';
import type { ReadHandle } from '../../db/local/store';
import { verifyAuditChain } from './audit';
import { describeEntry, subjectIds, type DescribedAuditEntry } from './auditEntries';
import { requireActor, type ServiceContext } from './context';
import { branchTimeZone } from './policies';

type Filter = ParsedInputOf<'audit.exportCsv'>;

/** The most rows one export holds; the filters narrow a larger log. */
const EXPORT_LIMIT = 50_000;

export function verify(ctx: ServiceContext): OutputOf<'audit.verify'> {
  requireActor(ctx);
  return { ...verifyAuditChain(ctx.store), headOffice: null, headOfficeUnavailable: null };
}

function queryOf(branchId: string, f: Filter, timeZone: string): AuditQuery {
  // A chosen action narrows its family; an action outside the chosen family matches nothing.
  let actions: readonly string[] | null = f.family ? actionsOfFamily(f.family) : null;
  if (f.action) actions = actions && !actions.includes(f.action) ? [] : [f.action];
  return {
    branchId,
    actions,
    actorId: f.actorId ?? null,
    since: f.from ? new Date(startOfLocalDay(f.from, timeZone)).toISOString() : null,
    until: f.to ? new Date(startOfLocalDay(addDays(f.to, 1), timeZone)).toISOString() : null,
  };
}

function described(ctx: ServiceContext, r: ReadHandle, rows: AuditEntryRow[], timeZone: string): DescribedAuditEntry[] {
  const loans = new Set<string>();
  const cases = new Set<string>();
  const users = new Set<string>();
  const contacts = new Set<string>();
  const customers = new Set<string>();
  for (const row of rows) {
    const ids = subjectIds(row);
    if (ids.loanId) loans.add(ids.loanId);
    if (ids.caseId) cases.add(ids.caseId);
    if (ids.contactId) contacts.add(ids.contactId);
    if (ids.customerId) customers.add(ids.customerId);
    for (const u of ids.userIds) users.add(u);
  }
  const refs = auditReferences(r, { loans, cases, users, contacts, customers });
  const templates = new Map<string, FormTemplate | undefined>();
  const template = (id: string) => {
    if (!templates.has(id)) templates.set(id, getTemplate(r, id, parseTemplateRow));
    return templates.get(id);
  };
  return rows.map((row) => describeEntry(row, { locale: ctx.locale, timeZone, refs, template }));
}

export function list(ctx: ServiceContext, input: ParsedInputOf<'audit.list'>): OutputOf<'audit.list'> {
  const actor = requireActor(ctx);
  const r = ctx.store.read();
  const timeZone = branchTimeZone(ctx, r);
  const { entries, total } = listAuditEntries(r, queryOf(actor.branchId, input, timeZone), { offset: input.offset, limit: input.limit });
  const label = (a: AuditAction) => pick(AUDIT_ACTION_LABELS[a], ctx.locale);
  return {
    entries: described(ctx, r, entries, timeZone),
    total,
    choices: {
      families: AUDIT_FAMILIES.map((f) => ({ value: f, label: pick(AUDIT_FAMILY_LABELS[f], ctx.locale) })),
      actions: AUDIT_ACTIONS.map((a) => ({ value: a, label: label(a), family: AUDIT_ACTION_FAMILY[a] })),
      people: auditActors(r, actor.branchId).map((p) => ({ value: p.id, label: p.name ?? p.id })),
    },
  };
}

/** The entries matching the filters as CSV (UTF-8 with a BOM, for Excel), the same words as the page. */
export function exportCsv(ctx: ServiceContext, input: ParsedInputOf<'audit.exportCsv'>): OutputOf<'audit.exportCsv'> {
  const actor = requireActor(ctx);
  const r = ctx.store.read();
  const timeZone = branchTimeZone(ctx, r);
  const { entries } = listAuditEntries(r, queryOf(actor.branchId, input, timeZone), { offset: 0, limit: EXPORT_LIMIT });
  const rows = described(ctx, r, entries, timeZone);
  const familyLabel = (e: DescribedAuditEntry) => (e.family ? pick(AUDIT_FAMILY_LABELS[e.family], ctx.locale) : '');
  const values = (e: DescribedAuditEntry, side: 'before' | 'after') =>
    e.changes
      .filter((c) => c[side] !== null)
      .map((c) => pick(AUDIT_FIELD_VALUE, ctx.locale, { field: c.field, value: c[side] ?? '' }))
      .join('\n');
  const headings = Object.values(AUDIT_CSV_HEADINGS).map((h) => pick(h, ctx.locale));
  const body = rows.map((e) => [
    e.seq, e.atText, e.actorName ?? e.actorId, familyLabel(e), e.event, e.customerName, e.customerNo, e.loanNo, e.caseNo, e.description,
    values(e, 'before'), values(e, 'after'),
  ]);
  const today = todayInTimeZone(ctx.clock(), timeZone);
  return { fileName: `audit-log-${today}.csv`, csv: toCsv(headings, body), rows: rows.length };
}
