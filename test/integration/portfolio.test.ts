// Portfolio and loan view through the API dispatcher, on a real demo database file.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutputOf } from '../../shared/api/contract';
import type { Envelope } from '../../shared/api/envelope';
import { DEMO_PASSWORD } from '../../shared/demo/generate';
import { daysPastDue } from '../../shared/domain/delinquency';
import { LocalStore } from '../../db/local/store';
import { createDispatcher, type Dispatch } from '../../main/api/dispatcher';
import { loadDemo } from '../../main/services/demo';
import { SessionStore } from '../../main/services/session';
import { openTestStore, tempDir } from '../helpers/fixtures';

let store: LocalStore;
let dispatch: Dispatch;
const AS_OF = '2026-11-26';
const session = new SessionStore().slot('officer1');

async function call<T>(name: string, input: unknown, locale: 'zh-CN' | 'en' = 'zh-CN'): Promise<T> {
  const res: Envelope<unknown> = await dispatch(session, name, input, locale);
  if (!res.ok) throw new Error(`${name}: ${res.error.code} ${res.error.message}`);
  return res.data as T;
}

beforeAll(async () => {
  store = openTestStore(path.join(tempDir(), 'workstation.db'));
  loadDemo(store, { loans: 600, asOf: AS_OF });
  // Noon in Shanghai on the demo's as-of date, so live figures match the stored ones.
  dispatch = createDispatcher({ store, deviceId: 'd', clientId: 'c', clock: () => new Date(`${AS_OF}T04:00:00Z`) });
  await call('auth.signIn', { username: 'officer1', password: DEMO_PASSWORD });
});
afterAll(() => store.close());

type Page = OutputOf<'portfolio.list'>;

describe('portfolio', () => {
  it('lists only the signed-in user’s branch', async () => {
    const page = await call<Page>('portfolio.list', { limit: 1000 });
    const branchCount = (
      store.read().sql.prepare(
        "SELECT COUNT(*) AS n FROM loans WHERE branch_id = (SELECT branch_id FROM users WHERE username = 'officer1')",
      ).get() as { n: number }
    ).n;
    expect(page.total).toBe(branchCount);
    expect(page.total).toBeLessThan(600);
    expect(page.rows.length).toBe(Math.min(branchCount, 1000));
    expect(page.asOf).toBe(AS_OF);
  });

  it('filters by bucket and sorts by DPD', async () => {
    const page = await call<Page>('portfolio.list', { buckets: ['M2', 'M3'], sort: { field: 'dpd', dir: 'desc' }, limit: 1000 });
    expect(page.total).toBeGreaterThan(0);
    for (const row of page.rows) {
      expect(['M2', 'M3']).toContain(row.bucket);
      expect(row.dpd).toBeGreaterThanOrEqual(31);
      expect(row.dpd).toBeLessThanOrEqual(90);
    }
    const dpds = page.rows.map((r) => r.dpd);
    expect(dpds).toEqual([...dpds].sort((a, b) => b - a));
  });

  it('quick filters: overdue is DPD above zero, watch-or-worse is special mention or a worse class', async () => {
    const all = await call<Page>('portfolio.list', { limit: 1000 });
    const overdue = await call<Page>('portfolio.list', { minDpd: 1, limit: 1000 });
    expect(overdue.total).toBe(all.rows.filter((r) => r.dpd > 0).length);
    expect(overdue.rows.every((r) => r.dpd > 0)).toBe(true);
    const watch = await call<Page>('portfolio.list', { classOrWorse: 'special_mention', limit: 1000 });
    expect(watch.total).toBeGreaterThan(0);
    expect(watch.total).toBe(all.rows.filter((r) => r.fiveClass !== 'normal').length);
    const doubtful = await call<Page>('portfolio.list', { classOrWorse: 'doubtful', limit: 1000 });
    expect(new Set(doubtful.rows.map((r) => r.fiveClass))).toEqual(new Set(all.rows.filter((r) => r.fiveClass === 'doubtful' || r.fiveClass === 'loss').map((r) => r.fiveClass)));
    expect(doubtful.total).toBe(all.rows.filter((r) => r.fiveClass === 'doubtful' || r.fiveClass === 'loss').length);
    // Both together, and with another filter: each narrows the others.
    const both = await call<Page>('portfolio.list', { minDpd: 1, classOrWorse: 'special_mention', purposes: ['business'], limit: 1000 });
    expect(both.total).toBe(all.rows.filter((r) => r.dpd > 0 && r.fiveClass !== 'normal' && r.purpose === 'business').length);
    const csv = await call<OutputOf<'portfolio.exportCsv'>>('portfolio.exportCsv', { classOrWorse: 'special_mention' });
    expect(csv.rows).toBe(watch.total);
  });

  it('searches by loan number and by customer name, and pages', async () => {
    const all = await call<Page>('portfolio.list', { limit: 50, sort: { field: 'loanNo', dir: 'asc' } });
    const target = all.rows[7]!;
    const byNo = await call<Page>('portfolio.list', { q: target.loanNo });
    expect(byNo.rows.map((r) => r.id)).toEqual([target.id]);
    const byName = await call<Page>('portfolio.list', { q: target.customerName, limit: 1000 });
    expect(byName.rows.map((r) => r.id)).toContain(target.id);
    for (const r of byName.rows) expect(r.customerName.includes(target.customerName) || r.loanNo.includes(target.customerName)).toBe(true);
    const second = await call<Page>('portfolio.list', { offset: 50, limit: 50, sort: { field: 'loanNo', dir: 'asc' } });
    expect(second.rows[0]!.loanNo > all.rows[49]!.loanNo).toBe(true);
    expect(second.total).toBe(all.total);
  });

  it('exports the whole filtered set as CSV in the caller’s language', async () => {
    const page = await call<Page>('portfolio.list', { purposes: ['business'] });
    const csv = await call<OutputOf<'portfolio.exportCsv'>>('portfolio.exportCsv', { purposes: ['business'], locale: 'zh-CN' });
    expect(csv.rows).toBe(page.total);
    const lines = csv.csv.trimEnd().split('\r\n');
    expect(lines[0]!.startsWith('\uFEFF贷款编号,客户名称')).toBe(true);
    expect(lines.length).toBe(page.total + 1);
    expect(lines[1]).toMatch(/,经营,/);
    expect(lines[1]).toMatch(/,\d+\.\d{2},/);
    const en = await call<OutputOf<'portfolio.exportCsv'>>('portfolio.exportCsv', { purposes: ['business'], locale: 'en' });
    expect(en.csv.startsWith('\uFEFFLoan no.,Customer')).toBe(true);
  });
});

describe('loan view', () => {
  it('shows terms, schedule, payments and live delinquency that match the domain rules', async () => {
    const overdue = await call<Page>('portfolio.list', { minDpd: 1, limit: 1 });
    const loanId = overdue.rows[0]!.id;
    const detail = await call<OutputOf<'loan.get'>>('loan.get', { loanId });
    expect(detail.loan.id).toBe(loanId);
    expect(detail.schedule.reduce((s, r) => s + r.principal, 0)).toBe(detail.loan.principal);
    const dpd = daysPastDue(
      detail.schedule.map((r) => ({ dueDate: r.dueDate, principal: r.principal, interest: r.interest })),
      detail.payments.map((p) => ({ date: p.paidOn, amount: p.amount })),
      AS_OF,
    );
    expect(detail.metrics.dpd).toBe(dpd);
    expect(detail.metrics.dpd).toBe(overdue.rows[0]!.dpd);
    expect(detail.schedule.some((r) => r.status === 'overdue')).toBe(true);
  });

  it('does not show another branch’s loan', async () => {
    const other = store.read().sql.prepare(
      "SELECT id FROM loans WHERE branch_id <> (SELECT branch_id FROM users WHERE username = 'officer1') LIMIT 1",
    ).get() as { id: string };
    const res = await dispatch(session, 'loan.get', { loanId: other.id }, 'en');
    expect(res).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: 'Record not found' } });
  });
});
