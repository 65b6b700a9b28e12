// The CN per-number cap (6 unanswered calls a local day) counts the calls to the number about all the
// borrower's loans: six on one loan stop a seventh about another — at the branch, and at head office
// for a PC that had not seen the six. Afterwards every PC holds head office's rows.
import { beforeAll, describe, expect, it } from 'vitest';
import { ServiceError } from '../../../main/services/errors';
import { logBorrowerCall } from '../../helpers/contacts';
import { availableBackends, giveBorrowerPhone, giveBorrowerSecondLoan } from '../../helpers/headOffice';
import { headOfficeScopeRows, workstationScopeRows } from '../../helpers/scopeRows';
import { useEnrolledWorkstations, useHeadOffice } from '../../helpers/useHeadOffice';
import type { TestWorkstation } from '../../helpers/workstation';

const BORROWER = '13800002468';

/** Yesterday in Shanghai at `hhmm`: a past instant inside the 08:00–22:00 calling hours. */
function yesterdayAt(hhmm: string): string {
  const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(Date.now() - 86_400_000));
  return `${day}T${hhmm}:00+08:00`;
}

function refusalCodes(act: () => unknown): string[] {
  try {
    act();
  } catch (err) {
    if (err instanceof ServiceError && err.code === 'CONTACT_BLOCKED') return (err.details?.['reasons'] as { code: string }[]).map((r) => r.code);
    throw err;
  }
  return [];
}

describe.each(availableBackends())('the per-number cap across a borrower’s loans, on %s', (backend) => {
  const ho = useHeadOffice(backend);
  let collector: string;
  let secondLoan: string;
  beforeAll(async () => {
    await giveBorrowerPhone(ho, BORROWER);
    secondLoan = await giveBorrowerSecondLoan(ho);
    collector = ho.users['collector1']!;
  });
  const [a, b] = useEnrolledWorkstations(ho, ['号码一号机', '号码二号机']);

  const call = (w: TestWorkstation, loanId: string, hhmm: string) => logBorrowerCall(w, { collector, loanId, startedAt: yesterdayAt(hhmm) });

  it('refuses at the branch a seventh call to the number about the other loan', async () => {
    for (const hhmm of ['09:00', '09:10', '09:20', '09:30', '09:40', '09:50']) call(a, ho.loanA, hhmm);
    expect(refusalCodes(() => call(a, secondLoan, '10:00'))).toEqual(['max_unanswered_per_number']);
    await a.sync.syncNow();
  });

  it('refuses at head office the call of a PC that had not seen the six', async () => {
    const fromB = call(b, secondLoan, '10:30').contactId;
    await b.sync.syncNow();
    const outbox = b.store.read().sql.prepare("SELECT status, result FROM outbox WHERE name = 'contact.log@1' ORDER BY seq").all() as { status: string; result: string }[];
    expect(outbox.map((o) => o.status)).toEqual(['rejected']);
    expect(JSON.parse(outbox[0]!.result).reason.message).toMatch(/max_unanswered_per_number/);
    const atHo = await ho.db.query<{ id: string }>('SELECT id FROM contacts WHERE id = $1', [fromB]);
    expect(atHo).toEqual([]);
  });

  it('leaves both PCs holding head office’s rows', async () => {
    await a.sync.syncNow();
    await b.sync.syncNow();
    const scope = `branch:${ho.branchA}`;
    const central = await headOfficeScopeRows(ho.db, scope);
    expect(central['contacts']).toHaveLength(6 + 1); // six calls and the blocked try recorded by A
    expect(workstationScopeRows(a.store, scope)).toEqual(central);
    expect(workstationScopeRows(b.store, scope)).toEqual(central);
  });
});
