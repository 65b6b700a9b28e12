// The supervisor's decision on a submitted due-diligence case. Version 2 records what was approved: an
// amount (at most the amount applied for) and conditions. Version 1 (no amount) stays registered so a
// decision queued by an older workstation is still applied; it records no approved amount.
import { z } from 'zod';
import { fen } from '../domain/vocabulary';
import { caseApplication, requireCase, trailEntry } from './ddRules';
import { MutationRefused, type ApplyInput, type MutationDef, type Row } from './types';

const decisionBase = {
  caseId: z.uuid(),
  eventId: z.uuid(),
  submissionNo: z.number().int().min(1),
  decision: z.enum(['approve', 'return']),
  comment: z.string().trim().max(2000),
};

const ddCaseDecideV1Args = z.object(decisionBase);
type DdCaseDecideV1Args = z.infer<typeof ddCaseDecideV1Args>;

const ddCaseDecideArgs = z.object({
  ...decisionBase,
  /** Required to approve: fen, positive, at most the amount applied for. Absent (or null) on a return. */
  approvedAmountFen: fen.min(1).nullable().optional(),
  /** Conditions of the approval (e.g. a guarantor, a shorter term); empty for none. */
  conditions: z.string().trim().max(2000).default(''),
});
type DdCaseDecideArgs = z.infer<typeof ddCaseDecideArgs>;

type Decided = { status: 'approved' | 'returned' };

/** The checks every version makes: the submission decided is the current one, maker-checker, a return's comment. */
function decidableCase({ args, actor, rows }: ApplyInput<DdCaseDecideV1Args>): Row {
  const ddCase = requireCase(rows, args.caseId);
  if (ddCase['status'] !== 'submitted' || Number(ddCase['submission_no']) !== args.submissionNo) {
    throw new MutationRefused(
      'CONFLICT',
      'stale_case',
      `case ${args.caseId} changed since it was opened for review (now ${String(ddCase['status'])}, submission ${String(ddCase['submission_no'])})`,
    );
  }
  // Maker-checker: whoever made or submitted the case never decides it.
  if (ddCase['submitted_by'] === actor.userId || ddCase['officer_id'] === actor.userId) {
    throw new MutationRefused('FORBIDDEN', 'maker_checker', 'the maker of a case cannot approve or return it');
  }
  if (args.decision === 'return' && args.comment.length === 0) {
    throw new MutationRefused('DOMAIN_RULE', 'return_comment', 'a returned case needs a comment');
  }
  return ddCase;
}

function decisionPlan(input: ApplyInput<DdCaseDecideV1Args>, approval: Row) {
  const { args, actor, now } = input;
  const status = args.decision === 'approve' ? ('approved' as const) : ('returned' as const);
  return {
    writes: [
      { op: 'update' as const, table: 'dd_cases' as const, id: args.caseId, values: { status, decided_at: now, decided_by: actor.userId, ...approval } },
      trailEntry(args.eventId, args.caseId, status, args.comment || null, actor.userId, now),
    ],
    audit: { action: `ddCase.${args.decision}`, entityType: 'dd_case', entityId: args.caseId },
    result: { status },
  };
}

const decideReads = (a: { caseId: string; eventId: string }) => [
  { table: 'dd_cases' as const, id: a.caseId },
  { table: 'approvals' as const, id: a.eventId },
];

export const ddCaseDecideV1: MutationDef<DdCaseDecideV1Args, Decided> = {
  name: 'ddCase.decide',
  version: 1,
  args: ddCaseDecideV1Args,
  roles: ['supervisor'],
  reads: decideReads,
  apply(input) {
    decidableCase(input);
    return decisionPlan(input, {});
  },
};

export const ddCaseDecide: MutationDef<DdCaseDecideArgs, Decided> = {
  name: 'ddCase.decide',
  version: 2,
  args: ddCaseDecideArgs,
  roles: ['supervisor'],
  reads: decideReads,
  apply(input) {
    const { args } = input;
    const ddCase = decidableCase(input);
    if (args.decision === 'return') return decisionPlan(input, { approved_amount_fen: null, approval_conditions: null });
    const amount = args.approvedAmountFen;
    if (amount === undefined || amount === null) {
      throw new MutationRefused('DOMAIN_RULE', 'approved_amount', `approving case ${args.caseId} needs the approved amount`);
    }
    const requested = caseApplication(ddCase)?.amount;
    if (requested === undefined) throw new MutationRefused('DOMAIN_RULE', 'case_application', `case ${args.caseId} has no readable application`);
    if (amount > requested) {
      throw new MutationRefused('DOMAIN_RULE', 'approved_above_request', `approved ${amount} fen is more than the ${requested} fen applied for`);
    }
    return decisionPlan(input, { approved_amount_fen: amount, approval_conditions: args.conditions || null });
  },
};
