// sync.status when no sync loop runs (head office not configured, or before it starts): the figures
// kept in the database.
import type { OutputOf } from '../../shared/api/contract';
import { getSyncValue } from '../../db/local/syncState';
import { outboxCounts } from '../../db/local/outbox';
import { divergenceStatus } from '../../db/local/rowSums';
import { serverConfigured } from './app';
import type { ServiceContext } from './context';

/** The sync figures kept in the database (the live loop adds whether it is running and its progress). */
export function status(ctx: ServiceContext): OutputOf<'sync.status'> {
  const r = ctx.store.read();
  const counts = outboxCounts(r);
  return {
    serverConfigured: serverConfigured(ctx),
    online: false,
    pending: (counts['pending'] ?? 0) + (counts['in_flight'] ?? 0),
    rejected: (counts['rejected'] ?? 0) + (counts['conflict'] ?? 0),
    lastSuccessAt: getSyncValue(r, 'last_success_at') ?? null,
    running: false,
    lastError: null,
    progress: null,
    skewMs: null,
    dataVersion: 0,
    upgradeRequired: false,
    halted: null,
    divergence: divergenceStatus(r),
  };
}
