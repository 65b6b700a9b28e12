// A branch workstation for sync tests: its own SQLite file, device token file and sync controller.
import path from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { loanNoteAdd } from '../../shared/mutations/loanNote';
import { openWorkstation } from '../../main/services/bootstrap';
import { mutate } from '../../main/services/mutate';
import { SessionStore } from '../../main/services/session';
import { SyncController } from '../../main/sync/controller';
import { fileTokenStore } from '../../main/sync/tokenStore';
import type { ServiceContext } from '../../main/services/context';
import type { LocalStore } from '../../db/local/store';
import { tempDir } from './fixtures';

export interface TestWorkstation {
  dir: string;
  store: LocalStore;
  sync: SyncController;
  clientId: string;
  addNote(userId: string, loanId: string, body: string): string;
  /** A ServiceContext for calling services as this user on this workstation (the user must have been pulled). */
  context(userId: string): ServiceContext;
  close(): Promise<void>;
}

export function openTestWorkstation(dir = tempDir('ws-'), clock: () => Date = () => new Date()): TestWorkstation {
  const ws = openWorkstation({ dataDir: dir, clock });
  const sync = new SyncController({
    store: ws.store,
    tokens: fileTokenStore(dir),
    clientId: ws.clientId,
    appVersion: 'test',
    clock,
    timers: { idleMs: 3_600_000, changePollMs: 3_600_000, maxBackoffMs: 50 },
  });
  return {
    dir,
    store: ws.store,
    sync,
    clientId: ws.clientId,
    addNote(userId, loanId, body) {
      const user = ws.store.read().sql.prepare('SELECT branch_id, roles FROM users WHERE id = ?').get(userId) as
        | { branch_id: string; roles: string }
        | undefined;
      if (!user) throw new Error(`user ${userId} not on this workstation`);
      const id = uuidv7();
      mutate(
        {
          store: ws.store,
          actor: { userId, branchId: user.branch_id, roles: JSON.parse(user.roles), deviceId: ws.deviceId },
          locale: 'zh-CN',
          clock,
          deviceId: ws.deviceId,
          clientId: ws.clientId,
          session: new SessionStore().slot('test'),
        },
        loanNoteAdd,
        { id, loanId, body },
      );
      return id;
    },
    context(userId) {
      const user = ws.store.read().sql.prepare('SELECT branch_id, roles FROM users WHERE id = ?').get(userId) as
        | { branch_id: string; roles: string }
        | undefined;
      if (!user) throw new Error(`user ${userId} not on this workstation`);
      return {
        store: ws.store,
        actor: { userId, branchId: user.branch_id, roles: JSON.parse(user.roles), deviceId: ws.deviceId },
        locale: 'en',
        clock,
        deviceId: ws.deviceId,
        clientId: ws.clientId,
        session: new SessionStore().slot('test'),
      };
    },
    close: async () => {
      await sync.stop();
      ws.store.close();
    },
  };
}

export function dbPath(w: TestWorkstation): string {
  return path.join(w.dir, 'workstation.db');
}
