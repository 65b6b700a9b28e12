// A branch workstation for sync tests: its own SQLite file, device token file and sync controller.
import { v7 as uuidv7 } from 'uuid';
import { loanNoteAdd } from '../../shared/mutations/loanNote';
import { openWorkstation } from '../../main/services/bootstrap';
import { keyInDataFolder } from '../../main/services/dataKey';
import { appendAuditEntry } from '../../main/services/audit';
import { mutate } from '../../main/services/mutate';
import { SessionStore } from '../../main/services/session';
import { SyncController } from '../../main/sync/controller';
import { fileTokenStore } from '../../main/sync/tokenStore';
import type { ServiceContext } from '../../main/services/context';
import { openSigningKey, signChange } from '../../main/services/signing';
import type { KeyObject } from 'node:crypto';
import type { LocalStore } from '../../db/local/store';
import { appendOutbox } from '../../db/local/outbox';
import { STAFF_PASSWORD, tempDir } from './fixtures';
import type { HeadOffice } from './headOffice';

export interface TestWorkstation {
  dir: string;
  store: LocalStore;
  sync: SyncController;
  clientId: string;
  addNote(userId: string, loanId: string, body: string): string;
  /** A ServiceContext for calling services as this user on this workstation (the user must have been pulled), signed in. */
  context(userId: string): ServiceContext;
  /**
   * An outbox entry written directly, as a tampered or out-of-date client holding the user's key could
   * queue it (no local change), signed unless `unsigned`. Returns its mutation id.
   */
  craft(userId: string, name: string, args: unknown, opts?: { unsigned?: boolean; signAs?: string }): string;
  close(): Promise<void>;
}

export function openTestWorkstation(dir = tempDir('ws-'), clock: () => Date = () => new Date()): TestWorkstation {
  const ws = openWorkstation({ dataDir: dir, keyProtector: keyInDataFolder, clock });
  const sync = new SyncController({
    store: ws.store,
    tokens: fileTokenStore(dir),
    clientId: ws.clientId,
    appVersion: 'test',
    clock,
    timers: { idleMs: 3_600_000, changePollMs: 3_600_000, maxBackoffMs: 50 },
  });
  const keys = new Map<string, KeyObject | null>();
  /** The user's private key, opened with the staff password as sign-in would. */
  const keyOf = (userId: string): KeyObject | null => {
    if (!keys.has(userId)) {
      const row = ws.store.read().sql.prepare('SELECT signing_key_sealed AS sealed FROM users WHERE id = ?').get(userId) as { sealed: string | null } | undefined;
      keys.set(userId, openSigningKey(row?.sealed, STAFF_PASSWORD));
    }
    return keys.get(userId) ?? null;
  };
  const userOf = (userId: string) => {
    const user = ws.store.read().sql.prepare('SELECT branch_id, username, display_name, roles FROM users WHERE id = ?').get(userId) as
      | { branch_id: string; username: string; display_name: string; roles: string }
      | undefined;
    if (!user) throw new Error(`user ${userId} not on this workstation`);
    return user;
  };
  const context = (userId: string, locale: 'en' | 'zh-CN' = 'en'): ServiceContext => {
    const user = userOf(userId);
    const roles = JSON.parse(user.roles);
    // Signed in, as through the API: the session holds the key the password opened.
    const session = new SessionStore().slot('test');
    session.set({
      user: { id: userId, username: user.username, displayName: user.display_name, roles, branchId: user.branch_id, branchName: '', branchNameEn: '' },
      lastActivityMs: clock().getTime(),
      locked: false,
      signingKey: keyOf(userId),
    });
    return {
      store: ws.store,
      actor: { userId, branchId: user.branch_id, roles, deviceId: ws.deviceId },
      locale,
      clock,
      deviceId: ws.deviceId,
      clientId: ws.clientId,
      session,
    };
  };
  return {
    dir,
    store: ws.store,
    sync,
    clientId: ws.clientId,
    addNote(userId, loanId, body) {
      const id = uuidv7();
      mutate(context(userId, 'zh-CN'), loanNoteAdd, { id, loanId, body });
      return id;
    },
    context: (userId) => context(userId),
    craft(userId, name, args, opts = {}) {
      const mutationId = uuidv7();
      const deviceTime = clock().toISOString();
      const key = opts.unsigned ? null : keyOf(opts.signAs ?? userId);
      ws.store.transaction((w) => {
        const auditHead = appendAuditEntry(w, ws.store.keys.audit, {
          id: mutationId, branch_id: 'crafted', at: deviceTime, actor_id: userId, device_id: 'crafted', action: name,
          entity_type: 'crafted', entity_id: mutationId, before_digest: null, after_digest: null,
        });
        const entry = { clientId: ws.clientId, mutationId, name, args, baseVersions: {}, userId, deviceTime, auditHead };
        appendOutbox(w, { ...entry, undo: [] }, key ? (seq) => signChange(key, { ...entry, seq }) : undefined);
      });
      return mutationId;
    },
    close: async () => {
      await sync.stop();
      ws.store.close();
    },
  };
}

export interface EnrollOptions {
  /** Leave its background sync loop running after enrollment (default: stopped, rounds only when a test asks). */
  keepSyncing?: boolean;
}

/** A workstation enrolled with head office in branch B001 under `name`, its background loop stopped unless asked. */
export async function enrolledWorkstation(ho: HeadOffice, name: string, opts: EnrollOptions = {}): Promise<TestWorkstation> {
  const ws = openTestWorkstation();
  await ws.sync.enroll(ho.url, await ho.enrollCode('B001'), name, ho.pin);
  if (!opts.keepSyncing) await ws.sync.stop();
  return ws;
}

/** Workstations enrolled with head office in branch B001, their background loop stopped: rounds run only when a test asks. */
export async function enrolledWorkstations(ho: HeadOffice, names: readonly string[]): Promise<TestWorkstation[]> {
  const out: TestWorkstation[] = [];
  for (const name of names) out.push(await enrolledWorkstation(ho, name));
  return out;
}
