// Anti-entropy row hashes (DESIGN.md §7): head office and every workstation hash each synced row the
// same way and keep, per scope, the XOR of its rows' hashes. XOR makes the sum order-free and lets a
// write update it in O(1) (take the old row's hash out, put the new one's in). Not a security device:
// it finds rows that differ by accident (a lost update, a bad undo, a file edited by hand).
//
// Both sides hash the row as the workstation stores it: JSON columns as canonical JSON of their value
// (jsonb at head office, text at the branch), booleans as 1/0, every other value as its text — so
// 5000000 from PostgreSQL's JSON and 5000000 read back from SQLite hash alike.
import { canonicalJson } from '../canonicalJson';
import { JSON_COLUMNS, type SyncedTable } from './tables';

/** Bumped if the hashed form ever changes; head office then recomputes its scope sums. */
export const ROW_HASH_VERSION = 1;

/** 64 bits as two unsigned 32-bit halves, so the hot loop stays in small integers. */
export interface Hash64 {
  hi: number;
  lo: number;
}

export const ZERO_HASH: Hash64 = { hi: 0, lo: 0 };

function fmix32(h: number): number {
  let x = h;
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

/** Two independent 32-bit lanes over the UTF-16 code units (FNV-1a and a multiply-rotate), each finalized. */
export function hashText(text: string): Hash64 {
  let a = 0x811c9dc5;
  let b = 0x9747b28c ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b = (b << 13) | (b >>> 19);
  }
  return { hi: fmix32(a), lo: fmix32(b ^ a) };
}

export function xorHash(x: Hash64, y: Hash64): Hash64 {
  return { hi: (x.hi ^ y.hi) >>> 0, lo: (x.lo ^ y.lo) >>> 0 };
}

export function hashToHex(h: Hash64): string {
  return h.hi.toString(16).padStart(8, '0') + h.lo.toString(16).padStart(8, '0');
}

export function hexToHash(hex: string): Hash64 {
  if (!/^[0-9a-f]{16}$/.test(hex)) throw new Error(`not a 64-bit hex hash: ${hex}`);
  return { hi: parseInt(hex.slice(0, 8), 16) >>> 0, lo: parseInt(hex.slice(8), 16) >>> 0 };
}

/** As a signed 64-bit integer (PostgreSQL bigint), for XOR in SQL. */
export function hashToBigInt(h: Hash64): bigint {
  return BigInt.asIntN(64, (BigInt(h.hi) << 32n) | BigInt(h.lo));
}

export function bigIntToHash(v: bigint | string | number): Hash64 {
  const u = BigInt.asUintN(64, BigInt(v));
  return { hi: Number(u >> 32n) >>> 0, lo: Number(u & 0xffffffffn) >>> 0 };
}

/** How JSON columns arrive: as their JSON text (the branch's SQLite) or as the parsed value (head office). */
export type JsonForm = 'text' | 'value';

function jsonValueText(value: unknown, form: JsonForm): string {
  if (form === 'value' || typeof value !== 'string') return canonicalJson(value);
  try {
    return canonicalJson(JSON.parse(value));
  } catch {
    return `\u0003${value}`; // not JSON (edited by hand?): hashes apart from any JSON value
  }
}

function valueText(value: unknown, json: boolean, form: JsonForm): string {
  if (value === null || value === undefined) return '\u0000';
  if (json) return jsonValueText(value, form);
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (typeof value === 'object') return canonicalJson(value);
  return String(value);
}

/**
 * The text a row hashes as: table, then each column name and value in column-name order. `columns`
 * must be sorted; callers that hash many rows of a table sort them once.
 */
export function rowText(
  table: SyncedTable,
  columns: readonly string[],
  form: JsonForm,
  valueOf: (column: string, index: number) => unknown,
): string {
  const json = JSON_COLUMNS[table] ?? [];
  let text = table;
  for (let i = 0; i < columns.length; i++) {
    const column = columns[i] as string;
    text += `\u0001${column}\u0002${valueText(valueOf(column, i), json.includes(column), form)}`;
  }
  return text;
}

export function hashRow(table: SyncedTable, row: Readonly<Record<string, unknown>>, form: JsonForm): Hash64 {
  const columns = Object.keys(row).sort();
  return hashText(rowText(table, columns, form, (c) => row[c]));
}
