// Rebase: pending branch work stays visible after pulled pages (or a scope reset) replace local rows.
import { v7 as uuidv7 } from 'uuid';
import { afterEach, describe, expect, it } from 'vitest';
import { loanNoteAdd } from '../../../shared/mutations/loanNote';
import { mutate } from '../../../main/services/mutate';
import { rebasePending } from '../../../main/sync/rebase';
import { clearScope } from '../../../db/local/syncStore';
import { createFixture, serviceContext, type Fixture } from '../../helpers/fixtures';

let fx: Fixture;
afterEach(() => fx?.store.close());

const notes = () => fx.store.read().sql.prepare('SELECT id, body FROM loan_notes ORDER BY id').all();

describe('rebase of pending mutations', () => {
  it('puts back what a reset dropped, once, and only for work not yet acknowledged', () => {
    fx = createFixture();
    const ctx = serviceContext(fx, 'officerA');
    const pending = uuidv7();
    const acknowledged = uuidv7();
    mutate(ctx, loanNoteAdd, { id: acknowledged, loanId: fx.loanA, body: 'already at head office' });
    mutate(ctx, loanNoteAdd, { id: pending, loanId: fx.loanA, body: 'still in the outbox' });
    fx.store.transaction((w) => w.sql.prepare("UPDATE outbox SET status = 'applied' WHERE seq = 1").run());
    const snapshot = (table: string) =>
      fx.store.read().sql.prepare(`SELECT * FROM ${table} WHERE branch_id = 'branch-A'`).all() as Record<string, unknown>[];
    const reference = { users: snapshot('users'), customers: snapshot('customers'), loans: snapshot('loans') };

    // A reset drops the scope's rows; the page brings the reference rows back (head office does not
    // have the pending note yet, nor — in this test — the acknowledged one).
    const reapplied = fx.store.transactionTrustingReferences((w) => {
      clearScope(w, 'branch:branch-A');
      for (const [table, rows] of Object.entries(reference)) {
        for (const row of rows) {
          const cols = Object.keys(row);
          w.sql.prepare(`INSERT INTO ${table} (${cols.join(',')}) VALUES (${cols.map(() => '?').join(',')})`).run(...cols.map((c) => row[c]));
        }
      }
      return rebasePending(w, 'all');
    });
    expect(reapplied).toBe(1);
    expect(notes()).toEqual([{ id: pending, body: 'still in the outbox' }]);

    // Rebasing again changes nothing: the note is there, nothing is doubled.
    expect(fx.store.transaction((w) => rebasePending(w, 'all'))).toBe(0);
    expect(notes()).toHaveLength(1);
    // A page that touches an unrelated row does not re-run anything.
    expect(fx.store.transaction((w) => rebasePending(w, new Set(['customers:cust-A'])))).toBe(0);
  });
});
