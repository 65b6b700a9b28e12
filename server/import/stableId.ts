// Ids for rows that arrive from files. Core-banking exports carry business keys (customer_no,
// loan_no, ...) but no ids of ours, and importing the same file twice must update rows, not add them.
// So a new row's id is a name-based UUID (RFC 9562 version 5: SHA-1 of a namespace and a name) of
// its table and business key: the same key always gives the same id, on every machine and run.
import { createHash } from 'node:crypto';

/** This project's namespace for name-based ids; fixed for ever, changing it would re-key every import. */
export const IMPORT_NAMESPACE = '6f1c9a52-3b7e-4d0a-9c41-2e8d5b7a10f3';

const namespaceBytes = Buffer.from(IMPORT_NAMESPACE.replace(/-/g, ''), 'hex');

export function uuidV5(namespace: Buffer, name: string): string {
  const hash = createHash('sha1').update(namespace).update(name, 'utf8').digest();
  const b = hash.subarray(0, 16);
  b[6] = ((b[6] as number) & 0x0f) | 0x50; // version 5
  b[8] = ((b[8] as number) & 0x3f) | 0x80; // RFC variant
  const hex = b.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The id of the row of `table` whose business key is `key` (e.g. stableId('loans', 'LN2024B001000001')). */
export function stableId(table: string, key: string): string {
  return uuidV5(namespaceBytes, `${table}:${key}`);
}
