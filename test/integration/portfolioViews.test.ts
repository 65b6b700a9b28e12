// Saved portfolio views through the API dispatcher on a real SQLite file: kept per user in the
// preferences store, validated on the way in, and still there after the workstation restarts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutputOf } from '../../shared/api/contract';
import type { Envelope } from '../../shared/api/envelope';
import type { PortfolioView } from '../../shared/api/portfolioViewSchemas';
import { setPref } from '../../db/local/queries/prefs';
import type { LocalStore } from '../../db/local/store';
import { createDispatcher, type Dispatch } from '../../main/api/dispatcher';
import { SessionStore } from '../../main/services/session';
import { createFixture, openTestStore, PASSWORD, type Fixture } from '../helpers/fixtures';

type Views = OutputOf<'portfolio.views'>;

let fx: Fixture;
let store: LocalStore;
let dispatch: Dispatch;
let sessions: SessionStore;
const clock = () => new Date('2026-11-26T04:00:00Z');

function start(s: LocalStore): void {
  store = s;
  sessions = new SessionStore();
  dispatch = createDispatcher({ store, deviceId: 'd', clientId: 'c', clock });
}

async function signIn(username: string) {
  const session = sessions.slot(username);
  const res = await dispatch(session, 'auth.signIn', { username, password: PASSWORD }, 'zh-CN');
  if (!res.ok) throw new Error(`sign-in ${username}: ${res.error.code}`);
  return session;
}

async function callAs<T>(username: string, name: string, input: unknown, locale: 'zh-CN' | 'en' = 'zh-CN'): Promise<Envelope<T>> {
  return (await dispatch(await signIn(username), name, input, locale)) as Envelope<T>;
}

async function ok<T>(username: string, name: string, input: unknown): Promise<T> {
  const res = await callAs<T>(username, name, input);
  if (!res.ok) throw new Error(`${name}: ${res.error.code} ${JSON.stringify(res.error.fields)}`);
  return res.data;
}

const overdueByDpd: PortfolioView = {
  filters: { q: '', buckets: ['M2', 'M3'], fiveClasses: [], purposes: [], customerTypes: [], overdue: true, watchOrWorse: false },
  sort: { field: 'dpd', dir: 'desc' },
  columns: [{ colId: 'loanNo', width: 170 }, { colId: 'customerName', width: 190 }, { colId: 'dpd', width: 90 }, { colId: 'officerName', hide: true }],
};

beforeAll(() => {
  fx = createFixture();
  start(fx.store);
});
afterAll(() => store.close());

describe('saved portfolio views', () => {
  it('saves, lists, overwrites and deletes a view of the signed-in user', async () => {
    expect((await ok<Views>('officerA', 'portfolio.views', {})).views).toEqual([]);
    const saved = await ok<Views>('officerA', 'portfolio.saveView', { name: '  逾期大户  ', view: overdueByDpd });
    expect(saved.views).toEqual([{ ...overdueByDpd, name: '逾期大户', savedAt: clock().toISOString() }]);
    await ok<Views>('officerA', 'portfolio.saveView', { name: 'Watch list', view: { ...overdueByDpd, sort: { field: 'loanNo', dir: 'asc' } } });
    expect((await ok<Views>('officerA', 'portfolio.views', {})).views.map((v) => v.name)).toEqual(['逾期大户', 'Watch list']);

    // The same name again replaces the view only when asked to.
    const taken = await callAs('officerA', 'portfolio.saveView', { name: '逾期大户', view: overdueByDpd });
    expect(taken).toMatchObject({ ok: false, error: { code: 'VALIDATION', fields: { name: '已有同名视图，请换一个名称或选择覆盖' } } });
    const wider = { ...overdueByDpd, filters: { ...overdueByDpd.filters, buckets: [], watchOrWorse: true } };
    const overwritten = await ok<Views>('officerA', 'portfolio.saveView', { name: '逾期大户', view: wider, overwrite: true });
    expect(overwritten.views.map((v) => v.name)).toEqual(['逾期大户', 'Watch list']);
    expect(overwritten.views[0]!.filters).toEqual(wider.filters);

    const afterDelete = await ok<Views>('officerA', 'portfolio.deleteView', { name: 'Watch list' });
    expect(afterDelete.views.map((v) => v.name)).toEqual(['逾期大户']);
    expect(await callAs('officerA', 'portfolio.deleteView', { name: 'Watch list' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('does not show one user the views of another', async () => {
    expect((await ok<Views>('supervisorA', 'portfolio.views', {})).views).toEqual([]);
    await ok<Views>('supervisorA', 'portfolio.saveView', { name: '逾期大户', view: overdueByDpd });
    // The supervisor's view of the same name is theirs: deleting it leaves the officer's in place.
    await ok<Views>('supervisorA', 'portfolio.deleteView', { name: '逾期大户' });
    expect((await ok<Views>('officerA', 'portfolio.views', {})).views.map((v) => v.name)).toEqual(['逾期大户']);
    expect(await callAs('officerB', 'portfolio.deleteView', { name: '逾期大户' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('refuses bad input with a message on the field, in the caller language', async () => {
    const blank = await callAs('officerA', 'portfolio.saveView', { name: '   ', view: overdueByDpd });
    expect(blank).toMatchObject({ ok: false, error: { code: 'VALIDATION', fields: { name: '请输入视图名称' } } });
    const long = await callAs('officerA', 'portfolio.saveView', { name: 'x'.repeat(41), view: overdueByDpd }, 'en');
    expect(long).toMatchObject({ ok: false, error: { fields: { name: 'The name can be at most 40 characters' } } });

    const badBucket = { ...overdueByDpd, filters: { ...overdueByDpd.filters, buckets: ['M9'] } };
    const bucket = await callAs('officerA', 'portfolio.saveView', { name: 'b', view: badBucket });
    expect(bucket.ok).toBe(false);
    if (!bucket.ok) expect(Object.keys(bucket.error.fields ?? {})).toEqual(['view.filters.buckets.0']);
    const badColumn = { ...overdueByDpd, columns: [{ colId: 'password_hash' }] };
    const column = await callAs('officerA', 'portfolio.saveView', { name: 'c', view: badColumn });
    expect(column.ok).toBe(false);
    if (!column.ok) expect(Object.keys(column.error.fields ?? {})).toEqual(['view.columns.0.colId']);

    // The generic preference write cannot put an unchecked value where the views are kept.
    const bypass = await callAs('officerA', 'prefs.set', { key: 'portfolio.views', value: { v: 1, views: [{ name: 'x' }] } });
    expect(bypass).toMatchObject({ ok: false, error: { code: 'VALIDATION', fields: { key: '视图请通过贷款组合页面保存' } } });
    expect((await ok<Views>('officerA', 'portfolio.views', {})).views.map((v) => v.name)).toEqual(['逾期大户']);
  });

  it('keeps views and an earlier column preference across a restart', async () => {
    // The column state an earlier release stored (ag-grid's full column state, version 1).
    const earlierColumns = {
      v: 1,
      columns: [
        { colId: 'loanNo', width: 170, hide: false, pinned: 'left', sort: null, sortIndex: null, flex: null },
        { colId: 'customerName', width: 220, hide: false, pinned: null, sort: 'asc', sortIndex: 0, flex: null },
        { colId: 'officerName', width: 120, hide: true, pinned: null, sort: null, sortIndex: null, flex: null },
      ],
    };
    store.transaction((w) => setPref(w, fx.users.officerA!.id, 'portfolio.columns', earlierColumns));
    // A stored view a later release would no longer accept is left out, the others still list.
    const stored = (await ok<Views>('officerA', 'portfolio.views', {})).views;
    store.transaction((w) => setPref(w, fx.users.officerA!.id, 'portfolio.views', { v: 1, views: [...stored, { name: 'gone', filters: {} }] }));

    store.close();
    start(openTestStore(fx.file));
    expect((await ok<Views>('officerA', 'portfolio.views', {})).views).toEqual(stored);
    expect(await ok<{ value: unknown }>('officerA', 'prefs.get', { key: 'portfolio.columns' })).toEqual({ value: earlierColumns });
    expect((await ok<Views>('supervisorA', 'portfolio.views', {})).views).toEqual([]);
  });
});
