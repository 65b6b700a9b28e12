// Collection calls as a collector logs them on a workstation (collections.logContact), for the tests of
// the contact rules at the branch and at head office.
import { logContact } from '../../main/services/collections/contact';
import type { ParsedInputOf } from '../../shared/api/contract';
import type { TestWorkstation } from './workstation';

interface BorrowerCall {
  /** The collector who logs it (a user the workstation has pulled). */
  collector: string;
  loanId: string;
  startedAt: string;
  /** Default no_answer. */
  outcome?: ParsedInputOf<'collections.logContact'>['outcome'];
}

/** A phone call to the borrower's first number, without a complaint, logged on `ws`. */
export function logBorrowerCall(ws: TestWorkstation, call: BorrowerCall): ReturnType<typeof logContact> {
  return logContact(ws.context(call.collector), {
    loanId: call.loanId,
    channel: 'phone',
    party: 'borrower',
    contactPoint: 0,
    startedAt: call.startedAt,
    outcome: call.outcome ?? 'no_answer',
    complaint: false,
  });
}
