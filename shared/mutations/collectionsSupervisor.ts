// Supervisor actions in collections: overriding a contact rule for a loan with a written reason, and
// (re)assigning delinquent loans to agents. Both are audited like every mutation.
import { z } from 'zod';
import { hasAnyRole } from '../auth/roles';
import { assignmentId, requireLoan } from './collectionRules';
import { MutationRefused, rowKey, type MutationDef, type RowWrite } from './types';

export const policyOverrideGrantArgs = z.object({
  id: z.uuid(),
  loanId: z.string().min(1).max(64),
  ruleCode: z.string().min(1).max(60),
  reason: z.string().trim().min(5).max(2000),
  validUntil: z.iso.datetime({ offset: true }),
});
export type PolicyOverrideGrantArgs = z.infer<typeof policyOverrideGrantArgs>;

/** How far ahead an override may stand: it answers one situation, it is not a standing exemption. */
const MAX_OVERRIDE_HOURS = 72;

export const policyOverrideGrant: MutationDef<PolicyOverrideGrantArgs, { id: string }> = {
  name: 'policyOverride.grant',
  version: 1,
  args: policyOverrideGrantArgs,
  roles: ['supervisor'],
  reads: (a) => [
    { table: 'loans', id: a.loanId },
    { table: 'policy_overrides', id: a.id },
  ],
  apply({ args, actor, rows, now }) {
    requireLoan(rows, args.loanId);
    if (rows.has(rowKey('policy_overrides', args.id))) throw new MutationRefused('CONFLICT', 'append_only', `override ${args.id} already exists`);
    if (Date.parse(args.validUntil) - Date.parse(now) > MAX_OVERRIDE_HOURS * 3_600_000) {
      throw new MutationRefused('DOMAIN_RULE', 'override_window', `an override may stand at most ${MAX_OVERRIDE_HOURS} hours`);
    }
    return {
      writes: [
        {
          op: 'insert',
          table: 'policy_overrides',
          id: args.id,
          values: { loan_id: args.loanId, rule_code: args.ruleCode, reason: args.reason, approved_by: actor.userId, valid_until: args.validUntil },
        },
      ],
      audit: { action: 'policyOverride.grant', entityType: 'policy_override', entityId: args.id },
      result: { id: args.id },
    };
  },
};

export const collectionAssignArgs = z.object({
  loanIds: z.array(z.string().min(1).max(64)).min(1).max(500),
  collectorId: z.string().min(1).max(64),
  note: z.string().trim().max(500).optional(),
});
export type CollectionAssignArgs = z.infer<typeof collectionAssignArgs>;

export const collectionAssign: MutationDef<CollectionAssignArgs, { assigned: number }> = {
  name: 'collection.assign',
  version: 1,
  args: collectionAssignArgs,
  roles: ['supervisor'],
  reads: (a) => [
    { table: 'users', id: a.collectorId },
    ...a.loanIds.flatMap((id) => [
      { table: 'loans' as const, id },
      { table: 'collection_assignments' as const, id: assignmentId(id) },
    ]),
  ],
  apply({ args, rows }) {
    const agent = rows.get(rowKey('users', args.collectorId));
    const roles = agent ? (typeof agent['roles'] === 'string' ? (JSON.parse(agent['roles']) as string[]) : (agent['roles'] as string[])) : [];
    if (!agent || !(agent['active'] === 1 || agent['active'] === true) || !hasAnyRole(roles, ['collector'])) {
      throw new MutationRefused('DOMAIN_RULE', 'collector_exists', `${args.collectorId} is not an active collector of this branch`);
    }
    const writes: RowWrite[] = [...new Set(args.loanIds)].map((loanId) => {
      requireLoan(rows, loanId);
      const id = assignmentId(loanId);
      const values = { loan_id: loanId, collector_id: args.collectorId, note: args.note ?? null };
      return rows.has(rowKey('collection_assignments', id)) ? { op: 'update', table: 'collection_assignments', id, values } : { op: 'insert', table: 'collection_assignments', id, values };
    });
    return {
      writes,
      audit: { action: 'collection.assign', entityType: 'collection_assignment', entityId: writes[0]?.id ?? '' },
      result: { assigned: writes.length },
    };
  },
};
