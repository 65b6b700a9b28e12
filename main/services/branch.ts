// The caller's branch as its letters and memos print it: names, telephone and address from the branch
// row head office sends (null where head office has none: the letter then leaves room to write it).
import type { OutputOf } from '../../shared/api/contract';
import { branchLetterhead } from '../../db/local/queries/branch';
import { requireActor, type ServiceContext } from './context';
import { ServiceError } from './errors';

export function letterhead(ctx: ServiceContext): OutputOf<'branch.letterhead'> {
  const actor = requireActor(ctx);
  const row = branchLetterhead(ctx.store.read(), actor.branchId);
  if (!row) throw new ServiceError('NOT_FOUND');
  return row;
}
