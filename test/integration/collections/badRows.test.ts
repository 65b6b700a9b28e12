// Rows that could never be entered today but may already sit in a branch's copy (synced from an older
// workstation before dates were checked): an impossible promise date, an impossible next-action date,
// an unparseable contact time. Every collections screen still answers; the loan is flagged, the bad
// record is left out of the figures and shown as unreadable.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Envelope } from '../../../shared/api/envelope';
import { createDispatcher } from '../../../main/api/dispatcher';
import { refreshLoanMetrics } from '../../../main/services/metrics';
import { SessionStore } from '../../../main/services/session';
import { createFixture, PASSWORD, type Fixture } from '../../helpers/fixtures';

let fx: Fixture;
let call: (name: string, input: unknown) => Promise<Envelope<unknown>>;

beforeEach(async () => {
  fx = createFixture();
  refreshLoanMetrics(fx.store, '2026-11-26');
  const dispatch = createDispatcher({ store: fx.store, deviceId: 'd', clientId: 'c', clock: () => new Date('2026-11-26T02:00:00Z') });
  const slot = new SessionStore().slot('s');
  call = (name, input) => dispatch(slot, name, input, 'zh-CN');
  await call('auth.signIn', { username: 'supervisorA', password: PASSWORD });
  // Written straight into the file, as a page from head office would have before the fix.
  fx.store.transaction((w) => {
    const base = { branch_id: 'branch-A', created_at: '2026-11-01T02:00:00Z', updated_at: '2026-11-01T02:00:00Z', updated_by: 'u', row_version: 3 };
    const insert = (table: string, row: Record<string, unknown>) => {
      const all: Record<string, unknown> = { ...base, ...row };
      const cols = Object.keys(all);
      w.sql.prepare(`INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`).run(...cols.map((c) => all[c]));
    };
    insert('contacts', {
      id: 'c-bad', loan_id: fx.loanA, collector_id: 'u', channel: 'phone', party: 'borrower', outcome: 'promise_to_pay',
      started_at: '2026-11-20T10:00:00+08:00', next_action_on: '2026-11-31',
    });
    insert('contacts', { id: 'c-worse', loan_id: fx.loanA, collector_id: 'u', channel: 'phone', party: 'borrower', outcome: 'no_answer', started_at: '2026-13-45T99:00' });
    insert('promises_to_pay', { id: 'p-bad', loan_id: fx.loanA, contact_id: 'c-bad', amount: 50_000, promised_on: '2027-02-30', status: 'pending' });
  });
});
afterEach(() => fx.store.close());

describe('collections over bad rows', () => {
  it('answers the queue, the loan screen and the KPIs, flagging the loan', async () => {
    const queue = await call('collections.queue', {});
    expect(queue.ok, JSON.stringify(queue)).toBe(true);
    const row = (queue as { data: { rows: { loanId: string; unreadable: number; nextActionOn: string | null }[] } }).data.rows.find((r) => r.loanId === fx.loanA);
    expect(row).toMatchObject({ unreadable: 3, nextActionOn: null, promise: null });

    const loan = await call('collections.loan', { loanId: fx.loanA });
    expect(loan.ok, JSON.stringify(loan)).toBe(true);
    expect((loan as { data: { unreadable: { table: string; id: string }[] } }).data.unreadable.map((u) => u.id).sort()).toEqual(['c-bad', 'c-worse', 'p-bad']);

    const kpis = await call('collections.kpis', { from: '2026-11-01', to: '2026-11-30' });
    expect(kpis.ok, JSON.stringify(kpis)).toBe(true);
    const impossible = await call('collections.kpis', { from: '2027-02-01', to: '2027-02-30' });
    expect(impossible.ok === false && impossible.error).toMatchObject({ code: 'VALIDATION', fields: { to: expect.any(String) } });
  });
});
