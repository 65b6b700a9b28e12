// audit.list and audit.verify: the branch's audit log, and whether its hash chain is intact.
import type { OutputOf, ParsedInputOf } from '../../shared/api/contract';
import { listAuditEntries } from '../../db/local/queries/auditLog';
import { verifyAuditChain } from './audit';
import { requireActor, type ServiceContext } from './context';

export function verify(ctx: ServiceContext): OutputOf<'audit.verify'> {
  requireActor(ctx);
  return { ...verifyAuditChain(ctx.store), headOffice: null, headOfficeUnavailable: null };
}

export function list(ctx: ServiceContext, input: ParsedInputOf<'audit.list'>): OutputOf<'audit.list'> {
  const actor = requireActor(ctx);
  return listAuditEntries(ctx.store.read(), { branchId: actor.branchId, offset: input.offset, limit: input.limit, action: input.action });
}
