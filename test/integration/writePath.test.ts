import { createHash, createHmac } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { canonicalJson } from '../../shared/canonicalJson';
import { setSyncValue } from '../../db/local/syncState';
import type { AuditRow } from '../../db/local/auditChain';
import { loanNoteAdd } from '../../shared/mutations/loanNote';
import { mutate } from '../../main/services/mutate';
import { verifyAuditChain } from '../../main/services/audit';
import { ServiceError } from '../../main/services/errors';
import { createFixture, serviceContext, tableCount, type Fixture } from '../helpers/fixtures';
import { v7 as uuidv7 } from 'uuid';
import { sql } from 'drizzle-orm';
import { ReadOnlyViolation } from '../../db/local/readOnlyView';
import { z } from 'zod';
import type { MutationDef } from '../../shared/mutations/types';
import { checkWrite } from '../../server/sync/rows';

let fx: Fixture;
afterEach(() => fx?.store.close());

function counts() {
  return {
    notes: tableCount(fx.store, 'loan_notes'),
    outbox: tableCount(fx.store, 'outbox'),
    audit: tableCount(fx.store, 'audit_log'),
  };
}

function expectRefused(fn: () => unknown, code: string) {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ServiceError);
    expect((err as ServiceError).code).toBe(code);
    return err as ServiceError;
  }
  throw new Error(`expected ${code}`);
}

describe('the one write path', () => {
  it('writes the row, the outbox entry and a chained audit entry together', () => {
    fx = createFixture();
    const ctx = serviceContext(fx, 'officerA');
    const ids = [uuidv7(), uuidv7(), uuidv7()];
    for (const id of ids) mutate(ctx, loanNoteAdd, { id, loanId: fx.loanA, body: `note ${id}` });
    expect(counts()).toEqual({ notes: 3, outbox: 3, audit: 3 });

    const outbox = fx.store.read().sql.prepare('SELECT * FROM outbox ORDER BY seq').all() as Record<string, string | number>[];
    expect(outbox.map((o) => o['name'])).toEqual(['loanNote.add@1', 'loanNote.add@1', 'loanNote.add@1']);
    expect(outbox.map((o) => Number(o['seq']))).toEqual([1, 2, 3]);
    expect(JSON.parse(String(outbox[0]?.['args']))).toMatchObject({ id: ids[0], loanId: fx.loanA });
    expect(JSON.parse(String(outbox[0]?.['base_versions']))).toMatchObject({ 'loans:loan-A': 1 });

    const note = fx.store.read().sql.prepare('SELECT * FROM loan_notes WHERE id = ?').get(ids[0]) as Record<string, unknown>;
    expect(note).toMatchObject({ branch_id: 'branch-A', updated_by: 'user-officer-A', row_version: 0, deleted_at: null });
    expect(verifyAuditChain(fx.store)).toEqual({ ok: true, checked: 3, firstBroken: null });
  });

  it('gives reads a handle that refuses every write, however it is asked, and changes nothing', () => {
    fx = createFixture();
    const r = fx.store.read();
    const before = { ...counts(), pragma: r.sql.pragma('foreign_keys', { simple: true }) };
    const attempts: [string, () => unknown][] = [
      ['prepare INSERT', () => r.sql.prepare(`INSERT INTO loan_notes (id) VALUES ('x')`).run()],
      ['prepare DELETE', () => r.sql.prepare('DELETE FROM audit_log').run()],
      ['prepare DDL', () => r.sql.prepare('DROP TABLE loan_notes')],
      ['exec', () => r.sql.exec('DELETE FROM outbox')],
      ['transaction', () => r.sql.transaction(() => undefined)],
      ['pragma setting', () => r.sql.pragma('foreign_keys = OFF')],
      ['orm', () => r.orm.run(sql`DELETE FROM loan_notes`)],
    ];
    for (const [what, attempt] of attempts) {
      let thrown: unknown;
      try {
        attempt();
      } catch (err) {
        thrown = err;
      }
      // The ORM wraps the refusal in its own error, with ours as the cause.
      const refusal = thrown instanceof ReadOnlyViolation ? thrown : (thrown as { cause?: unknown } | undefined)?.cause;
      expect(refusal, what).toBeInstanceOf(ReadOnlyViolation);
    }
    expect({ ...counts(), pragma: r.sql.pragma('foreign_keys', { simple: true }) }).toEqual(before);
    // Reads still work, on the same page cache as the writes.
    expect((r.sql.prepare('SELECT COUNT(*) AS n FROM loans').get() as { n: number }).n).toBeGreaterThan(0);
  });

  it('refuses bad input, a wrong role and another branch, writing nothing', () => {
    fx = createFixture();
    const before = counts();
    const bad = expectRefused(() => mutate(serviceContext(fx, 'officerA'), loanNoteAdd, { id: 'x', loanId: fx.loanA, body: '' }), 'VALIDATION');
    expect(Object.keys(bad.fields ?? {}).sort()).toEqual(['body', 'id']);
    expectRefused(() => mutate(serviceContext(fx, 'officerA'), loanNoteAdd, { id: uuidv7(), loanId: fx.loanA, body: 'a\u0000b' }), 'VALIDATION');
    expectRefused(() => mutate(serviceContext(fx, 'adminA'), loanNoteAdd, { id: uuidv7(), loanId: fx.loanA, body: 'hi' }), 'FORBIDDEN');
    expectRefused(() => mutate(serviceContext(fx, 'officerA'), loanNoteAdd, { id: uuidv7(), loanId: fx.loanB, body: 'hi' }), 'FORBIDDEN');
    expectRefused(() => mutate(serviceContext(fx, 'officerA'), loanNoteAdd, { id: uuidv7(), loanId: 'nope', body: 'hi' }), 'NOT_FOUND');
    expect(counts()).toEqual(before);
  });

  it('keeps notes append-only: the same id twice is refused, a correction is a new note', () => {
    fx = createFixture();
    const ctx = serviceContext(fx, 'officerA');
    const first = uuidv7();
    mutate(ctx, loanNoteAdd, { id: first, loanId: fx.loanA, body: 'wrong amount' });
    expectRefused(() => mutate(ctx, loanNoteAdd, { id: first, loanId: fx.loanA, body: 'overwrite' }), 'CONFLICT');
    mutate(ctx, loanNoteAdd, { id: uuidv7(), loanId: fx.loanA, body: 'right amount', correctsId: first });
    expect(counts()).toEqual({ notes: 2, outbox: 2, audit: 2 });

    // A definition that tries to edit a note in place is stopped by the write path, and nothing is written.
    const editInPlace: MutationDef<{ id: string }, null> = {
      name: 'test.editNote',
      version: 1,
      args: z.object({ id: z.string() }),
      roles: ['officer'],
      reads: (a) => [{ table: 'loan_notes', id: a.id }],
      apply: ({ args }) => ({
        writes: [{ op: 'update', table: 'loan_notes', id: args.id, values: { body: 'overwrite' } }],
        audit: { action: 'test.editNote', entityType: 'loan_note', entityId: args.id },
        result: null,
      }),
    };
    expect(() => mutate(ctx, editInPlace, { id: first })).toThrow(/never changed/);
    expect(counts()).toEqual({ notes: 2, outbox: 2, audit: 2 });
    expect(fx.store.read().sql.prepare('SELECT body FROM loan_notes WHERE id = ?').get(first)).toEqual({ body: 'wrong amount' });
    // Head office refuses the same write from any client.
    expect(checkWrite({ op: 'update', table: 'contacts', id: first, values: { note: 'x' } })).toMatchObject({ code: 'DOMAIN_RULE', message: expect.stringMatching(/never changed/) });
    expect(checkWrite({ op: 'insert', table: 'contacts', id: first, values: { note: 'x' } })).toBeNull();
  });

  it('audit verify reports the first broken link after tampering', () => {
    fx = createFixture();
    const ctx = serviceContext(fx, 'officerA');
    for (let i = 0; i < 5; i++) mutate(ctx, loanNoteAdd, { id: uuidv7(), loanId: fx.loanA, body: `n${i}` });
    fx.store.transaction((w) => w.sql.prepare("UPDATE audit_log SET action = 'forged' WHERE seq = 3").run());
    expect(verifyAuditChain(fx.store)).toMatchObject({ ok: false, checked: 2, firstBroken: { seq: 3, reason: 'hash_mismatch' } });

    fx.store.transaction((w) => w.sql.prepare("UPDATE audit_log SET action = 'loanNote.add' WHERE seq = 3").run());
    expect(verifyAuditChain(fx.store).ok).toBe(true);
    fx.store.transaction((w) => w.sql.prepare('DELETE FROM audit_log WHERE seq = 2').run());
    expect(verifyAuditChain(fx.store)).toMatchObject({ ok: false, firstBroken: { seq: 3, reason: 'prev_hash_mismatch' } });
  });
});

describe('the keyed audit chain', () => {
  const rows = () => fx.store.read().sql.prepare('SELECT * FROM audit_log ORDER BY seq').all() as (AuditRow & Record<string, unknown>)[];

  /** What an attacker with the file but not the key can do: edit, delete, and recompute every link. */
  function rechain(hashOf: (prev: string, entry: Record<string, unknown>) => string): void {
    fx.store.transaction((w) => {
      w.sql.prepare("UPDATE audit_log SET actor_id = 'user-supervisor-A' WHERE seq = 2").run();
      w.sql.prepare('DELETE FROM audit_log WHERE seq = 4').run();
      let prev = '0'.repeat(64);
      for (const { seq, hash: _hash, prev_hash: _prev, ...entry } of rows()) {
        const hash = hashOf(prev, entry);
        w.sql.prepare('UPDATE audit_log SET prev_hash = ?, hash = ? WHERE seq = ?').run(prev, hash, seq);
        prev = hash;
      }
    });
  }
  const link = (prev: string, entry: Record<string, unknown>) => `${prev}\n${canonicalJson(entry)}`;

  beforeEach(() => {
    fx = createFixture();
    const ctx = serviceContext(fx, 'officerA');
    for (let i = 0; i < 6; i++) mutate(ctx, loanNoteAdd, { id: uuidv7(), loanId: fx.loanA, body: `n${i}` });
    expect(verifyAuditChain(fx.store)).toEqual({ ok: true, checked: 6, firstBroken: null });
  });

  it('fails verification when the chain is forged and re-chained with plain SHA-256', () => {
    rechain((prev, entry) => createHash('sha256').update(link(prev, entry)).digest('hex'));
    expect(verifyAuditChain(fx.store)).toMatchObject({ ok: false, firstBroken: { seq: 1, reason: 'hash_mismatch' } });
  });

  it('fails verification when re-chained with HMAC under another key', () => {
    rechain((prev, entry) => createHmac('sha256', Buffer.alloc(32, 9)).update(link(prev, entry)).digest('hex'));
    expect(verifyAuditChain(fx.store)).toMatchObject({ ok: false, firstBroken: { seq: 1, reason: 'hash_mismatch' } });
  });

  it('cannot be passed off as an old plain chain by writing the keyed-from record', () => {
    rechain((prev, entry) => createHash('sha256').update(link(prev, entry)).digest('hex'));
    fx.store.transaction((w) => setSyncValue(w, 'audit_keyed_from', `100:${'ab'.repeat(32)}`));
    expect(verifyAuditChain(fx.store)).toMatchObject({ ok: false, firstBroken: { reason: 'keyed_from_altered' } });
  });

  it('each outbox entry carries, signed, the chain head its own audit entry made', () => {
    const heads = fx.store.read().sql.prepare('SELECT audit_seq AS seq, audit_hash AS hash FROM outbox ORDER BY seq').all();
    expect(heads).toEqual(rows().map((r) => ({ seq: r.seq, hash: r.hash })));
  });
});
