// The hash-chained audit log: each entry's hash covers the previous hash and the entry itself, so any
// edit, removal or reordering breaks the chain at that point.
import { createHash } from 'node:crypto';
import { canonicalJson } from '../../shared/canonicalJson';
import { appendAudit, iterateAudit, lastAuditHash, type AuditRow } from '../../db/local/writePath';
import type { ReadHandle, WriteHandle } from '../../db/local/store';

export const GENESIS_HASH = '0'.repeat(64);

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export function digestRow(row: unknown): string | null {
  return row === undefined || row === null ? null : sha256Hex(canonicalJson(row));
}

function entryHash(prevHash: string, e: Omit<AuditRow, 'seq' | 'hash' | 'prev_hash'>): string {
  return sha256Hex(`${prevHash}\n${canonicalJson(e)}`);
}

export function appendAuditEntry(w: WriteHandle, e: Omit<AuditRow, 'seq' | 'hash' | 'prev_hash'>): void {
  const prev = lastAuditHash(w) ?? GENESIS_HASH;
  appendAudit(w, { ...e, prev_hash: prev, hash: entryHash(prev, e) });
}

export interface AuditVerifyReport {
  ok: boolean;
  checked: number;
  firstBroken: { seq: number; id: string; reason: 'prev_hash_mismatch' | 'hash_mismatch' } | null;
}

/** Walks the chain in order and reports the first broken link. */
export function verifyAuditChain(r: ReadHandle): AuditVerifyReport {
  let prev = GENESIS_HASH;
  let checked = 0;
  for (const row of iterateAudit(r)) {
    const { seq, hash, prev_hash, ...entry } = row;
    if (prev_hash !== prev) return { ok: false, checked, firstBroken: { seq, id: row.id, reason: 'prev_hash_mismatch' } };
    if (entryHash(prev_hash, entry) !== hash) {
      return { ok: false, checked, firstBroken: { seq, id: row.id, reason: 'hash_mismatch' } };
    }
    prev = hash;
    checked += 1;
  }
  return { ok: true, checked, firstBroken: null };
}
