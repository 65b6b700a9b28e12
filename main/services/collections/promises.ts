// What the collections screens judge by: the branch's business date and how a promise to pay is judged
// (the published promise policy in the branch's zone).
import { todayInTimeZone } from '../../../shared/domain/dates';
import type { PromiseJudging } from './queueSummary';
import type { ServiceContext } from '../context';
import { branchTimeZone, policyOf } from '../policies';

export function collectionsAsOf(ctx: ServiceContext): string {
  return todayInTimeZone(ctx.clock(), branchTimeZone(ctx));
}

export function promiseJudging(ctx: ServiceContext): PromiseJudging {
  return { policy: policyOf(ctx, 'promise'), timeZone: branchTimeZone(ctx) };
}
