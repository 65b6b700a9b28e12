// The outbox: every mutation made here, in client seq order, until head office has answered it.
import type { ReadHandle, WriteHandle } from './store';
import { prepared } from './prepared';
import type { UndoEntry } from './writePath';
import type { OutboxCommand } from './syncStore';

/** What a mutation puts in the outbox (the stored row, OutboxRow, adds its seq and push state). */
export interface OutboxEntry extends OutboxCommand {
  /** The audit chain head this mutation's entry made. */
  auditHead: { seq: number; hash: string };
  undo: UndoEntry[];
}

/**
 * Appends the mutation to the outbox; returns its client seq (strictly increasing, never reused).
 * `sign` gives the user's signature over the entry once its seq is known (none: stays unsigned).
 */
export function appendOutbox(w: WriteHandle, e: OutboxEntry, sign?: (seq: number) => string): number {
  const info = prepared(
    w.sql,
    `INSERT INTO outbox (client_id, mutation_id, name, args, base_versions, user_id, device_time, status, undo, audit_seq, audit_hash)
     VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?)`,
  ).run(
    e.clientId, e.mutationId, e.name, JSON.stringify(e.args), JSON.stringify(e.baseVersions), e.userId, e.deviceTime,
    JSON.stringify(e.undo), e.auditHead.seq, e.auditHead.hash,
  );
  const seq = Number(info.lastInsertRowid);
  if (sign) prepared(w.sql, 'UPDATE outbox SET signature = ? WHERE seq = ?').run(sign(seq), seq);
  return seq;
}

export function outboxCounts(r: ReadHandle): Record<string, number> {
  const rows = prepared(r.sql, 'SELECT status, COUNT(*) AS n FROM outbox GROUP BY status').all() as {
    status: string;
    n: number;
  }[];
  return Object.fromEntries(rows.map((x) => [x.status, x.n]));
}
