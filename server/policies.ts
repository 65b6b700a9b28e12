// Head office's loader of published policies: fetches a branch's row and the versions of the kinds
// asked for; the value is chosen by the same pure resolvePolicy the branch uses, so both sides judge a
// mutation by the same numbers.
import { HOME_TIME_ZONE } from '../shared/domain/dates';
import { resolvePolicy, type BranchFacts, type PolicyKind, type ResolvedPolicy } from '../shared/domain/policies';
import type { Queryable } from './db';

export async function loadBranchFacts(db: Queryable, branchId: string): Promise<BranchFacts> {
  const [row] = await db.query<{ code: string; time_zone: string }>('SELECT code, time_zone FROM branches WHERE id = $1', [branchId]);
  return { id: branchId, code: row?.code ?? '', timeZone: row?.time_zone ?? HOME_TIME_ZONE };
}

/** The branch's value of each kind asked for, as of `asOf`. */
export async function loadPolicies(
  db: Queryable,
  branch: BranchFacts,
  kinds: readonly PolicyKind[],
  asOf: Date,
): Promise<Map<PolicyKind, ResolvedPolicy<PolicyKind>>> {
  const wanted = [...new Set(kinds)];
  const out = new Map<PolicyKind, ResolvedPolicy<PolicyKind>>();
  if (wanted.length === 0) return out;
  const rows = await db.query<{ code: PolicyKind; version: number; body: unknown; effective_from: string }>(
    'SELECT code, version, body, effective_from FROM policies WHERE code = ANY($1::text[]) AND deleted_at IS NULL',
    [wanted],
  );
  for (const kind of wanted) {
    const published = rows.filter((r) => r.code === kind).map((r) => ({ version: Number(r.version), body: r.body, effectiveFrom: r.effective_from }));
    out.set(kind, resolvePolicy(kind, published, branch, asOf));
  }
  return out;
}
