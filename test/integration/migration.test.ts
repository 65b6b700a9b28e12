import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { MigrationFailedError } from '../../db/local/store';
import { openRawTestConnection, openTestStore, tempDir } from '../helpers/fixtures';

const MIGRATIONS = path.resolve(import.meta.dirname, '../../db/local/migrations');

/** A database as a workstation of an older release left it: the migrations up to `lastTag` applied. */
function databaseAt(file: string, lastTag: string): Database.Database {
  const journal = JSON.parse(fs.readFileSync(path.join(MIGRATIONS, 'meta/_journal.json'), 'utf8')) as { entries: { tag: string; when: number }[] };
  const upTo = journal.entries.findIndex((e) => e.tag === lastTag);
  if (upTo < 0) throw new Error(`no migration ${lastTag}`);
  const db = new Database(file);
  db.exec('CREATE TABLE __drizzle_migrations (id INTEGER PRIMARY KEY AUTOINCREMENT, hash text NOT NULL, created_at numeric)');
  for (const e of journal.entries.slice(0, upTo + 1)) {
    const sqlText = fs.readFileSync(path.join(MIGRATIONS, `${e.tag}.sql`), 'utf8');
    for (const statement of sqlText.split('--> statement-breakpoint')) if (statement.trim()) db.exec(statement);
    db.prepare('INSERT INTO __drizzle_migrations (hash, created_at) VALUES (?, ?)').run(e.tag, e.when);
  }
  return db;
}

describe('migrations', () => {
  it('creates every table of the data model on a new file with the pragmas set', () => {
    const dir = tempDir();
    const store = openTestStore(path.join(dir, 'w.db'));
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
    openTestStore(path.join(dir, 'w.db')).close();
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
      openTestStore(file);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(MigrationFailedError);
    const backup = (error as MigrationFailedError).backupPath;
    expect(fs.existsSync(backup)).toBe(true);
    for (const f of [file, backup]) {
      const db = openRawTestConnection(f, { readonly: true });
      expect(db.prepare('SELECT note FROM loans WHERE id = ?').get('keep-me')).toEqual({ note: 'precious' });
      db.close();
    }
  });

  it('upgrades a database of the release before the workflows, keeping its rows and filling the new columns', () => {
    const file = path.join(tempDir(), 'w.db');
    const old = databaseAt(file, '0002_blob_uploads');
    const row = "'2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', 'u1'";
    old.exec(`
      INSERT INTO dd_cases (id, branch_id, created_at, updated_at, updated_by, customer_id, application, template_id, status, officer_id)
        VALUES ('case-1', 'b1', ${row}, 'c1', '{}', 't1', 'draft', 'u1');
      INSERT INTO contacts (id, branch_id, created_at, updated_at, updated_by, loan_id, channel, party, started_at, outcome, collector_id)
        VALUES ('contact-1', 'b1', ${row}, 'l1', 'phone', 'borrower', '2026-01-01T01:00:00Z', 'no_answer', 'u1');
      INSERT INTO policy_overrides (id, branch_id, created_at, updated_at, updated_by, loan_id, rule_code, reason, approved_by)
        VALUES ('o-1', 'b1', ${row}, 'l1', 'quiet_hours', 'old reason', 'u2');
      INSERT INTO outbox (client_id, mutation_id, name, args, base_versions, user_id, device_time)
        VALUES ('c', 'm-1', 'loanNote.add@1', '{}', '{}', 'u1', '2026-01-01T00:00:00Z');`);
    old.close();

    const store = openTestStore(file);
    const get = (sqlText: string) => store.read().sql.prepare(sqlText).get();
    expect(get("SELECT status, submission_no, submitted_by FROM dd_cases WHERE id = 'case-1'")).toEqual({ status: 'draft', submission_no: 0, submitted_by: null });
    expect(get("SELECT outcome, consent_late, complaint, override_ids FROM contacts WHERE id = 'contact-1'")).toEqual({
      outcome: 'no_answer', consent_late: 0, complaint: 0, override_ids: null,
    });
    expect(get("SELECT reason, valid_until FROM policy_overrides WHERE id = 'o-1'")).toEqual({ reason: 'old reason', valid_until: null });
    expect(get("SELECT status, undo FROM outbox WHERE mutation_id = 'm-1'")).toEqual({ status: 'pending', undo: null });
    expect(get("SELECT COUNT(*) AS n FROM collection_assignments")).toEqual({ n: 0 });
    store.close();
  });
});
