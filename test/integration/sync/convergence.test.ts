// Convergence: the two ways a workstation used to end up silently and permanently different from head
// office, reproduced exactly by hooking the transport (an answer typed between a round's push and its
// pull; a refusal whose first answer was lost), and the scope row sums that find and repair any copy
// that drifted — here one edited by hand. Each ends with the scope compared row by row.
import { beforeAll, describe, expect, it } from 'vitest';
import { SHIPPED_TEMPLATES } from '../../../db/seeds/templates';
import { divergenceStatus } from '../../../db/local/rowSums';
import { answer as answerDd, open as openDdCase } from '../../../main/services/dd/cases';
import { SyncClient } from '../../../main/sync/client';
import { fileTokenStore } from '../../../main/sync/tokenStore';
import { httpTransport, SyncTransportError, type SyncTransport } from '../../../main/sync/transport';
import { publishVersion } from '../../../server/publish';
import { answerRowId } from '../../../shared/mutations/ddIds';
import { decodeAnswer } from '../../../shared/mutations/ddRules';
import { branchScope } from '../../../shared/sync/protocol';
import { logBorrowerCall } from '../../helpers/contacts';
import { shanghaiYesterday } from '../../helpers/fixtures';
import { availableBackends, giveBorrowerPhone, type HeadOffice } from '../../helpers/headOffice';
import { headOfficeScopeRows, workstationScopeRows } from '../../helpers/scopeRows';
import { useEnrolledWorkstations, useHeadOffice } from '../../helpers/useHeadOffice';
import type { TestWorkstation } from '../../helpers/workstation';

const APPLICATION = { purpose: 'consumer', amount: 10_000_000, termMonths: 24, annualRate: '4.35', method: 'equal_installment' } as const;
const BORROWER = '13800001234';

interface Hooks {
  /** Runs once, after the round's push and before its first pull request. */
  beforePull?: () => void;
  /** Head office gets and commits the push, but its answer never arrives. */
  losePushAnswer?: boolean;
  verifyFromScratch?: boolean;
}

/** One sync round of `w` with the transport hooked as the reproduction needs. */
function hookedRound(ho: HeadOffice, w: TestWorkstation, hooks: Hooks): Promise<unknown> {
  const real = httpTransport(ho.url, () => fileTokenStore(w.dir).load(), new AbortController().signal);
  let beforePull = hooks.beforePull;
  const transport: SyncTransport = {
    ...real,
    push: async (body) => {
      const answer = await real.push(body);
      if (hooks.losePushAnswer) throw new SyncTransportError('network', 'connection lost while reading the answer');
      return answer;
    },
    pull: async (body) => {
      beforePull?.();
      beforePull = undefined;
      return real.pull(body);
    },
  };
  return new SyncClient({
    store: w.store,
    transport,
    clientId: w.clientId,
    appVersion: 'test',
    blobStore: null,
    verifyFromScratch: hooks.verifyFromScratch ?? false,
  }).syncOnce();
}

async function expectSameScope(ho: HeadOffice, w: TestWorkstation): Promise<void> {
  const scope = branchScope(ho.branchA);
  expect(workstationScopeRows(w.store, scope)).toEqual(await headOfficeScopeRows(ho.db, scope));
}

describe.each(availableBackends())('convergence on %s', (backend) => {
  const ho = useHeadOffice(backend);
  let templateId: string;
  let customerId: string;
  let officer: string;
  let collector: string;
  beforeAll(async () => {
    templateId = (await publishVersion(ho.db, 'template', SHIPPED_TEMPLATES[0]!)).id;
    customerId = await giveBorrowerPhone(ho, BORROWER);
    officer = ho.users['officer1']!;
    collector = ho.users['collector1']!;
  });
  const [a, b] = useEnrolledWorkstations(ho, ['一号机', '二号机']);

  const localAnswer = (w: TestWorkstation, caseId: string, itemKey: string): unknown => {
    const row = w.store.read().sql.prepare('SELECT value FROM form_responses WHERE id = ?').get(answerRowId(caseId, itemKey)) as { value: string } | undefined;
    return row ? decodeAnswer(row.value) : undefined;
  };
  const issueCodes = (w: TestWorkstation, kind: string) =>
    (w.store.read().sql.prepare('SELECT reason FROM sync_issues WHERE kind = ?').all(kind) as { reason: string }[]).map(
      (r) => (JSON.parse(r.reason) as { code: string }).code,
    );

  it('keeps head office’s answer on a PC that answered the same item between its push and its pull', async () => {
    const caseId = openDdCase(a.context(officer), { customerId, templateId, application: { ...APPLICATION } }).caseId;
    answerDd(a.context(officer), { caseId, itemKey: 'applicant_age', value: 35 });
    answerDd(a.context(officer), { caseId, itemKey: 'id_verified', value: 'yes' });
    await a.sync.syncNow();
    await b.sync.syncNow();
    // A changes an item B has already pulled; B answers it too, and a fresh one, while its round is
    // between push and pull.
    answerDd(a.context(officer), { caseId, itemKey: 'id_verified', value: 'no' });
    answerDd(a.context(officer), { caseId, itemKey: 'monthly_income', value: 800_000 });
    await a.sync.syncNow();
    await hookedRound(ho, b, {
      beforePull: () => {
        answerDd(b.context(officer), { caseId, itemKey: 'id_verified', value: 'yes' });
        answerDd(b.context(officer), { caseId, itemKey: 'monthly_income', value: 900_000 });
      },
    });
    await hookedRound(ho, b, {});

    expect(localAnswer(b, caseId, 'monthly_income')).toBe(800_000);
    expect(localAnswer(b, caseId, 'id_verified')).toBe('no');
    expect(issueCodes(b, 'conflict').filter((c) => c === 'answer_changed')).toHaveLength(2);
    await hookedRound(ho, b, {});
    await expectSameScope(ho, b);
  });

  it('takes back a refused call whose refusal only ever arrived as a duplicate', async () => {
    await hookedRound(ho, a, {});
    await hookedRound(ho, b, {});
    const call = (w: TestWorkstation, outcome: 'dispute' | 'no_answer') =>
      logBorrowerCall(w, { collector, loanId: ho.loanA, startedAt: shanghaiYesterday(outcome === 'dispute' ? '10:00' : '11:00'), outcome }).contactId;
    call(a, 'dispute');
    await hookedRound(ho, a, {});
    // B has not pulled the dispute: on its own it allows the call.
    const refused = call(b, 'no_answer');
    await expect(hookedRound(ho, b, { losePushAnswer: true })).rejects.toThrow(/connection lost/);
    expect((await ho.db.query('SELECT status FROM mutation_log WHERE client_id = $1 ORDER BY seq DESC LIMIT 1', [b.clientId]))[0]).toEqual({
      status: 'rejected',
    });
    await hookedRound(ho, b, {});

    const outbox = b.store.read().sql.prepare('SELECT status, result FROM outbox ORDER BY seq DESC LIMIT 1').get() as { status: string; result: string };
    expect(outbox.status).toBe('rejected');
    expect(JSON.parse(outbox.result)).toMatchObject({ status: 'duplicate' });
    expect(b.store.read().sql.prepare('SELECT id FROM contacts WHERE id = ?').get(refused)).toBeUndefined();
    expect(issueCodes(b, 'rejected')).toContain('contact_blocked');
    await expectSameScope(ho, b);
  });

  it('finds a copy edited by hand (a changed value, a deleted row, an added row) and repairs it', async () => {
    await hookedRound(ho, b, { verifyFromScratch: true });
    expect(divergenceStatus(b.store.read())).toMatchObject({ detected: 0, unresolved: [] });
    const sql = b.store.read().sql;
    const contact = sql.prepare('SELECT id FROM contacts LIMIT 1').get() as { id: string };
    const answer = sql.prepare('SELECT id FROM form_responses LIMIT 1').get() as { id: string };
    // Outside the app, as a careless repair or a bad disk would: the kept sums do not see it.
    b.store.transaction((w) => {
      w.sql.prepare('UPDATE customers SET phone = ? WHERE id = ?').run('13000000000', customerId);
      w.sql.prepare('UPDATE form_responses SET value = ? WHERE id = ?').run('{"v":"edited"}', answer.id);
      w.sql.prepare('DELETE FROM contacts WHERE id = ?').run(contact.id);
      w.sql
        .prepare("INSERT INTO loan_notes (id, branch_id, loan_id, body, created_at, updated_at, updated_by, row_version) VALUES ('forged-note', ?, ?, 'x', 'now', 'now', ?, 1)")
        .run(ho.branchA, ho.loanA, officer);
    });
    // A round that trusts the kept sums sees nothing wrong...
    await hookedRound(ho, b, {});
    expect(divergenceStatus(b.store.read()).detected).toBe(0);
    // ...the check against every row (at start, then hourly) finds it, and the same round repairs it.
    await hookedRound(ho, b, { verifyFromScratch: true });
    const status = divergenceStatus(b.store.read());
    expect(status).toMatchObject({ detected: 1, unresolved: [] });
    expect(issueCodes(b, 'divergence')).toEqual(['scope_repaired']);
    await expectSameScope(ho, b);
    await hookedRound(ho, b, { verifyFromScratch: true });
    expect(divergenceStatus(b.store.read()).detected).toBe(1);
  });

  it('never reports a difference on PCs that only synced', async () => {
    for (const w of [a, b]) {
      await hookedRound(ho, w, { verifyFromScratch: true });
      await expectSameScope(ho, w);
    }
    expect(divergenceStatus(a.store.read())).toMatchObject({ detected: 0, unresolved: [] });
    expect(divergenceStatus(a.store.read()).lastVerifiedAt).not.toBeNull();
  });
});
