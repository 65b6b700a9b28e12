// Services and the branch side of mutations get published policies here, for the actor's branch (or,
// before anyone has signed in, the branch this workstation is enrolled to).
import { getSyncValue } from '../../db/local/syncState';
import { branchFacts, policyProblems, policyValue } from '../../db/local/queries/policies';
import type { OutputOf } from '../../shared/api/contract';
import type { ReadHandle, WriteHandle } from '../../db/local/store';
import type { PolicyKind, PolicyValue } from '../../shared/domain/policies';
import { declaredPolicies, type ApplyInput, type MutationDef } from '../../shared/mutations/types';
import { requireActor, type ServiceContext } from './context';

function workingBranchId(ctx: ServiceContext, h: ReadHandle | WriteHandle = ctx.store.read()): string {
  return ctx.actor?.branchId ?? getSyncValue(h, 'branch_id') ?? '';
}

/** The value of a policy for the caller's branch, as of the service clock. */
export function policyOf<K extends PolicyKind>(ctx: ServiceContext, kind: K, h: ReadHandle | WriteHandle = ctx.store.read()): PolicyValue<K> {
  return policyValue(h, kind, workingBranchId(ctx, h), ctx.clock());
}

/** The caller's branch's time zone (its `branches` row). */
export function branchTimeZone(ctx: ServiceContext, h: ReadHandle | WriteHandle = ctx.store.read()): string {
  return branchFacts(h, workingBranchId(ctx, h)).timeZone;
}

export function current(ctx: ServiceContext): OutputOf<'policy.current'> {
  const actor = requireActor(ctx);
  const r = ctx.store.read();
  const contact = policyOf(ctx, 'contact', r);
  return {
    dd: policyOf(ctx, 'dd', r),
    contact: { profile: contact.id, timeZone: contact.timeZone },
    problems: policyProblems(r, actor.branchId, ctx.clock()).map((p) => ({ kind: p.kind, version: p.version, message: p.message })),
  };
}

/** The zone of the branch this workstation is enrolled to (the home zone before enrollment). */
export function workstationTimeZone(h: ReadHandle | WriteHandle): string {
  return branchFacts(h, getSyncValue(h, 'branch_id') ?? '').timeZone;
}

/** The branch-side part of a mutation's ApplyInput: its branch's zone and the policies it declared. */
export function branchApplyContext(
  h: ReadHandle | WriteHandle,
  def: Pick<MutationDef, 'name' | 'policies'>,
  branchId: string,
  now: string,
): Pick<ApplyInput<unknown>, 'timeZone' | 'policy'> {
  const at = new Date(now);
  return {
    timeZone: branchFacts(h, branchId).timeZone,
    policy: declaredPolicies(def, (kind) => policyValue(h, kind, branchId, at)),
  };
}
