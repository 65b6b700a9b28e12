// Rebase: pending branch work stays visible after pulled pages (or a scope reset) replace local rows,
// and its undo record always holds head office's latest state, so taking it back restores that state.
import { v7 as uuidv7 } from 'uuid';
import { afterEach, describe, expect, it } from 'vitest';
import { loanNoteAdd } from '../../../shared/mutations/loanNote';
import type { ChangeEntry } from '../../../shared/sync/protocol';
import { mutate } from '../../../main/services/mutate';
import { firstSeqTouchedBy, rebaseAround } from '../../../main/sync/rebase';
import { applyChanges, clearScope, pendingWithUndo, recordPushResults } from '../../../db/local/syncStore';
import { computeRowSum, setStoredRowSum, storedRowSum } from '../../../db/local/rowSums';
import { createFixture, serviceContext, type Fixture } from '../../helpers/fixtures';

let fx: Fixture;
afterEach(() => fx?.store.close());

const notes = () => fx.store.read().sql.prepare('SELECT id, body, row_version FROM loan_notes ORDER BY id').all();

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
    fx.store.transactionTrustingReferences((w) =>
      rebaseAround(w, 2, () => {
        clearScope(w, 'branch:branch-A');
        for (const [table, rows] of Object.entries(reference)) {
          for (const row of rows) {
            const cols = Object.keys(row);
            w.sql.prepare(`INSERT INTO ${table} (${cols.join(',')}) VALUES (${cols.map(() => '?').join(',')})`).run(...cols.map((c) => row[c]));
          }
        }
      }),
    );
    expect(notes()).toEqual([{ id: pending, body: 'still in the outbox', row_version: 0 }]);

    // Rebasing again changes nothing: the note is there, nothing is doubled.
    fx.store.transaction((w) => rebaseAround(w, 1, () => undefined));
    expect(notes()).toHaveLength(1);
    // A page about an unrelated row concerns no pending work.
    const unrelated: ChangeEntry = { table: 'customers', id: 'cust-B', op: 'upsert', version: 9, row: { id: 'cust-B' } };
    expect(fx.store.transaction((w) => firstSeqTouchedBy(w, [unrelated]))).toBeNull();
  });

  it('refreshes the undo record when a pulled row replaces one a pending mutation wrote', () => {
    fx = createFixture();
    // The fixture's rows were seeded directly; from here on every write keeps the sum.
    fx.store.transaction((w) => setStoredRowSum(w, 'branch:branch-A', computeRowSum(w, 'branch:branch-A')));
    const ctx = serviceContext(fx, 'officerA');
    const id = uuidv7();
    mutate(ctx, loanNoteAdd, { id, loanId: fx.loanA, body: 'mine' });
    expect(pendingWithUndo(fx.store.read())[0]?.undo).toEqual([{ table: 'loan_notes', id, before: null }]);

    // Head office sends a row under the same id (version 7): the page lands under the pending note.
    const theirs = { ...(fx.store.read().sql.prepare('SELECT * FROM loan_notes WHERE id = ?').get(id) as Record<string, unknown>), body: 'theirs' };
    const page: ChangeEntry[] = [{ table: 'loan_notes', id, op: 'upsert', version: 7, row: { ...theirs, row_version: 7 } }];
    fx.store.transactionTrustingReferences((w) => rebaseAround(w, firstSeqTouchedBy(w, page), () => applyChanges(w, page)));
    // The note's insert meets head office's row and keeps it; nothing of ours is left to take back.
    expect(notes()).toEqual([{ id, body: 'theirs', row_version: 7 }]);
    expect(pendingWithUndo(fx.store.read())[0]?.undo).toEqual([]);

    // Head office then refuses the note: taking it back leaves head office's row, not "no row".
    const [entry] = pendingWithUndo(fx.store.read());
    fx.store.transaction((w) =>
      rebaseAround(w, entry!.seq, () =>
        recordPushResults(w, [{ seq: entry!.seq, mutationId: entry!.mutationId, status: 'rejected', reason: { code: 'x', message: 'x' } }], 'now'),
      ),
    );
    expect(notes()).toEqual([{ id, body: 'theirs', row_version: 7 }]);
    // The kept row sum followed every one of these writes.
    expect(storedRowSum(fx.store.read(), 'branch:branch-A')).toEqual(computeRowSum(fx.store.read(), 'branch:branch-A'));
  });
});
