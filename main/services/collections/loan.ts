// collections.loan: a loan's collection screen — delinquency, escalation step, contact points, history,
// promises and holds. Promise status, penalty interest and the escalation step come from the pure rules
// in shared/domain, so what the screen says can be explained.
import type { OutputOf, ParsedInputOf } from '../../../shared/api/contract';
import { hasAnyRole } from '../../../shared/auth/roles';
import { localDateOf, todayInTimeZone } from '../../../shared/domain/dates';
import { consentStateOn, type ConsentRecord } from '../../../shared/domain/contactConsent';
import type { ConsentWay } from '../../../shared/domain/vocabulary';
import { escalationStep, lettersAllowed } from '../../../shared/domain/escalation';
import { loanDelinquency } from '../../../shared/domain/loanDelinquency';
import { contactPointsOf } from '../../../shared/mutations/collectionRules';
import { maskNumber } from '../../../shared/text/mask';
import { pickLabel } from '../../../shared/i18n/text';
import { customerConsents, loanCollectorId, loanContacts, loanOverrides, promisesFor, unreadableRecords } from '../../../db/local/queries/collections';
import type { ReadHandle } from '../../../db/local/store';
import { userDisplayName } from '../../../db/local/queries/users';
import { getLoan, listInstallments, listPayments } from '../../../db/local/queries/loans';
import { readRowById } from '../../../db/local/writePath';
import { evaluatePromiseRow } from './queueSummary';
import { collectionsAsOf, promiseJudging } from './promises';
import { requireActor, type ServiceContext } from '../context';
import { ServiceError } from '../errors';
import { policyOf } from '../policies';

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

export function loan(ctx: ServiceContext, input: ParsedInputOf<'collections.loan'>): OutputOf<'collections.loan'> {
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
    consents: consentsOf(r, loan.customerId, todayInTimeZone(ctx.clock(), contactPolicy.timeZone)),
    hold,
    unreadable: unreadableRecords(r, [loan.id]).map(({ table, id, field }) => ({ table, id, field })),
    policy: { code: contactPolicy.id, timeZone: contactPolicy.timeZone },
    canLog: true,
    canOverride: supervisor,
    now: ctx.clock().toISOString(),
  };
}

/** The customer's consents to late contact, each with its state on `today` and when it was withdrawn. */
function consentsOf(r: ReadHandle, customerId: string, today: string) {
  const rows = customerConsents(r, customerId);
  const records = rows.map((c) => ({ id: c.id, givenVia: c.givenVia, givenOn: c.givenOn, validUntil: c.validUntil, withdrawsId: c.withdrawsId }));
  return rows
    .filter((c) => c.withdrawsId === null)
    .map((c) => ({
      id: c.id,
      givenVia: c.givenVia as ConsentWay,
      givenOn: c.givenOn,
      validUntil: c.validUntil,
      note: c.note,
      recordedByName: c.recordedByName,
      state: consentStateOn(records.find((x) => x.id === c.id) as ConsentRecord, records, today),
      withdrawnOn: rows.find((w) => w.withdrawsId === c.id)?.givenOn ?? null,
    }));
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
