import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { LocalStore, MigrationFailedError } from '../../db/local/store';
import { tempDir } from '../helpers/fixtures';

describe('migrations', () => {
  it('creates every table of the data model on a new file with the pragmas set', () => {
    const dir = tempDir();
    const store = LocalStore.open(path.join(dir, 'w.db'));
    const tables = (store.read().sql.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map(
      (t) => t.name,
    );
    for (const t of ['branches', 'users', 'customers', 'loans', 'installments', 'payments', 'form_templates', 'policies', 'models',
      'dd_cases', 'form_responses', 'inspections', 'contacts', 'promises_to_pay', 'warnings', 'attachments', 'approvals',
      'policy_overrides', 'audit_log', 'outbox', 'sync_state', 'sync_issues']) {
      expect(tables).toContain(t);
    }
    store.transaction((w) => {
      expect(w.sql.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(w.sql.pragma('synchronous', { simple: true })).toBe(2); // FULL
      expect(w.sql.pragma('foreign_keys', { simple: true })).toBe(1);
    });
    store.close();
    // Opening again applies nothing twice.
    LocalStore.open(path.join(dir, 'w.db')).close();
  });

  it('backs the file up and tells the caller when a migration fails, never wiping it', () => {
    const dir = tempDir();
    const file = path.join(dir, 'w.db');
    // A database from "somewhere else": a loans table of another shape with a row the user cares about.
    const foreign = new Database(file);
    foreign.exec("CREATE TABLE loans (id TEXT PRIMARY KEY, note TEXT); INSERT INTO loans VALUES ('keep-me', 'precious')");
    foreign.close();

    let error: unknown;
    try {
      LocalStore.open(file);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(MigrationFailedError);
    const backup = (error as MigrationFailedError).backupPath;
    expect(fs.existsSync(backup)).toBe(true);
    for (const f of [file, backup]) {
      const db = new Database(f, { readonly: true });
      expect(db.prepare('SELECT note FROM loans WHERE id = ?').get('keep-me')).toEqual({ note: 'precious' });
      db.close();
    }
  });
});
