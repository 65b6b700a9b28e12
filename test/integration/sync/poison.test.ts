// Poison messages: a queued change head office can never store — text with a lone surrogate or NUL
// (as an old or tampered workstation could queue it), or a value its database refuses — is rejected
// with a reason and lands in the Sync inbox; the work queued after it still goes up, and the queue
// drains. Before, the whole chunk rolled back and the PC was told to retry the same seq for ever.
import { v7 as uuidv7 } from 'uuid';
import { beforeAll, describe, expect, it } from 'vitest';
import { availableBackends } from '../../helpers/headOffice';
import { useEnrolledWorkstations, useHeadOffice } from '../../helpers/useHeadOffice';

const HOSTILE = ['lone high \ud83d', 'lone low \udc00 in the middle', 'nul \u0000 byte', '\ud800\ud800 two highs'];

describe.each(availableBackends())('poison messages on %s', (backend) => {
  const ho = useHeadOffice(backend);
  const [ws] = useEnrolledWorkstations(ho, ['poison']);
  let officer: string;
  beforeAll(() => {
    officer = ho.users['officer1']!;
  });

  /** Queued directly, bypassing the door's checks, as a tampered or older workstation could have. */
  const craft = (args: Record<string, unknown>): string => ws.craft(officer, 'loanNote.add@1', args);
  const outboxOf = (mutationId: string) =>
    ws.store.read().sql.prepare('SELECT status, result FROM outbox WHERE mutation_id = ?').get(mutationId) as { status: string; result: string };

  it('rejects every class of hostile string alone and applies the work around it', async () => {
    const poisoned = HOSTILE.map((body) => craft({ id: uuidv7(), loanId: ho.loanA, body }));
    poisoned.push(craft({ id: uuidv7(), loanId: ho.loanA, ['body\udc00']: 'a hostile key' }));
    const good = [uuidv7(), uuidv7()];
    ws.addNote(officer, ho.loanA, 'before');
    for (const id of good) craft({ id, loanId: ho.loanA, body: `good ${id}` });
    await ws.sync.syncNow();

    for (const id of poisoned) {
      expect(outboxOf(id).status).toBe('rejected');
      expect(JSON.parse(outboxOf(id).result)).toMatchObject({ reason: { code: 'unstorable_text' } });
    }
    const pending = ws.store.read().sql.prepare("SELECT COUNT(*) AS n FROM outbox WHERE status IN ('pending', 'in_flight')").get() as { n: number };
    expect(pending.n).toBe(0);
    const atHo = await ho.db.query<{ id: string }>('SELECT id FROM loan_notes WHERE id = ANY($1::text[])', [good]);
    expect(atHo).toHaveLength(2);
    // On file at head office, its text made storable; and in this PC's Sync inbox.
    const logged = await ho.db.query<{ status: string }>('SELECT status FROM mutation_log WHERE mutation_id = ANY($1::text[])', [poisoned]);
    expect(logged.map((l) => l.status)).toEqual(poisoned.map(() => 'rejected'));
    const inbox = ws.store.read().sql.prepare('SELECT mutation_id FROM sync_issues').all() as { mutation_id: string }[];
    expect(inbox.map((i) => i.mutation_id).sort()).toEqual([...poisoned].sort());
  });

  it('isolates a change the database refuses for good, and still applies the rest of its chunk', async () => {
    // Data exceptions raised by the database itself, only for these bodies: one while writing the note
    // (refused by the mutation's own write), one while filing the push (refused by isolating it).
    await ho.db.query(`CREATE OR REPLACE FUNCTION poison_note() RETURNS trigger AS $$
      BEGIN IF NEW.body = 'poison row' THEN RAISE EXCEPTION 'cannot store' USING ERRCODE = '22023'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`);
    await ho.db.query(`CREATE OR REPLACE FUNCTION poison_log() RETURNS trigger AS $$
      BEGIN IF NEW.args->>'body' = 'poison log' THEN RAISE EXCEPTION 'cannot file' USING ERRCODE = '22023'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`);
    await ho.db.query('CREATE TRIGGER poison_note BEFORE INSERT ON loan_notes FOR EACH ROW EXECUTE FUNCTION poison_note()');
    await ho.db.query('CREATE TRIGGER poison_log BEFORE INSERT ON mutation_log FOR EACH ROW EXECUTE FUNCTION poison_log()');
    try {
      const before = craft({ id: uuidv7(), loanId: ho.loanA, body: 'before poison' });
      const row = craft({ id: uuidv7(), loanId: ho.loanA, body: 'poison row' });
      const log = craft({ id: uuidv7(), loanId: ho.loanA, body: 'poison log' });
      const after = craft({ id: uuidv7(), loanId: ho.loanA, body: 'after poison' });
      await ws.sync.syncNow();
      expect([before, row, log, after].map((id) => outboxOf(id).status)).toEqual(['applied', 'rejected', 'rejected', 'applied']);
      expect(JSON.parse(outboxOf(row).result)).toMatchObject({ reason: { code: 'invalid_write' } });
      expect(JSON.parse(outboxOf(log).result)).toMatchObject({ reason: { code: 'unstorable_value' } });
      const notes = await ho.db.query<{ body: string }>("SELECT body FROM loan_notes WHERE body LIKE '%poison%' ORDER BY body");
      expect(notes.map((n) => n.body)).toEqual(['after poison', 'before poison']);
    } finally {
      await ho.db.query('DROP TRIGGER poison_note ON loan_notes');
      await ho.db.query('DROP TRIGGER poison_log ON mutation_log');
    }
  });
});
