// Opening a workstation's data folder: the database (migrated), the device and client identities,
// derived metrics brought up to today, and the API dispatcher. Used by Electron main and the dev-web host.
import path from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { todayInTimeZone } from '../../shared/domain/dates';
import { LocalStore } from '../../db/local/store';
import { metricsAsOf } from '../../db/local/queries/portfolio';
import { getSyncValue, setSyncValue } from '../../db/local/syncState';
import { workstationTimeZone } from './policies';
import { refreshCollectionQueue } from './collections/queueSummary';
import { queueMissingRows } from '../../db/local/queries/collectionQueue';
import { loansWithoutMetrics } from '../../db/local/metrics';
import { refreshLoanMetrics } from './metrics';
import { keyAuditChainFrom } from './audit';
import { ensurePrivateFolder, storeKeysFor, type KeyProtector } from './dataKey';

export const DATABASE_FILE_NAME = 'workstation.db';

export interface Workstation {
  store: LocalStore;
  deviceId: string;
  clientId: string;
}

function ensureIdentity(store: LocalStore, key: 'device_id' | 'client_id'): string {
  const existing = getSyncValue(store.read(), key);
  if (existing) return existing;
  const id = uuidv7();
  store.transaction((w) => setSyncValue(w, key, id));
  return id;
}

export interface OpenWorkstationOptions {
  dataDir: string;
  /** Seals the data key: the OS keystore in Electron, the data folder itself for the dev/test host. */
  keyProtector: KeyProtector;
  migrationsFolder?: string;
  clock?: () => Date;
}

export function openWorkstation(opts: OpenWorkstationOptions): Workstation {
  ensurePrivateFolder(opts.dataDir);
  const file = path.join(opts.dataDir, DATABASE_FILE_NAME);
  const store = LocalStore.open(file, storeKeysFor(file, opts.keyProtector), opts.migrationsFolder);
  // An older release's audit entries keep their plain links; the keyed chain starts after them.
  if (store.encryptedAtOpen) store.transaction((w) => keyAuditChainFrom(w, store.keys.audit));
  const deviceId = ensureIdentity(store, 'device_id');
  const clientId = ensureIdentity(store, 'client_id');
  const today = todayInTimeZone((opts.clock ?? (() => new Date()))(), workstationTimeZone(store.read()));
  const asOf = metricsAsOf(store.read());
  // DPD moves with the calendar: bring the stored figures up to today before anyone reads them (and
  // compute them at all for loans that arrived without them).
  const loansWithout = loansWithoutMetrics(store.read());
  const now = (opts.clock ?? (() => new Date()))();
  if ((asOf !== null && asOf < today) || loansWithout) refreshLoanMetrics(store, today, undefined, now);
  // A queue never built (a database from an older release, or data written outside the app).
  else if (queueMissingRows(store.read())) store.transaction((w) => refreshCollectionQueue(w, null, now));
  return { store, deviceId, clientId };
}
