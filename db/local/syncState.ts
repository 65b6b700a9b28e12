// The sync_state key/value table: cursors, epochs, row sums and the sync client's other bookkeeping.
// Its keys are a closed, typed set: a misspelt key is a type error, not a value silently never found.
import type { ReadHandle, WriteHandle } from './store';
import { prepared } from './prepared';

/** Keys kept once per workstation. */
type WorkstationKey =
  | 'device_id'
  | 'client_id'
  | 'branch_id'
  | 'server_url'
  | 'server_device_id'
  | 'server_skew_ms'
  | 'last_success_at'
  | 'last_error'
  | 'audit_keyed_from'
  | 'rowsum_detected'
  | 'rowsum_last_detected_at'
  | 'rowsum_last_verified_at'
  | 'rowsum_unresolved';

/** Keys kept per sync scope (`branch:<id>`, `global`). */
type ScopeKeyPrefix = 'cursor' | 'epoch' | 'rowsum' | 'rowsum_skew' | 'rowsum_repair_at';

export type SyncStateKey = WorkstationKey | `${ScopeKeyPrefix}:${string}`;

export function getSyncValue(h: ReadHandle | WriteHandle, key: SyncStateKey): string | undefined {
  const row = prepared(h.sql, 'SELECT value FROM sync_state WHERE key = ?').get(key) as { value: string } | undefined;
  return row?.value;
}

export function setSyncValue(w: WriteHandle, key: SyncStateKey, value: string): void {
  prepared(w.sql, 'INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
}
