// Keeps collection_queue, the per-loan summary the collections queue reads: rebuilt for the loans whose
// figures the metrics refresh recomputed, and for the loans whose contacts, promises or assignment a
// write touched — in that write's transaction, so the queue is never behind the contact log.
import { daysBetween, isBusinessDate, localDateOf } from '../../../shared/domain/dates';
import { priorityOf, type PriorityInput } from '../../../shared/domain/collectionPriority';
import { BUCKETS, type Bucket } from '../../../shared/domain/vocabulary';
import { evaluatePromise, type PromisePolicy } from '../../../shared/domain/promiseToPay';
import { CONTACT_STICKY_OUTCOMES, type Row } from '../../../shared/mutations/types';
import { paymentsOfPromisedLoans, promisesFor, queueFacts, type PromiseRow } from '../../../db/local/queries/collections';
import { readQueueRow, replaceQueueRows, updateQueueRow, type CollectionQueueRow } from '../../../db/local/queries/collectionQueue';
import { branchFacts, policyValue } from '../../../db/local/queries/policies';
import type { WriteHandle } from '../../../db/local/store';
import { readRowById } from '../../../db/local/writePath';

/** How promises are judged at a branch: its promise policy, on its calendar. */
export interface PromiseJudging {
  policy: PromisePolicy;
  timeZone: string;
}

/** A stored promise evaluated on `asOf`; it was made on the local day of the contact that took it. */
export function evaluatePromiseRow(p: PromiseRow, payments: readonly { date: string; amount: number }[], asOf: string, judging: PromiseJudging) {
  const madeOn = localDateOf(p.madeAt, judging.timeZone);
  return evaluatePromise({ amount: p.amount, promisedOn: p.promisedOn, madeOn: madeOn <= p.promisedOn ? madeOn : p.promisedOn }, payments, asOf, judging.policy);
}

/** Payments grouped by loan, in the shape promise evaluation takes. */
export function paymentsByLoan(rows: readonly { loanId: string; date: string; amount: number }[], keep?: ReadonlySet<string>): Map<string, { date: string; amount: number }[]> {
  const out = new Map<string, { date: string; amount: number }[]>();
  for (const p of rows) {
    if (keep && !keep.has(p.loanId)) continue;
    let list = out.get(p.loanId);
    if (!list) out.set(p.loanId, (list = []));
    list.push({ date: p.date, amount: p.amount });
  }
  return out;
}

/** What the priority rules read of a queue row, judged on the row's own date in the branch's zone. */
export function priorityInputOf(
  row: Pick<CollectionQueueRow, 'loanId' | 'asOf' | 'bucket' | 'overduePrincipal' | 'overdueInterest' | 'brokenPromises' | 'lastContactAt' | 'phoneNumbers' | 'invalidNumbers' | 'pendingPromiseDue'>,
  timeZone: string,
): PriorityInput {
  return {
    loanId: row.loanId,
    bucket: row.bucket as Bucket,
    overdueAmount: row.overduePrincipal + row.overdueInterest,
    brokenPromises: row.brokenPromises,
    daysSinceLastContact: row.lastContactAt ? Math.max(0, daysBetween(localDateOf(row.lastContactAt, timeZone), row.asOf)) : null,
    contactability: row.phoneNumbers === 0 ? 'no_number' : row.invalidNumbers >= row.phoneNumbers ? 'all_invalid' : 'reachable',
    pendingPromiseDueInDays: daysToDeadline(row.asOf, row.pendingPromiseDue),
  };
}

type PromiseSummary = Pick<CollectionQueueRow, 'brokenPromises' | 'promiseStatus' | 'promiseAmount' | 'promiseOn' | 'pendingPromiseDue'>;
const NO_PROMISES: PromiseSummary = { brokenPromises: 0, promiseStatus: null, promiseAmount: null, promiseOn: null, pendingPromiseDue: null };

function promiseSummaries(
  w: WriteHandle,
  branchId: string,
  loanIds: readonly string[] | null,
  asOfOf: (loanId: string) => string,
  judging: PromiseJudging,
): Map<string, PromiseSummary> {
  const payments = paymentsByLoan(paymentsOfPromisedLoans(w, branchId, undefined, loanIds ?? undefined));
  const out = new Map<string, PromiseSummary>();
  // promisesFor is ordered by promised date: the last one seen is the latest promise.
  for (const p of promisesFor(w, branchId, loanIds ? { loanIds } : {})) {
    const e = evaluatePromiseRow(p, payments.get(p.loanId) ?? [], asOfOf(p.loanId), judging);
    const s = { ...(out.get(p.loanId) ?? NO_PROMISES) };
    if (e.status === 'broken') s.brokenPromises += 1;
    if (e.status === 'pending' && (s.pendingPromiseDue === null || e.deadline < s.pendingPromiseDue)) s.pendingPromiseDue = e.deadline;
    s.promiseStatus = e.status;
    s.promiseAmount = p.amount;
    s.promiseOn = p.promisedOn;
    out.set(p.loanId, s);
  }
  return out;
}

/**
 * Rebuilds the queue rows of `loanIds` (every loan when null) as of each loan's metrics date: the
 * figures of loan_metrics, the last attempt, contactability and the promises judged by each branch's
 * policy. A loan without metrics, not delinquent or not active has no row.
 */
export function refreshCollectionQueue(w: WriteHandle, loanIds: readonly string[] | null, now: Date): void {
  if (loanIds?.length === 0) return;
  const facts = queueFacts(w, loanIds);
  const asOfByLoan = new Map(facts.map((f) => [f.loanId, f.asOf]));
  const byBranch = new Map<string, typeof facts>();
  for (const f of facts) {
    let list = byBranch.get(f.branchId);
    if (!list) byBranch.set(f.branchId, (list = []));
    list.push(f);
  }
  const rows: CollectionQueueRow[] = [];
  for (const [branchId, list] of byBranch) {
    const judging = { policy: policyValue(w, 'promise', branchId, now), timeZone: branchFacts(w, branchId).timeZone };
    const priority = policyValue(w, 'priority', branchId, now);
    const asOfOf = (loanId: string) => asOfByLoan.get(loanId) as string;
    const promises = promiseSummaries(w, branchId, loanIds ? list.map((f) => f.loanId) : null, asOfOf, judging);
    for (const f of list) {
      const row = { ...f, ...(promises.get(f.loanId) ?? NO_PROMISES) };
      const input = priorityInputOf(row, judging.timeZone);
      const order = { priorityScore: priorityOf(input, priority).score, bucketRank: BUCKETS.indexOf(input.bucket), overdueAmount: input.overdueAmount };
      rows.push({ ...row, ...order });
    }
  }
  replaceQueueRows(w, loanIds, rows);
}

/** Tables whose rows feed a loan's queue row, and the column naming the loan. */
const QUEUE_SOURCES: Readonly<Record<string, string>> = { contacts: 'loan_id', promises_to_pay: 'loan_id', collection_assignments: 'loan_id' };

/** A written row as the write path knows it (op and values), or as an undo names it (its before-image). */
type WrittenRow = { table: string; id: string } & ({ op: 'insert' | 'update'; values: Row } | { before?: Row | null });

/**
 * Refreshes the queue rows of the loans that written rows belong to (contacts, promises, assignments),
 * reading each row's loan from its current state or, for a row taken back, its before-image. A contact
 * logged alone is the common write (every call an agent makes): its loan's row is updated from the
 * contact itself when that gives exactly what a rebuild would.
 */
export function refreshQueueAfterWrites(w: WriteHandle, written: readonly WrittenRow[], now: Date): void {
  const only = written.length === 1 ? written[0] : undefined;
  if (only && 'op' in only && only.op === 'insert' && only.table === 'contacts' && queueAfterNewContact(w, only.values, now)) return;
  const loans = new Set<string>();
  for (const x of written) {
    const column = QUEUE_SOURCES[x.table];
    if (!column) continue;
    const loanId = (readRowById(w, x.table as 'contacts', x.id) ?? ('before' in x ? x.before : undefined) ?? undefined)?.[column];
    if (typeof loanId === 'string') loans.add(loanId);
  }
  if (loans.size > 0) refreshCollectionQueue(w, [...loans], now);
}

const NOT_ATTEMPT_OUTCOMES: readonly unknown[] = ['blocked', 'cleared_by_supervisor'];
const INVALID_NUMBER_OUTCOMES: readonly unknown[] = CONTACT_STICKY_OUTCOMES.invalidNumber;

/**
 * The queue row after one new contact, without the rebuild's reads: the contact can only become the
 * loan's last attempt (a later, well-formed instant), which moves the next action and the priority.
 * Returns false — the caller rebuilds the row — where the answer needs the history: a dead number
 * (contactability is counted), a start equal to the last attempt's (the rebuild's tie order decides), a
 * start or next-action date the rebuild would not read as real.
 */
function queueAfterNewContact(w: WriteHandle, contact: Row, now: Date): boolean {
  const loanId = contact['loan_id'];
  const startedAt = contact['started_at'];
  const nextActionOn = contact['next_action_on'] ?? null;
  if (typeof loanId !== 'string' || typeof startedAt !== 'string') return false;
  if (INVALID_NUMBER_OUTCOMES.includes(contact['outcome'])) return false;
  const stored = readQueueRow(w, loanId);
  // No row: the loan is not in the queue, and a contact does not change its figures or state.
  if (!stored || NOT_ATTEMPT_OUTCOMES.includes(contact['outcome'])) return true;
  const instant = Date.parse(startedAt);
  if (!Number.isFinite(instant) || new Date(instant).toISOString() !== startedAt) return false;
  if (nextActionOn !== null && !isBusinessDate(nextActionOn)) return false;
  if (stored.lastContactAt !== null && startedAt <= stored.lastContactAt) return startedAt < stored.lastContactAt;
  const row: CollectionQueueRow = { ...stored, lastContactAt: startedAt, lastOutcome: String(contact['outcome']), nextActionOn: nextActionOn as string | null };
  const input = priorityInputOf(row, branchFacts(w, row.branchId).timeZone);
  row.priorityScore = priorityOf(input, policyValue(w, 'priority', row.branchId, now)).score;
  updateQueueRow(w, stored, row);
  return true;
}

/** Days from the queue's date to a pending promise's deadline (0 when it is today or past). */
function daysToDeadline(asOf: string, deadline: string | null): number | null {
  return deadline === null ? null : Math.max(0, daysBetween(asOf, deadline));
}
