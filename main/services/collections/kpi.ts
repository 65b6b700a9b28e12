// Agent KPIs for a period (DOMAIN.md "KPIs"): attempts, right-party contact rate, PTP rate, kept rate,
// amount recovered — and beside the money, rule blocks, overrides and complaints, because collectors
// must not be appraised on amount recovered alone. Counting is SQL; promise status is the shared rule.
import type { OutputOf, ParsedInputOf } from '../../../shared/api/contract';
import { OUTCOME_CODES, OUTCOMES } from '../../../shared/domain/contactOutcomes';
import { addDays } from '../../../shared/domain/dates';
import { startOfLocalDay } from '../../../shared/domain/contactPolicyTime';
import { branchCollectors, kpiCounts, paymentsOfPromisedLoans, promisesFor, recoveredByCollector } from '../../../db/local/queries/collections';
import { userDisplayNames } from '../../../db/local/queries/users';
import { collectionsAsOf, promiseJudging } from './promises';
import { evaluatePromiseRow, paymentsByLoan } from './queueSummary';
import { requireActor, type ServiceContext } from '../context';
import { fieldError } from '../errors';
import { COLLECTION_FIELD_MESSAGES } from '../../../shared/i18n/workflowMessages';

const RIGHT_PARTY = OUTCOME_CODES.filter((c) => OUTCOMES[c].rightParty);
const NOT_ATTEMPTS = ['blocked', ...OUTCOME_CODES.filter((c) => !OUTCOMES[c].isAttempt)];

/** Start of a business day in the branch's zone as a UTC instant (contacts are stored in UTC). */
function dayStartUtc(date: string, timeZone: string): string {
  return new Date(startOfLocalDay(date, timeZone)).toISOString();
}

const ratio = (n: number, d: number): number | null => (d === 0 ? null : Math.round((n / d) * 10_000) / 10_000);

export function kpis(ctx: ServiceContext, input: ParsedInputOf<'collections.kpis'>): OutputOf<'collections.kpis'> {
  const actor = requireActor(ctx);
  if (input.from > input.to) throw fieldError(ctx.locale, 'to', COLLECTION_FIELD_MESSAGES.periodReversed);
  const r = ctx.store.read();
  const judging = promiseJudging(ctx);
  const counts = kpiCounts(r, actor.branchId, dayStartUtc(input.from, judging.timeZone), dayStartUtc(addDays(input.to, 1), judging.timeZone), RIGHT_PARTY, NOT_ATTEMPTS);
  const recovered = new Map(recoveredByCollector(r, actor.branchId, input.from, input.to).map((x) => [x.collectorId, x.recovered]));

  // Kept rate: promises whose deadline (promised date + grace) fell in the period — only those are
  // loaded, with their loans' payments, not the branch's whole promise history.
  const asOf = collectionsAsOf(ctx);
  const grace = judging.policy.graceDays;
  const promised = { from: addDays(input.from, -grace), to: input.to };
  const payments = paymentsByLoan(paymentsOfPromisedLoans(r, actor.branchId, promised));
  const due = new Map<string, { due: number; kept: number }>();
  for (const p of promisesFor(r, actor.branchId, { promisedFrom: promised.from, promisedTo: promised.to })) {
    if (!p.collectorId) continue;
    const e = evaluatePromiseRow(p, payments.get(p.loanId) ?? [], asOf, judging);
    if (e.status === 'pending' || e.deadline < input.from || e.deadline > input.to) continue;
    const agg = due.get(p.collectorId) ?? { due: 0, kept: 0 };
    agg.due += 1;
    if (e.status === 'kept') agg.kept += 1;
    due.set(p.collectorId, agg);
  }

  const names = userDisplayNames(r);
  const ids = new Set([...branchCollectors(r, actor.branchId).map((a) => a.id), ...counts.map((c) => c.collectorId)]);
  const byId = new Map(counts.map((c) => [c.collectorId, c]));
  const rows = [...ids].map((id) => {
    const c = byId.get(id);
    const d = due.get(id) ?? { due: 0, kept: 0 };
    const attempts = c?.attempts ?? 0;
    const rpc = c?.rightPartyContacts ?? 0;
    const promises = c?.promises ?? 0;
    return {
      collectorId: id,
      name: names.get(id) ?? id,
      attempts,
      rightPartyContacts: rpc,
      rightPartyRate: ratio(rpc, attempts),
      promises,
      ptpRate: ratio(promises, rpc),
      promisesDue: d.due,
      promisesKept: d.kept,
      keptRate: ratio(d.kept, d.due),
      recovered: recovered.get(id) ?? 0,
      blocks: c?.blocks ?? 0,
      overrides: c?.overrides ?? 0,
      complaints: c?.complaints ?? 0,
    };
  });
  rows.sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
  const sum = (k: 'attempts' | 'rightPartyContacts' | 'promises' | 'promisesDue' | 'promisesKept' | 'recovered' | 'blocks' | 'overrides' | 'complaints') =>
    rows.reduce((s, x) => s + x[k], 0);
  const totals = {
    attempts: sum('attempts'),
    rightPartyContacts: sum('rightPartyContacts'),
    rightPartyRate: ratio(sum('rightPartyContacts'), sum('attempts')),
    promises: sum('promises'),
    ptpRate: ratio(sum('promises'), sum('rightPartyContacts')),
    promisesDue: sum('promisesDue'),
    promisesKept: sum('promisesKept'),
    keptRate: ratio(sum('promisesKept'), sum('promisesDue')),
    recovered: sum('recovered'),
    blocks: sum('blocks'),
    overrides: sum('overrides'),
    complaints: sum('complaints'),
  };
  return { from: input.from, to: input.to, rows, totals };
}
