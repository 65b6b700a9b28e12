// A branch's contact profile is head office's to choose: switched to US Regulation F by a published
// policy, the branch (once it has pulled the policy) and head office (for every pushed call) both
// refuse the 8th call in 7 days, which the CN profile would have let through.
import { beforeAll, describe, expect, it } from 'vitest';
import { loan as loanCollection } from '../../../main/services/collections/loan';
import { ServiceError } from '../../../main/services/errors';
import { publishVersion } from '../../../server/publish';
import { logBorrowerCall } from '../../helpers/contacts';
import { availableBackends, giveBorrowerPhone } from '../../helpers/headOffice';
import { useEnrolledWorkstations, useHeadOffice } from '../../helpers/useHeadOffice';
import type { TestWorkstation } from '../../helpers/workstation';

const BORROWER = '13800005678';

/** 10:00 (or `hhmm`) in Shanghai, `n` days before today there: inside Reg F's 08:00–21:00. */
function shanghaiDaysAgo(n: number, hhmm = '10:00'): string {
  const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(Date.now() - n * 86_400_000));
  return `${day}T${hhmm}:00+08:00`;
}

describe.each(availableBackends())('a branch switched to the US Reg F contact profile, on %s', (backend) => {
  const ho = useHeadOffice(backend);
  let collector: string;
  beforeAll(async () => {
    await giveBorrowerPhone(ho, BORROWER);
    collector = ho.users['collector1']!;
  });
  const [a, b] = useEnrolledWorkstations(ho, ['RegF 一号机', 'RegF 二号机']);

  const call = (w: TestWorkstation, at: string) => logBorrowerCall(w, { collector, loanId: ho.loanA, startedAt: at });

  it('is refused at publish when it names an unknown profile or a branch head office does not have', async () => {
    await expect(publishVersion(ho.db, 'policy', { code: 'contact', body: { branches: { B001: 'US_REGG' } } })).rejects.toThrow(/unknown contact profile US_REGG/);
    await expect(publishVersion(ho.db, 'policy', { code: 'contact', body: { branches: { B999: 'US_REGF' } } })).rejects.toThrow(/branches head office does not have: B999/);
    await expect(publishVersion(ho.db, 'policy', { code: 'contacts', body: {} })).rejects.toThrow(/no policy kind contacts/);
  });

  it('judges at the branch by the profile head office published for it', async () => {
    // Seven unanswered calls on seven days: the CN rules (6 unanswered per number per day) allow them all.
    for (let n = 8; n >= 2; n--) call(a, shanghaiDaysAgo(n));
    await a.sync.syncNow();
    await publishVersion(ho.db, 'policy', { code: 'contact', body: { branches: { B001: 'US_REGF' } } });
    expect(loanCollection(a.context(collector), { loanId: ho.loanA }).policy.code).toBe('CN');
    await a.sync.syncNow();
    const screen = loanCollection(a.context(collector), { loanId: ho.loanA });
    expect(screen.policy).toEqual({ code: 'US_REGF', timeZone: 'Asia/Shanghai' });

    // Six of the seven fall in the 7 days ending yesterday: one more there is the 7th, still allowed …
    const seventh = call(a, shanghaiDaysAgo(1, '11:00'));
    expect(seventh.contactId).toBeTruthy();
    // … and the next is the 8th in 7 consecutive days, presumed harassment (12 CFR 1006.14(b)(2)(i)(A)).
    let refused: unknown;
    try {
      call(a, shanghaiDaysAgo(1, '12:00'));
    } catch (err) {
      refused = err;
    }
    expect(refused).toBeInstanceOf(ServiceError);
    expect((refused as ServiceError).code).toBe('CONTACT_BLOCKED');
    expect(((refused as ServiceError).details?.['reasons'] as { code: string }[]).map((r) => r.code)).toContain('regf_7_in_7');
    await a.sync.syncNow();
  });

  it('judges at head office by the same profile: a PC that has not pulled it is refused there', async () => {
    // B enrolled before the switch and has pulled nothing since: it still runs CN and allows the call.
    const fromB = call(b, shanghaiDaysAgo(1, '13:00')).contactId;
    await b.sync.syncNow();
    const atHo = await ho.db.query<{ id: string }>("SELECT id FROM contacts WHERE loan_id = $1 AND outcome = 'no_answer'", [ho.loanA]);
    expect(atHo.map((c) => c.id)).not.toContain(fromB);
    expect(atHo).toHaveLength(8);
    const outbox = b.store.read().sql.prepare("SELECT status, result FROM outbox WHERE name = 'contact.log@1' ORDER BY seq").all() as { status: string; result: string }[];
    expect(outbox.map((o) => o.status)).toEqual(['rejected']);
    expect(JSON.parse(outbox[0]!.result)).toMatchObject({ reason: { code: 'contact_blocked' } });
    expect(JSON.parse(outbox[0]!.result).reason.message).toMatch(/regf_7_in_7/);
    // Having pulled, B now judges by Reg F itself.
    expect(loanCollection(b.context(collector), { loanId: ho.loanA }).policy.code).toBe('US_REGF');
  });
});
