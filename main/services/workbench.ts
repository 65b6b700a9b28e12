// workbench.counts and workbench.holds: what waits for the signed-in user, for the menu badges and the
// landing page. Counted in SQL for the caller's branch, each part only for a role the caller holds;
// the review deadline is policy `dd`'s, as the case list judges it.
import type { OutputOf, ParsedInputOf } from '../../shared/api/contract';
import { hasAnyRole } from '../../shared/auth/roles';
import { collectorQueueCount, heldLoanCount, heldLoans, officerCaseCounts, reviewCounts } from '../../db/local/queries/workbench';
import { requireActor, type ServiceContext } from './context';
import { ServiceError } from './errors';
import { policyOf } from './policies';

export function counts(ctx: ServiceContext): OutputOf<'workbench.counts'> {
  const actor = requireActor(ctx);
  const is = (role: 'officer' | 'supervisor' | 'collector') => hasAnyRole(actor.roles, [role]);
  if (!is('officer') && !is('supervisor') && !is('collector')) throw new ServiceError('FORBIDDEN');
  const r = ctx.store.read();
  let supervisor: OutputOf<'workbench.counts'>['supervisor'] = null;
  if (is('supervisor')) {
    const policy = policyOf(ctx, 'dd', r);
    const overdueBefore = new Date(ctx.clock().getTime() - policy.decisionSlaHours * 3_600_000).toISOString();
    supervisor = { ...reviewCounts(r, actor.branchId, overdueBefore), holds: heldLoanCount(r, actor.branchId) };
  }
  return {
    officer: is('officer') ? officerCaseCounts(r, actor.branchId, actor.userId) : null,
    supervisor,
    collector: is('collector') ? { queue: collectorQueueCount(r, actor.branchId, actor.userId) } : null,
  };
}

export function holds(ctx: ServiceContext, input: ParsedInputOf<'workbench.holds'>): OutputOf<'workbench.holds'> {
  const actor = requireActor(ctx);
  if (!hasAnyRole(actor.roles, ['supervisor'])) throw new ServiceError('FORBIDDEN');
  const r = ctx.store.read();
  return { rows: heldLoans(r, actor.branchId, input.limit), total: heldLoanCount(r, actor.branchId) };
}
