// The one loader of published policies at the branch: the rows of a kind and the branch's facts are
// read here, the value is chosen by the pure resolvePolicy (shared/domain/policies.ts) that head office
// uses too. Parsing a body costs far more than reading its version stamps, so the resolved value is kept
// per connection until a version, the branch row or the business date changes.
import type Database from 'better-sqlite3';
import { HOME_TIME_ZONE, todayInTimeZone } from '../../../shared/domain/dates';
import {
  POLICY_KIND_NAMES,
  resolvePolicy,
  type BranchFacts,
  type PolicyKind,
  type PolicyProblem,
  type PolicyValue,
  type ResolvedPolicy,
} from '../../../shared/domain/policies';
import { prepared } from '../prepared';
import type { ReadHandle, WriteHandle } from '../store';

interface CacheEntry {
  stamp: string;
  resolved: ResolvedPolicy<PolicyKind>;
}
const cache = new WeakMap<Database.Database, Map<string, CacheEntry>>();

interface BranchRow {
  id: string;
  code: string;
  timeZone: string;
  rowVersion: number;
}

function branchRow(h: ReadHandle | WriteHandle, branchId: string): BranchRow | undefined {
  return prepared(h.sql, 'SELECT id, code, time_zone AS timeZone, row_version AS rowVersion FROM branches WHERE id = ?').get(branchId) as
    | BranchRow
    | undefined;
}

/** The branch's facts; a branch whose row has not arrived yet works on the home zone. */
export function branchFacts(h: ReadHandle | WriteHandle, branchId: string): BranchFacts {
  const row = branchRow(h, branchId);
  return { id: branchId, code: row?.code ?? '', timeZone: row?.timeZone ?? HOME_TIME_ZONE };
}

export function loadPolicy<K extends PolicyKind>(h: ReadHandle | WriteHandle, kind: K, branchId: string, asOf: Date): ResolvedPolicy<K> {
  const branch = branchRow(h, branchId);
  const facts: BranchFacts = { id: branchId, code: branch?.code ?? '', timeZone: branch?.timeZone ?? HOME_TIME_ZONE };
  const versions = prepared(h.sql, 'SELECT version, row_version AS rv, effective_from AS eff FROM policies WHERE code = ? AND deleted_at IS NULL').all(kind) as {
    version: number;
    rv: number;
    eff: string;
  }[];
  const stamp = [todayInTimeZone(asOf, facts.timeZone), facts.code, facts.timeZone, branch?.rowVersion ?? -1, ...versions.map((v) => `${v.version}.${v.rv}.${v.eff}`)].join('|');
  let byKey = cache.get(h.sql);
  if (!byKey) cache.set(h.sql, (byKey = new Map()));
  const key = `${kind}|${branchId}`;
  const hit = byKey.get(key);
  if (hit && hit.stamp === stamp) return hit.resolved as ResolvedPolicy<K>;
  const rows = prepared(h.sql, 'SELECT version, body, effective_from AS eff FROM policies WHERE code = ? AND deleted_at IS NULL').all(kind) as {
    version: number;
    body: string;
    eff: string;
  }[];
  const published = rows.map((r) => ({ version: r.version, body: parseBody(r.body), effectiveFrom: r.eff }));
  const resolved = resolvePolicy(kind, published, facts, asOf);
  byKey.set(key, { stamp, resolved });
  return resolved;
}

/** Just the value: what services and mutations work with. */
export function policyValue<K extends PolicyKind>(h: ReadHandle | WriteHandle, kind: K, branchId: string, asOf: Date): PolicyValue<K> {
  return loadPolicy(h, kind, branchId, asOf).value;
}

/** Published versions the branch had to skip because they fail their schema, every kind. */
export function policyProblems(h: ReadHandle | WriteHandle, branchId: string, asOf: Date): PolicyProblem[] {
  return POLICY_KIND_NAMES.flatMap((kind) => loadPolicy(h, kind, branchId, asOf).problems);
}

function parseBody(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined; // not JSON: fails the schema like any other bad body
  }
}
