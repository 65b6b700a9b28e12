// The sync_state key/value table: cursors, epochs, row sums and the sync client's other bookkeeping.
import type { ReadHandle, WriteHandle } from './store';
import { prepared } from './prepared';

export function getSyncValue(h: ReadHandle | WriteHandle, key: string): string | undefined {
  const row = prepared(h.sql, 'SELECT value FROM sync_state WHERE key = ?').get(key) as { value: string } | undefined;
  return row?.value;
}

export function setSyncValue(w: WriteHandle, key: string, value: string): void {
  prepared(w.sql, 'INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
}
