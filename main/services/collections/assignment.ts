// collections.assign and collections.agents: who works which overdue loan, and who can be given one.
import type { OutputOf, ParsedInputOf } from '../../../shared/api/contract';
import { collectionAssign } from '../../../shared/mutations/collectionsSupervisor';
import { branchCollectors } from '../../../db/local/queries/collections';
import { requireActor, type ServiceContext } from '../context';
import { mutate } from '../mutate';

export function assign(ctx: ServiceContext, input: ParsedInputOf<'collections.assign'>): OutputOf<'collections.assign'> {
  requireActor(ctx);
  return mutate(ctx, collectionAssign, { loanIds: input.loanIds, collectorId: input.collectorId, note: input.note });
}

export function agents(ctx: ServiceContext): OutputOf<'collections.agents'> {
  const actor = requireActor(ctx);
  return { agents: branchCollectors(ctx.store.read(), actor.branchId) };
}
