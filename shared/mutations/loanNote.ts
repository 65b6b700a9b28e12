// loanNote.add@1 — an append-only note on a loan (desk or visit note). Corrections are new notes that
// reference the note they correct; a note is never edited or removed.
import { z } from 'zod';
import { MutationRefused, rowKey, type MutationDef } from './types';

export const loanNoteAddArgs = z.object({
  id: z.uuid(),
  loanId: z.string().min(1),
  body: z.string().trim().min(1).max(2000),
  correctsId: z.uuid().optional(),
});
export type LoanNoteAddArgs = z.infer<typeof loanNoteAddArgs>;

export const loanNoteAdd: MutationDef<LoanNoteAddArgs, { id: string }> = {
  name: 'loanNote.add',
  version: 1,
  args: loanNoteAddArgs,
  roles: ['officer', 'inspector', 'collector', 'supervisor'],
  reads: (args) => [
    { table: 'loans', id: args.loanId },
    { table: 'loan_notes', id: args.id },
    ...(args.correctsId ? [{ table: 'loan_notes' as const, id: args.correctsId }] : []),
  ],
  apply({ args, rows }) {
    const loan = rows.get(rowKey('loans', args.loanId));
    if (!loan) throw new MutationRefused('NOT_FOUND', 'loan_exists', `loan ${args.loanId} not found`);
    if (rows.has(rowKey('loan_notes', args.id))) {
      throw new MutationRefused('CONFLICT', 'append_only', `note ${args.id} already exists`);
    }
    if (args.correctsId) {
      const corrected = rows.get(rowKey('loan_notes', args.correctsId));
      if (!corrected || corrected['loan_id'] !== args.loanId) {
        throw new MutationRefused('DOMAIN_RULE', 'correction_same_loan', 'a correction must reference a note on the same loan');
      }
    }
    return {
      writes: [
        {
          op: 'insert',
          table: 'loan_notes',
          id: args.id,
          values: { loan_id: args.loanId, body: args.body, corrects_id: args.correctsId ?? null },
        },
      ],
      audit: { action: 'loanNote.add', entityType: 'loan_note', entityId: args.id },
      result: { id: args.id },
    };
  },
};
