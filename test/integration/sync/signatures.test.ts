// Head office believes a signature, not a device: every change carries its user's Ed25519 signature
// over the change as pushed (client, seq, name, args, base versions, user, time). A device naming
// another user, a signed change replayed under another client or seq, and a change signed with a key
// the user no longer has (their password was reset) are refused with `bad_signature`.
import { beforeAll, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../../main/api/dispatcher';
import { SessionStore } from '../../../main/services/session';
import { openSigningKey, signChange } from '../../../main/services/signing';
import { fileTokenStore } from '../../../main/sync/tokenStore';
import { httpTransport } from '../../../main/sync/transport';
import { importReferenceRows, setPassword } from '../../../server/admin';
import { pendingOutbox } from '../../../db/local/syncStore';
import type { PushMutation } from '../../../shared/sync/protocol';
import { v7 as uuidv7 } from 'uuid';
import { availableBackends, STAFF_PASSWORD } from '../../helpers/headOffice';
import { useEnrolledWorkstations, useHeadOffice } from '../../helpers/useHeadOffice';
import type { TestWorkstation } from '../../helpers/workstation';

describe.each(availableBackends())('signed changes on %s', (backend) => {
  const ho = useHeadOffice(backend);
  const [a, b] = useEnrolledWorkstations(ho, ['一号机', '二号机']);
  let officer: string;
  let supervisor: string;
  beforeAll(() => {
    officer = ho.users['officer1']!;
    supervisor = ho.users['supervisor1']!;
  });

  const verdict = (w: TestWorkstation, mutationId: string) => {
    const row = w.store.read().sql.prepare('SELECT status, result FROM outbox WHERE mutation_id = ?').get(mutationId) as { status: string; result: string | null };
    return { status: row.status, code: row.result ? (JSON.parse(row.result) as { reason: { code: string } | null }).reason?.code : undefined };
  };
  const hoNotes = async (body: string) => (await ho.db.query('SELECT id FROM loan_notes WHERE body = $1', [body])).length;

  it('signs what a signed-in user does through the API, and head office applies it', async () => {
    const dispatch = createDispatcher({ store: a.store, deviceId: 'd', clientId: a.clientId });
    const slot = new SessionStore().slot('s');
    expect(await dispatch(slot, 'auth.signIn', { username: 'officer1', password: STAFF_PASSWORD }, 'zh-CN')).toMatchObject({ ok: true });
    expect(await dispatch(slot, 'loan.addNote', { loanId: ho.loanA, body: 'signed through the API' }, 'zh-CN')).toMatchObject({ ok: true });
    const [entry] = pendingOutbox(a.store.read(), 10);
    expect(entry?.signature).toMatch(/^[A-Za-z0-9+/]{86}==$/);
    await a.sync.syncNow();
    expect(verdict(a, entry!.mutationId).status).toBe('applied');
    expect(await hoNotes('signed through the API')).toBe(1);
  });

  it('refuses a change naming another user, unsigned or signed with the wrong key', async () => {
    const unsigned = a.craft(supervisor, 'loanNote.add@1', { id: uuidv7(), loanId: ho.loanA, body: 'forged, unsigned' }, { unsigned: true });
    const wrongKey = a.craft(supervisor, 'loanNote.add@1', { id: uuidv7(), loanId: ho.loanA, body: 'forged, officer key' }, { signAs: officer });
    const honest = a.craft(officer, 'loanNote.add@1', { id: uuidv7(), loanId: ho.loanA, body: 'honest' });
    await a.sync.syncNow();
    expect(verdict(a, unsigned)).toEqual({ status: 'rejected', code: 'bad_signature' });
    expect(verdict(a, wrongKey)).toEqual({ status: 'rejected', code: 'bad_signature' });
    expect(verdict(a, honest).status).toBe('applied');
    expect(await hoNotes('forged, unsigned')).toBe(0);
    expect(await hoNotes('forged, officer key')).toBe(0);
  });

  it('refuses a signed change replayed under another client or another seq', async () => {
    // A fresh client of A's device, signed as the officer's workstation would sign it.
    const [row] = await ho.db.query<{ sealed: string }>('SELECT signing_key_sealed AS sealed FROM users WHERE id = $1', [officer]);
    const key = openSigningKey(row?.sealed, STAFF_PASSWORD)!;
    const clientId = uuidv7();
    const change = { seq: 1, mutationId: uuidv7(), name: 'loanNote.add@1', args: { id: uuidv7(), loanId: ho.loanA, body: 'replayed' }, baseVersions: {}, userId: officer, deviceTime: new Date().toISOString() };
    const captured: PushMutation = { ...change, signature: signChange(key, { ...change, clientId }) };
    const asA = httpTransport(ho.url, () => fileTokenStore(a.dir).load());
    const asB = httpTransport(ho.url, () => fileTokenStore(b.dir).load());
    // Another client (of another device, or of the same device), another seq: all refused.
    expect((await asB.push({ clientId: uuidv7(), mutations: [captured] })).results[0]).toMatchObject({ status: 'rejected', reason: { code: 'bad_signature' } });
    expect((await asA.push({ clientId: uuidv7(), mutations: [captured] })).results[0]).toMatchObject({ status: 'rejected', reason: { code: 'bad_signature' } });
    expect((await asA.push({ clientId, mutations: [{ ...captured, seq: 2 }] })).results[0]).toMatchObject({ status: 'rejected', reason: { code: 'bad_signature' } });
    expect(await hoNotes('replayed')).toBe(0);
    // The change as signed goes through once, and a second time is a duplicate.
    const fresh = uuidv7();
    const original = { ...change, signature: signChange(key, { ...change, clientId: fresh }) };
    expect((await asA.push({ clientId: fresh, mutations: [original] })).results[0]).toMatchObject({ status: 'applied' });
    expect((await asA.push({ clientId: fresh, mutations: [original] })).results[0]).toMatchObject({ status: 'duplicate' });
    expect(await hoNotes('replayed')).toBe(1);
  });

  it('refuses changes signed with a key revoked by a password reset; the user signs again after unlocking', async () => {
    const dispatch = createDispatcher({ store: b.store, deviceId: 'd', clientId: b.clientId });
    const slot = new SessionStore().slot('s');
    await b.sync.syncNow();
    expect(await dispatch(slot, 'auth.signIn', { username: 'officer1', password: STAFF_PASSWORD }, 'zh-CN')).toMatchObject({ ok: true });
    await setPassword(ho.db, { username: 'officer1', password: 'New#Passw0rd' });
    // Queued with the old key before this PC heard of the reset: head office no longer accepts it.
    expect(await dispatch(slot, 'loan.addNote', { loanId: ho.loanA, body: 'old key' }, 'zh-CN')).toMatchObject({ ok: true });
    const [old] = pendingOutbox(b.store.read(), 10);
    await b.sync.syncNow();
    expect(verdict(b, old!.mutationId)).toEqual({ status: 'rejected', code: 'bad_signature' });
    expect(await hoNotes('old key')).toBe(0);

    // The new key came down: the session must be unlocked with the new password before anything is saved.
    const locked = await dispatch(slot, 'loan.addNote', { loanId: ho.loanA, body: 'new key' }, 'zh-CN');
    expect(locked.ok === false && locked.error.code).toBe('SESSION_LOCKED');
    expect(await dispatch(slot, 'auth.unlock', { password: STAFF_PASSWORD }, 'zh-CN')).toMatchObject({ ok: false });
    expect(await dispatch(slot, 'auth.unlock', { password: 'New#Passw0rd' }, 'zh-CN')).toMatchObject({ ok: true });
    expect(await dispatch(slot, 'loan.addNote', { loanId: ho.loanA, body: 'new key' }, 'zh-CN')).toMatchObject({ ok: true });
    await b.sync.syncNow();
    expect(await hoNotes('new key')).toBe(1);
  });

  it('refuses changes of a user who has no key yet', async () => {
    const [user] = await ho.db.query<Record<string, unknown>>('SELECT * FROM users WHERE id = $1', [ho.users['collector3']]);
    await importReferenceRows(ho.db, 'users', [{ ...user, signing_public_key: null, signing_key_sealed: null }]);
    await a.sync.syncNow();
    const id = a.craft(ho.users['collector3']!, 'loanNote.add@1', { id: uuidv7(), loanId: ho.loanA, body: 'keyless' });
    await a.sync.syncNow();
    expect(verdict(a, id)).toEqual({ status: 'rejected', code: 'no_signing_key' });
  });
});
