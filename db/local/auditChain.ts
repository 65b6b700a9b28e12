// The audit chain's rows (the keyed hashes are made in main/services/audit.ts).
import type { ReadHandle, WriteHandle } from './store';
import { prepared } from './prepared';

export interface AuditRow {
  seq: number;
  id: string;
  branch_id: string;
  at: string;
  actor_id: string;
  device_id: string;
  action: string;
  entity_type: string;
  entity_id: string;
  before_digest: string | null;
  after_digest: string | null;
  prev_hash: string;
  hash: string;
}

export function lastAudit(w: WriteHandle): { seq: number; hash: string } | undefined {
  return prepared(w.sql, 'SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string } | undefined;
}

/** Appends an entry; returns its seq. */
export function appendAudit(w: WriteHandle, row: Omit<AuditRow, 'seq'>): number {
  const info = prepared(
    w.sql,
    `INSERT INTO audit_log (id, branch_id, at, actor_id, device_id, action, entity_type, entity_id,
       before_digest, after_digest, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    row.id, row.branch_id, row.at, row.actor_id, row.device_id, row.action, row.entity_type, row.entity_id,
    row.before_digest, row.after_digest, row.prev_hash, row.hash,
  );
  return Number(info.lastInsertRowid);
}

export function iterateAudit(r: ReadHandle): IterableIterator<AuditRow> {
  return r.sql.prepare('SELECT * FROM audit_log ORDER BY seq').iterate() as IterableIterator<AuditRow>;
}

/** The chain's hash at each of the given seqs that exist. */
export function auditHashesAt(r: ReadHandle, seqs: readonly number[]): { seq: number; hash: string }[] {
  return prepared(r.sql, 'SELECT seq, hash FROM audit_log WHERE seq IN (SELECT value FROM json_each(?)) ORDER BY seq').all(
    JSON.stringify(seqs),
  ) as { seq: number; hash: string }[];
}
