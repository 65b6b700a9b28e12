// The audit log as a keyed hash chain: each entry's hash is an HMAC-SHA256, under the store's audit key
// (derived from the data key the OS keystore protects), over the previous hash and the entry itself.
// Editing, removing or reordering an entry breaks the chain there, and without the key nobody can
// compute a new chain that verifies. Each outbox entry carries the chain head after its own entry,
// signed by the user, so head office holds heads it can later compare (main/sync/auditHeads.ts).
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { canonicalJson } from '../../shared/canonicalJson';
import { appendAudit, iterateAudit, lastAudit, type AuditRow } from '../../db/local/auditChain';
import { getSyncValue, setSyncValue } from '../../db/local/syncState';
import type { ReadHandle, StoreKeys, WriteHandle } from '../../db/local/store';

const GENESIS_HASH = '0'.repeat(64);

/**
 * Entries from before the chain was keyed (a database of an older release, upgraded) keep their plain
 * SHA-256 links; the first keyed entry's seq is recorded here, itself under the key, so the record can
 * be neither moved nor removed without the break showing.
 */
const KEYED_FROM = 'audit_keyed_from';

interface AuditKeyHolder {
  read(): ReadHandle;
  readonly keys: StoreKeys;
}

function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export function digestRow(row: unknown): string | null {
  return row === undefined || row === null ? null : sha256Hex(canonicalJson(row));
}

type AuditEntry = Omit<AuditRow, 'seq' | 'hash' | 'prev_hash'>;

function linkText(prevHash: string, e: AuditEntry): string {
  return `${prevHash}\n${canonicalJson(e)}`;
}

function keyedHash(key: Buffer, prevHash: string, e: AuditEntry): string {
  return createHmac('sha256', key).update(linkText(prevHash, e)).digest('hex');
}

function markerMac(key: Buffer, seq: number): string {
  return createHmac('sha256', key).update(`audit-keyed-from:${seq}`).digest('hex');
}

/** Appends an entry; returns the chain head it makes (its seq and hash). */
export function appendAuditEntry(w: WriteHandle, key: Buffer, e: AuditEntry): { seq: number; hash: string } {
  const prev = lastAudit(w)?.hash ?? GENESIS_HASH;
  const hash = keyedHash(key, prev, e);
  const seq = appendAudit(w, { ...e, prev_hash: prev, hash });
  return { seq, hash };
}

/**
 * Called once, right after an older release's plain database was encrypted: its existing entries keep
 * their plain links and the keyed chain starts after them. Never called for a database that was
 * already encrypted, so a chain rewritten in plain SHA-256 later cannot be passed off as an old one.
 */
export function keyAuditChainFrom(w: WriteHandle, key: Buffer): void {
  if (getSyncValue(w, KEYED_FROM) !== undefined) return;
  const from = (lastAudit(w)?.seq ?? 0) + 1;
  setSyncValue(w, KEYED_FROM, `${from}:${markerMac(key, from)}`);
}

/** The first keyed seq; 1 when there is no record (a chain keyed from the start), null when the record was altered. */
function keyedFrom(r: ReadHandle, key: Buffer): number | null {
  const value = getSyncValue(r, KEYED_FROM);
  if (value === undefined) return 1;
  const [seqText, mac] = value.split(':');
  const seq = Number(seqText);
  if (!Number.isSafeInteger(seq) || !mac || mac.length !== 64) return null;
  const expected = Buffer.from(markerMac(key, seq), 'hex');
  return timingSafeEqual(expected, Buffer.from(mac, 'hex')) ? seq : null;
}

export type AuditBreak = 'prev_hash_mismatch' | 'hash_mismatch' | 'keyed_from_altered';

export interface AuditVerifyReport {
  ok: boolean;
  checked: number;
  firstBroken: { seq: number; id: string; reason: AuditBreak } | null;
}

/** Walks the chain in order and reports the first broken link. */
export function verifyAuditChain(store: AuditKeyHolder): AuditVerifyReport {
  const r = store.read();
  const from = keyedFrom(r, store.keys.audit);
  if (from === null) return { ok: false, checked: 0, firstBroken: { seq: 0, id: KEYED_FROM, reason: 'keyed_from_altered' } };
  let prev = GENESIS_HASH;
  let checked = 0;
  for (const row of iterateAudit(r)) {
    const { seq, hash, prev_hash, ...entry } = row;
    if (prev_hash !== prev) return { ok: false, checked, firstBroken: { seq, id: row.id, reason: 'prev_hash_mismatch' } };
    const expected = seq >= from ? keyedHash(store.keys.audit, prev_hash, entry) : sha256Hex(linkText(prev_hash, entry));
    if (expected !== hash) return { ok: false, checked, firstBroken: { seq, id: row.id, reason: 'hash_mismatch' } };
    prev = hash;
    checked += 1;
  }
  return { ok: true, checked, firstBroken: null };
}

