// Every mutation the branch can record, by `name@version`. Handlers stay here until head office
// raises the minimum schema, so queued work from old clients is never stranded (DESIGN.md §7).
import { attachmentAdd } from './attachment';
import { contactBlocked, contactHoldClear, contactLog } from './collections';
import { collectionAssign, policyOverrideGrant } from './collectionsSupervisor';
import { contactConsentRecord, contactConsentWithdraw } from './contactConsent';
import { ddAnswerSet, ddCaseOpen, ddCaseSubmit, ddCaseWithdraw } from './dd';
import { ddCaseDecide, ddCaseDecideV1 } from './ddDecide';
import { loanNoteAdd } from './loanNote';
import { mutationKey, type MutationDef } from './types';

const ALL = [
  loanNoteAdd,
  ddCaseOpen,
  ddAnswerSet,
  ddCaseSubmit,
  ddCaseDecideV1,
  ddCaseDecide,
  ddCaseWithdraw,
  attachmentAdd,
  contactLog,
  contactBlocked,
  contactHoldClear,
  policyOverrideGrant,
  collectionAssign,
  contactConsentRecord,
  contactConsentWithdraw,
] as unknown as MutationDef<never, unknown>[];

export const mutations: ReadonlyMap<string, MutationDef<unknown, unknown>> = new Map(
  ALL.map((def) => [mutationKey(def), def as unknown as MutationDef<unknown, unknown>]),
);

export function findMutation(key: string): MutationDef<unknown, unknown> | undefined {
  return mutations.get(key);
}
