// Collections between two workstations and a real head office: head office re-checks the contact
// rules over the whole branch's history, so calls each PC allowed on its own can still be one too
// many together — the extra one is refused, taken back on the PC that made it, and shown in its inbox.
import { beforeAll, describe, expect, it } from 'vitest';
import { queue as collectionsQueue } from '../../../main/services/collections/queue';
import { refreshCollectionQueue } from '../../../main/services/collections/queueSummary';
import { recordConsent } from '../../../main/services/collections/consent';
import { addDays } from '../../../shared/domain/dates';
import { logBorrowerCall } from '../../helpers/contacts';
import { shanghaiYesterday } from '../../helpers/fixtures';
import { availableBackends, giveBorrowerPhone } from '../../helpers/headOffice';
import { useEnrolledWorkstations, useHeadOffice } from '../../helpers/useHeadOffice';
import type { TestWorkstation } from '../../helpers/workstation';

const BORROWER = '13800001234';

describe.each(availableBackends())('collections sync on %s', (backend) => {
  const ho = useHeadOffice(backend);
  let collector: string;
  beforeAll(async () => {
    await giveBorrowerPhone(ho, BORROWER);
    collector = ho.users['collector1']!;
  });
  // Rounds only when the test asks: B must not pull A's calls behind the test's back.
  const [a, b] = useEnrolledWorkstations(ho, ['催收一号机', '催收二号机']);

  const noAnswer = (w: TestWorkstation, hhmm: string) => logBorrowerCall(w, { collector, loanId: ho.loanA, startedAt: shanghaiYesterday(hhmm) });

  it('computes the pulled loans’ DPD on the workstation, so the collector’s queue is there after the first sync', () => {
    const queue = collectionsQueue(a.context(collector), { offset: 0, limit: 50 });
    expect(queue.rows.map((r) => r.loanId)).toEqual([ho.loanA]);
    expect(queue.rows[0]?.dpd).toBeGreaterThan(0);
  });

  it('refuses at head office the 7th unanswered call of the day that two PCs made together, and takes it back on the PC', async () => {
    // Head office judges each call by the calls it already holds that came before it in time: A's four
    // morning calls are there when B's three later ones arrive.
    for (const t of ['08:10', '08:20', '08:30', '08:40']) noAnswer(a, t);
    await a.sync.syncNow();
    await expect.poll(async () => (await ho.db.query('SELECT id FROM contacts')).length, { timeout: 10_000 }).toBe(4);
    // B has not pulled since it enrolled: on its own it sees three calls only and allows all of them.
    const fromB = ['09:10', '09:20', '09:30'].map((t) => noAnswer(b, t).contactId);
    await b.sync.syncNow();

    const atHo = await ho.db.query<{ id: string }>("SELECT id FROM contacts WHERE loan_id = $1 AND outcome = 'no_answer'", [ho.loanA]);
    expect(atHo.map((c) => c.id).sort()).not.toContain(fromB[2]);
    expect(atHo).toHaveLength(6);
    const outbox = b.store.read().sql.prepare("SELECT status, result FROM outbox WHERE name = 'contact.log@1' ORDER BY seq").all() as { status: string; result: string }[];
    expect(outbox.map((o) => o.status)).toEqual(['applied', 'applied', 'rejected']);
    expect(JSON.parse(outbox[2]!.result)).toMatchObject({ reason: { code: 'contact_blocked' } });
    const issues = b.store.read().sql.prepare('SELECT kind, reason FROM sync_issues').all() as { kind: string; reason: string }[];
    expect(issues).toHaveLength(1);
    expect(JSON.parse(issues[0]!.reason).message).toMatch(/max_unanswered_per_number/);
    // B shows what head office holds: the refused call is gone, A's four came down.
    const onB = b.store.read().sql.prepare("SELECT id FROM contacts WHERE outcome = 'no_answer'").all() as { id: string }[];
    expect(onB.map((c) => c.id)).not.toContain(fromB[2]);
    expect(onB).toHaveLength(6);
    // B's queue row follows what it now holds (the refused call taken back, A's pulled): as a rebuild gives it.
    const queueRows = () => b.store.read().sql.prepare('SELECT * FROM collection_queue ORDER BY loan_id').all();
    const kept = queueRows();
    b.store.transaction((w) => refreshCollectionQueue(w, null, new Date()));
    expect(kept).toEqual(queueRows());
    expect(kept).toEqual([expect.objectContaining({ loan_id: ho.loanA, last_contact_at: new Date(shanghaiYesterday('09:20')).toISOString() })]);
  });

  it('takes a late call at head office on the consent recorded on the customer, and both PCs end with the same consent and call', async () => {
    // Two days back: yesterday's number already has the day's six unanswered calls of the test above.
    const dayBefore = addDays(shanghaiYesterday('23:00').slice(0, 10), -1);
    const { consentId } = recordConsent(a.context(collector), {
      loanId: ho.loanA,
      givenVia: 'recorded_call',
      givenOn: addDays(dayBefore, -2),
      validUntil: addDays(dayBefore, 60),
      note: '通话录音 0915，客户夜班',
    });
    const late = logBorrowerCall(a, { collector, loanId: ho.loanA, startedAt: `${dayBefore}T23:00:00+08:00`, outcome: 'right_party_contact' }).contactId;
    await a.sync.syncNow();
    await b.sync.syncNow();
    await a.sync.syncNow();
    const consentColumns = 'id, row_version, customer_id, loan_id, given_via, given_on, valid_until, note, withdraws_id';
    const atHo = await ho.db.query(`SELECT ${consentColumns} FROM contact_consents ORDER BY id`);
    expect(atHo).toEqual([expect.objectContaining({ id: consentId, given_via: 'recorded_call', withdraws_id: null })]);
    for (const w of [a, b]) expect(w.store.read().sql.prepare(`SELECT ${consentColumns} FROM contact_consents ORDER BY id`).all()).toEqual(atHo);
    const callColumns = 'id, row_version, started_at, outcome, consent_late';
    const [call] = await ho.db.query<Record<string, unknown>>(`SELECT ${callColumns} FROM contacts WHERE id = $1`, [late]);
    expect(call).toMatchObject({ id: late, outcome: 'right_party_contact' });
    expect([true, 1]).toContain(call?.['consent_late']);
    for (const w of [a, b]) {
      const row = w.store.read().sql.prepare(`SELECT ${callColumns} FROM contacts WHERE id = ?`).get(late) as Record<string, unknown>;
      expect({ ...row, consent_late: row['consent_late'] === 1 }).toEqual({ ...call, consent_late: true });
    }
  });
});
