// Collections (催收) read side: the agent's prioritized queue and a loan's collection screen. The
// priority, promise status, penalty interest and escalation step come from the pure rules in
// shared/domain, so the order on screen can be explained part by part.
import type { OutputOf, ParsedInputOf } from '../../shared/api/contract';
import { hasAnyRole } from '../../shared/auth/roles';
import { priorityOf } from '../../shared/domain/collectionPriority';
import { localDateOf, todayInTimeZone } from '../../shared/domain/dates';
import { escalationStep, lettersAllowed } from '../../shared/domain/escalation';
import { loanDelinquency } from '../../shared/domain/loanDelinquency';
import type { PromiseStatus } from '../../shared/domain/vocabulary';
import { contactPointsOf } from '../../shared/mutations/collectionRules';
import { maskNumber } from '../../shared/text/mask';
import { pickLabel } from '../../shared/i18n/text';
import { branchCollectors, loanCollectorId, loanContacts, loanOverrides, promisesFor, unreadableRecords } from '../../db/local/queries/collections';
import { userDisplayName, userDisplayNames } from '../../db/local/queries/users';
import { readQueuePage } from '../../db/local/queries/collectionQueue';
import { evaluatePromiseRow, paymentsByLoan, priorityInputOf, type PromiseJudging } from './collectionQueue';
import { getLoan, listInstallments, listPayments } from '../../db/local/queries/loans';
import { readRowById } from '../../db/local/writePath';
import { requireActor, type ServiceContext } from './context';
import { ServiceError } from './errors';
import { branchTimeZone, policyOf } from './policies';

export function collectionsAsOf(ctx: ServiceContext): string {
  return todayInTimeZone(ctx.clock(), branchTimeZone(ctx));
}

export { evaluatePromiseRow, paymentsByLoan, type PromiseJudging };

export function promiseJudging(ctx: ServiceContext): PromiseJudging {
  return { policy: policyOf(ctx, 'promise'), timeZone: branchTimeZone(ctx) };
}

export function collectionsQueue(ctx: ServiceContext, input: ParsedInputOf<'collections.queue'>): OutputOf<'collections.queue'> {
  const actor = requireActor(ctx);
  const supervisor = hasAnyRole(actor.roles, ['supervisor']);
  // An agent always works their own queue; a supervisor may look at any agent's, or all.
  const collectorId = supervisor ? (input.collectorId && input.collectorId !== 'all' ? input.collectorId : null) : actor.userId;
  const r = ctx.store.read();
  // The order is kept with each row (collectionQueue.ts); only the page shown is explained part by part.
  const { rows: page, total } = readQueuePage(r, actor.branchId, {
    collectorId,
    q: input.q,
    buckets: input.buckets,
    promiseStatuses: input.promiseStatuses,
    lastOutcomes: input.lastOutcomes,
    offset: input.offset,
    limit: input.limit,
  });
  const timeZone = branchTimeZone(ctx, r);
  const priorityPolicy = policyOf(ctx, 'priority', r);
  const names = userDisplayNames(r);
  const unreadable = new Map<string, number>();
  for (const u of unreadableRecords(r, page.map((row) => row.loanId))) unreadable.set(u.loanId, (unreadable.get(u.loanId) ?? 0) + 1);
  const rows = page.map((row) => {
    const priorityInput = priorityInputOf(row, timeZone);
    const priority = priorityOf(priorityInput, priorityPolicy);
    return {
      loanId: row.loanId,
      loanNo: row.loanNo,
      customerName: row.customerName,
      bucket: priorityInput.bucket,
      dpd: row.dpd,
      overdueAmount: priorityInput.overdueAmount,
      collectorId: row.collectorId,
      collectorName: row.collectorId ? (names.get(row.collectorId) ?? null) : null,
      lastContactAt: row.lastContactAt,
      lastOutcome: row.lastOutcome,
      nextActionOn: row.nextActionOn,
      promise:
        row.promiseStatus && row.promiseOn && row.promiseAmount !== null
          ? { status: row.promiseStatus as PromiseStatus, amount: row.promiseAmount, promisedOn: row.promiseOn }
          : null,
      brokenPromises: row.brokenPromises,
      priority: { score: priority.score, parts: priority.parts.map((p) => ({ code: p.code, points: p.points, labelZh: p.label.zh, labelEn: p.label.en })) },
      unreadable: unreadable.get(row.loanId) ?? 0,
    };
  });
  return { rows, total, asOf: collectionsAsOf(ctx) };
}

/** The loan if it is this branch's and the caller may work it (its collector, or a supervisor). */
export function workableLoan(ctx: ServiceContext, loanId: string) {
  const actor = requireActor(ctx);
  const r = ctx.store.read();
  const loan = getLoan(r, loanId);
  if (!loan || loan.branchId !== actor.branchId) throw new ServiceError('NOT_FOUND');
  const collectorId = loanCollectorId(r, loanId);
  const supervisor = hasAnyRole(actor.roles, ['supervisor']);
  if (!supervisor && collectorId !== actor.userId) throw new ServiceError('FORBIDDEN');
  return { loan, collectorId, supervisor, isOwnCollector: collectorId === actor.userId };
}

export function loanCollection(ctx: ServiceContext, input: ParsedInputOf<'collections.loan'>): OutputOf<'collections.loan'> {
  const actor = requireActor(ctx);
  const { loan, collectorId, supervisor, isOwnCollector } = workableLoan(ctx, input.loanId);
  const r = ctx.store.read();
  const asOf = collectionsAsOf(ctx);
  const installments = listInstallments(r, loan.id);
  const payments = listPayments(r, loan.id).map((p) => ({ date: p.paidOn, amount: p.amount }));
  const view = loanDelinquency({ annualRate: loan.annualRate, installments }, payments, asOf, policyOf(ctx, 'penalty', r));
  const escalation = policyOf(ctx, 'escalation', r);
  const step = escalationStep(view.bucket, escalation);
  const contactPolicy = policyOf(ctx, 'contact', r);
  const judging = promiseJudging(ctx);
  const customer = readRowById(r, 'customers', loan.customerId);
  const contacts = loanContacts(r, loan.id);
  const collectorName = collectorId ? userDisplayName(r, collectorId) : null;
  // The number in full only for the collector who dials it; everyone else sees the last 4 digits.
  const showFull = isOwnCollector;
  const hold = activeHold(contacts);
  return {
    loan: {
      id: loan.id,
      loanNo: loan.loanNo,
      customerName: String(customer?.['name'] ?? ''),
      customerNo: String(customer?.['customer_no'] ?? ''),
      product: loan.product,
      principal: loan.principal,
      annualRate: loan.annualRate,
      collectorId,
      collectorName,
    },
    asOf,
    delinquency: {
      dpd: view.dpd,
      bucket: view.bucket,
      overduePrincipal: view.overduePrincipal,
      overdueInterest: view.overdueInterest,
      penaltyInterest: view.penaltyInterest + view.compoundInterest,
      totalToCure: view.totalToCure,
    },
    escalation: {
      step: step.step,
      allowedChannels: [...step.allowedChannels],
      expected: step.expected.map((e) => pickLabel(e.label, ctx.locale)),
      letters: lettersAllowed(view.bucket, escalation),
      labelZh: step.label.zh,
      labelEn: step.label.en,
    },
    contactPoints: contactPointsOf(customer).map((p, index) => ({
      index,
      party: p.party,
      relation: p.relation,
      kind: p.kind,
      name: p.name,
      value: showFull ? p.value : maskNumber(p.value),
      masked: !showFull,
    })),
    contacts: contacts.map((c) => ({
      id: c.id,
      startedAt: c.startedAt,
      channel: c.channel,
      party: c.party,
      partyRelation: c.partyRelation,
      addressMasked: c.addressUsed === null ? null : showFull ? c.addressUsed : maskNumber(c.addressUsed),
      outcome: c.outcome,
      durationSeconds: c.durationSeconds,
      note: c.note,
      nextActionOn: c.nextActionOn,
      collectorName: c.collectorName,
      correctsId: c.correctsId,
      correctedById: c.correctedById,
      complaint: c.complaint === 1,
      overrideIds: c.overrideIds ? (JSON.parse(c.overrideIds) as string[]) : [],
    })),
    promises: promisesFor(r, actor.branchId, { loanId: loan.id }).map((p) => {
      const e = evaluatePromiseRow(p, payments, asOf, judging);
      return { id: p.id, amount: p.amount, promisedOn: p.promisedOn, madeOn: localDateOf(p.madeAt, judging.timeZone), status: e.status, paid: e.paid };
    }),
    overrides: loanOverrides(r, loan.id),
    hold,
    unreadable: unreadableRecords(r, [loan.id]).map(({ table, id, field }) => ({ table, id, field })),
    policy: { code: contactPolicy.id, timeZone: contactPolicy.timeZone },
    canLog: true,
    canOverride: supervisor,
    now: ctx.clock().toISOString(),
  };
}

/** The newest loan-wide hold (a dispute, the borrower's stop request) not cleared by a supervisor since, if any. */
function activeHold(contacts: ReturnType<typeof loanContacts>): { code: string; since: string } | null {
  // contacts are newest first: a clearing entry before any hold means nothing is holding.
  for (const c of contacts) {
    if (c.correctedById) continue;
    if (c.outcome === 'cleared_by_supervisor') return null;
    // A dispute holds the whole loan; a stop request holds the party who made it — the loan only when
    // that is the borrower (then third parties are held too). Others show in the rule check instead.
    if (c.outcome === 'dispute' || (c.outcome === 'asked_to_stop' && c.party === 'borrower')) return { code: c.outcome, since: c.startedAt };
  }
  return null;
}

export function collectionAgents(ctx: ServiceContext): OutputOf<'collections.agents'> {
  const actor = requireActor(ctx);
  return { agents: branchCollectors(ctx.store.read(), actor.branchId) };
}
