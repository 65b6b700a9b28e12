// collections.queue: the agent's prioritized queue. The order is kept with each summary row
// (queueSummary.ts); only the page shown is explained part by part, from the pure priority rule.
import type { OutputOf, ParsedInputOf } from '../../../shared/api/contract';
import { hasAnyRole } from '../../../shared/auth/roles';
import { priorityOf } from '../../../shared/domain/collectionPriority';
import type { PromiseStatus } from '../../../shared/domain/vocabulary';
import { unreadableRecords } from '../../../db/local/queries/collections';
import { userDisplayNames } from '../../../db/local/queries/users';
import { readQueuePage } from '../../../db/local/queries/collectionQueue';
import { priorityInputOf } from './queueSummary';
import { collectionsAsOf } from './promises';
import { requireActor, type ServiceContext } from '../context';
import { branchTimeZone, policyOf } from '../policies';

export function queue(ctx: ServiceContext, input: ParsedInputOf<'collections.queue'>): OutputOf<'collections.queue'> {
  const actor = requireActor(ctx);
  const supervisor = hasAnyRole(actor.roles, ['supervisor']);
  // An agent always works their own queue; a supervisor may look at any agent's, or all.
  const collectorId = supervisor ? (input.collectorId && input.collectorId !== 'all' ? input.collectorId : null) : actor.userId;
  const r = ctx.store.read();
  // The order is kept with each row (queueSummary.ts); only the page shown is explained part by part.
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
