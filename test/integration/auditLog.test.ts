// The audit log as an auditor reads it, through the API dispatcher on a real SQLite file: real work
// is done first (a due-diligence case answered, submitted, returned, resubmitted and approved; a
// contact rule overridden, a call logged, a note added), then the log must name each event in words,
// name the customer, loan and case by their numbers, say what each action did (a submit says
// submitted, a return returned), show the values before and after, filter in the query by family,
// action and person, and export the same rows as CSV.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Envelope, Locale } from '../../shared/api/envelope';
import { createDispatcher } from '../../main/api/dispatcher';
import { refreshLoanMetrics } from '../../main/services/metrics';
import { SessionStore } from '../../main/services/session';
import { seedShippedTemplates } from '../../db/local/seed';
import { createFixture, PASSWORD, serviceContext, type Fixture } from '../helpers/fixtures';
import { fillCase } from '../helpers/ddFill';

const NOW = Date.parse('2026-11-26T02:00:00Z'); // 10:00 in Shanghai
const APPLICATION = { purpose: 'consumer', amount: 10_000_000, termMonths: 24, annualRate: '4.35', method: 'equal_installment' } as const;
const OVERRIDE_REASON = '客户白天上班，书面同意晚间联系';
const RETURN_COMMENT = '请补充收入证明';
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
const RAW_CODE = /\b(ddCase|ddAnswer|policyOverride|contactHold|loanNote)\.|form_response|dd_case|quiet_hours|no_answer|policy_override|\bsubmitted\b/;

interface Change {
  field: string;
  before: string | null;
  after: string | null;
}
interface Entry {
  seq: number;
  atText: string;
  actorName: string | null;
  action: string;
  family: string | null;
  event: string;
  customerName: string | null;
  customerNo: string | null;
  loanNo: string | null;
  caseNo: string | null;
  description: string;
  changes: Change[];
}
interface Listed {
  entries: Entry[];
  total: number;
  choices: { families: { value: string; label: string }[]; actions: { value: string; family: string }[]; people: { value: string; label: string }[] };
}

let fx: Fixture;
let call: (user: string, locale?: Locale) => (name: string, input: unknown) => Promise<Envelope<unknown>>;

function ok<T>(env: Envelope<unknown>): T {
  if (!env.ok) throw new Error(`${env.error.code}: ${env.error.message} ${JSON.stringify(env.error.fields ?? env.error.details ?? {})}`);
  return env.data as T;
}

/** What a person reads of an entry (not the machine fields: action, ids). */
function readable(e: Entry): string {
  return [e.atText, e.actorName, e.event, e.customerName, e.customerNo, e.loanNo, e.caseNo, e.description, ...e.changes.flatMap((c) => [c.field, c.before, c.after])].join(' | ');
}

/** RFC 4180 CSV into rows of cells (quoted cells may hold commas, quotes and line ends). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += ch;
  }
  return rows;
}

let caseId = '';

beforeEach(async () => {
  fx = createFixture();
  fx.store.transaction((w) => {
    seedShippedTemplates(w, '2026-01-01T00:00:00.000Z');
    w.sql.prepare('UPDATE customers SET contact_points = ? WHERE id = ?').run(JSON.stringify([{ kind: 'mobile', value: '13800001234', party: 'borrower', name: '客户A' }]), 'cust-A');
  });
  refreshLoanMetrics(fx.store, '2026-11-26');
  const dispatch = createDispatcher({ store: fx.store, deviceId: 'd', clientId: 'c', clock: () => new Date(NOW) });
  const sessions = new SessionStore();
  const slots = new Map<string, ReturnType<SessionStore['slot']>>();
  call = (user, locale = 'zh-CN') => {
    let slot = slots.get(user);
    if (!slot) slots.set(user, (slot = sessions.slot(user)));
    const s = slot;
    return (name, input) => dispatch(s, name, input, locale);
  };
  for (const u of ['officerA', 'supervisorA', 'collectorA']) ok(await call(u)('auth.signIn', { username: u, password: PASSWORD }));

  // Real work through the services, each audited by the write path.
  const officer = call('officerA');
  const supervisor = call('supervisorA');
  const [template] = ok<{ templates: { id: string }[] }>(await officer('dd.templates', { customerId: 'cust-A', purpose: 'consumer' })).templates;
  caseId = ok<{ caseId: string }>(await officer('dd.open', { customerId: 'cust-A', templateId: template?.id, application: APPLICATION })).caseId;
  ok(await officer('dd.answer', { caseId, itemKey: 'monthly_income', value: 1_500_000 }));
  ok(await officer('dd.answer', { caseId, itemKey: 'monthly_income', value: 2_000_000 }));
  await fillCase(serviceContext(fx, 'officerA', () => new Date(NOW)), caseId);
  ok(await officer('dd.submit', { caseId }));
  ok(await supervisor('dd.decide', { caseId, submissionNo: 1, decision: 'return', comment: RETURN_COMMENT }));
  ok(await officer('dd.submit', { caseId }));
  ok(await supervisor('dd.decide', { caseId, submissionNo: 2, decision: 'approve', comment: '同意', approvedAmountFen: 8_000_000, conditions: '' }));
  ok(await supervisor('collections.override', { loanId: fx.loanA, ruleCode: 'quiet_hours', reason: OVERRIDE_REASON }));
  ok(await call('collectorA')('collections.logContact', { loanId: fx.loanA, channel: 'phone', party: 'borrower', contactPoint: 0, startedAt: '2026-11-26T01:00:00Z', outcome: 'no_answer' }));
  ok(await officer('loan.addNote', { loanId: fx.loanA, body: '客户称下月初还款' }));
});
afterEach(() => fx.store.close());

const list = async (input: Record<string, unknown> = {}, locale: Locale = 'zh-CN') => ok<Listed>(await call('supervisorA', locale)('audit.list', { limit: 500, ...input }));
const only = (entries: Entry[], action: string) => entries.filter((e) => e.action === action);

describe('the audit log in words', () => {
  it('names every event and its customer, loan and case, says what each action did and shows before and after', async () => {
    const { entries } = await list();
    expect(entries.length).toBeGreaterThan(10);
    for (const e of entries) {
      expect(readable(e)).not.toMatch(UUID);
      expect(readable(e)).not.toMatch(RAW_CODE);
      expect(e.atText).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    }
    const caseNo = entries.find((e) => e.action === 'ddCase.open')?.caseNo ?? '';
    expect(caseNo).toMatch(/^DD\d{8}-[0-9A-F]{6}$/);

    const dd = entries.filter((e) => e.family === 'due_diligence');
    for (const e of dd) expect(e).toMatchObject({ customerName: '客户A', customerNo: 'C00A', caseNo });

    const [resubmit, submit] = only(entries, 'ddCase.submit'); // newest first
    expect(submit).toMatchObject({ event: '提交审批', actorName: 'officer A', description: '提交审批（第 1 次提交）' });
    expect(submit?.changes).toEqual([
      { field: '案件状态', before: '草稿', after: '待审批' },
      { field: '提交次数', before: '0', after: '1' },
    ]);
    expect(resubmit?.changes[0]).toEqual({ field: '案件状态', before: '已退回', after: '待审批' });
    const [returned] = only(entries, 'ddCase.return');
    expect(returned).toMatchObject({ event: '退回修改', actorName: 'supervisor A' });
    expect(returned?.description).toBe(`退回第 1 次提交，要求修改，意见：${RETURN_COMMENT}`);
    expect(returned?.changes).toContainEqual({ field: '案件状态', before: '待审批', after: '已退回' });
    const [approved] = only(entries, 'ddCase.approve');
    expect(approved?.description).toBe('审批通过第 2 次提交，批准金额 ¥80,000.00，意见：同意');
    expect(approved?.changes).toContainEqual({ field: '批准金额', before: null, after: '¥80,000.00' });

    // The money answer changed twice: the second entry shows the first value as before, both in yuan.
    const income = only(entries, 'ddAnswer.set').filter((e) => e.changes[0]?.after === '¥20,000.00');
    expect(income).toHaveLength(1);
    expect(income[0]?.changes[0]?.before).toBe('¥15,000.00');
    expect(income[0]?.description).toMatch(/^填写「.+」：¥20,000\.00$/);

    const [override] = only(entries, 'policyOverride.grant');
    expect(override).toMatchObject({ event: '主管特批联系规则', customerName: '客户A', customerNo: 'C00A', loanNo: 'LN-A-1', caseNo: null });
    expect(override?.description).toContain('「夜间禁止联系」');
    expect(override?.description).toContain(OVERRIDE_REASON);
    expect(override?.changes).toContainEqual({ field: '特批规则', before: null, after: '夜间禁止联系' });

    const [contact] = only(entries, 'contact.log');
    expect(contact).toMatchObject({ event: '记录催收联系', loanNo: 'LN-A-1', description: '电话联系借款人，结果：无人接听' });
    expect(contact?.changes).toContainEqual({ field: '联系时间', before: null, after: '2026-11-26 09:00' });
    const [note] = only(entries, 'loanNote.add');
    expect(note).toMatchObject({ event: '添加贷款备注', loanNo: 'LN-A-1', description: '备注：客户称下月初还款' });

    // English, from the same catalog.
    const en = (await list({}, 'en')).entries;
    expect(only(en, 'ddCase.submit')[1]).toMatchObject({ event: 'Case submitted for approval', description: 'Submitted for approval (submission 1)' });
    expect(only(en, 'ddCase.return')[0]?.changes).toContainEqual({ field: 'Case status', before: 'Awaiting decision', after: 'Returned' });
    expect(only(en, 'policyOverride.grant')[0]?.changes).toContainEqual({ field: 'Rule overridden', before: null, after: 'No contact at night' });
  });

  it('filters by family, action and person in the query, and refuses filters it does not know', async () => {
    const all = await list();
    const dd = await list({ family: 'due_diligence' });
    expect(dd.total).toBe(all.entries.filter((e) => e.family === 'due_diligence').length);
    expect(dd.entries.every((e) => e.family === 'due_diligence')).toBe(true);
    const collections = await list({ family: 'collections' });
    expect(collections.entries.map((e) => e.action).sort()).toEqual(['contact.log', 'policyOverride.grant']);
    expect((await list({ family: 'loan' })).entries.map((e) => e.action)).toEqual(['loanNote.add']);

    const supervisorId = fx.users['supervisorA']?.id;
    const bySupervisor = await list({ actorId: supervisorId });
    expect(bySupervisor.entries.map((e) => e.action).sort()).toEqual(['ddCase.approve', 'ddCase.return', 'policyOverride.grant']);
    expect((await list({ family: 'due_diligence', actorId: supervisorId })).total).toBe(2);
    expect((await list({ family: 'due_diligence', action: 'ddCase.submit' })).total).toBe(2);
    expect((await list({ family: 'collections', action: 'ddCase.submit' })).total).toBe(0);
    // Paged in SQL: the total counts the filtered entries, the page holds at most the limit.
    const page = await list({ family: 'due_diligence', limit: 3, offset: 0 });
    expect(page.entries).toHaveLength(3);
    expect(page.total).toBe(dd.total);
    // A day with nothing and the day of the work.
    expect((await list({ from: '2026-11-27' })).total).toBe(0);
    expect((await list({ from: '2026-11-26', to: '2026-11-26' })).total).toBe(all.total);

    expect(all.choices.families.map((f) => f.label)).toEqual(['贷前尽职调查', '催收', '贷款管理']);
    expect(all.choices.people.map((p) => p.label).sort()).toEqual(['collector A', 'officer A', 'supervisor A']);

    const refused = await call('supervisorA')('audit.list', { family: 'everything' });
    expect(refused.ok === false && refused.error.code).toBe('VALIDATION');
    const denied = await call('officerA')('audit.list', {});
    expect(denied.ok === false && denied.error.code).toBe('FORBIDDEN');
  });

  it('exports the filtered entries as CSV with the same words, for Excel', async () => {
    const shown = await list({ family: 'due_diligence' });
    const out = ok<{ fileName: string; csv: string; rows: number }>(await call('supervisorA')('audit.exportCsv', { family: 'due_diligence' }));
    expect(out.fileName).toBe('audit-log-2026-11-26.csv');
    expect(out.csv.startsWith('\uFEFF')).toBe(true);
    const [header, ...rows] = parseCsv(out.csv.slice(1));
    expect(header).toEqual(['序号', '时间', '操作人', '业务类别', '操作', '客户名称', '客户号', '贷款编号', '尽调案件编号', '说明', '变更前', '变更后']);
    expect(out.rows).toBe(shown.total);
    expect(rows).toHaveLength(shown.total);
    expect(rows.map((r) => r[4])).toEqual(shown.entries.map((e) => e.event));
    const returned = rows.find((r) => r[4] === '退回修改');
    const entry = shown.entries.find((e) => e.action === 'ddCase.return');
    expect(returned).toEqual([
      String(entry?.seq), entry?.atText, 'supervisor A', '贷前尽职调查', '退回修改', '客户A', 'C00A', '', entry?.caseNo, entry?.description,
      '案件状态：待审批', `案件状态：已退回\n审批意见：${RETURN_COMMENT}`,
    ]);
    for (const r of rows) expect(r.join(' ')).not.toMatch(UUID);

    const en = ok<{ csv: string }>(await call('supervisorA', 'en')('audit.exportCsv', { family: 'loan' }));
    const [enHeader, enRow] = parseCsv(en.csv.slice(1));
    expect(enHeader?.[4]).toBe('Event');
    expect(enRow?.slice(4, 8)).toEqual(['Loan note added', '客户A', 'C00A', 'LN-A-1']);
  });
});
