import type { ReadHandle, WriteHandle } from '../store';
import { prepared } from '../prepared';

export function getPref(h: ReadHandle, userId: string, key: string): unknown {
  const row = prepared(h.sql, 'SELECT value FROM user_prefs WHERE user_id = ? AND key = ?').get(userId, key) as
    | { value: string }
    | undefined;
  return row ? (JSON.parse(row.value) as unknown) : null;
}

export function setPref(w: WriteHandle, userId: string, key: string, value: unknown): void {
  prepared(w.sql,
      `INSERT INTO user_prefs (user_id, key, value) VALUES (?, ?, ?)
       ON CONFLICT(user_id, key) DO UPDATE SET value = excluded.value`,
    )
    .run(userId, key, JSON.stringify(value ?? null));
}
