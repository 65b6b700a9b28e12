// Small services: app status, sync status, audit verification, per-user preferences.
import { listAuditEntries } from '../../db/local/queries/auditLog';
import type { InputOf, OutputOf, ParsedInputOf } from '../../shared/api/contract';
import { countRows } from '../../db/local/queries/users';
import { getPref, setPref } from '../../db/local/queries/prefs';
import { getSyncValue } from '../../db/local/syncState';
import { outboxCounts } from '../../db/local/outbox';
import { divergenceStatus } from '../../db/local/rowSums';
import { verifyAuditChain } from './audit';
import { requireActor, type ServiceContext } from './context';

export const APP_VERSION = '0.1.0';

function serverConfigured(ctx: ServiceContext): boolean {
  return Boolean(getSyncValue(ctx.store.read(), 'server_url'));
}

export function appStatus(ctx: ServiceContext): OutputOf<'app.status'> {
  const hasData = countRows(ctx.store.read(), 'users') > 0;
  const configured = serverConfigured(ctx);
  return { hasData, serverConfigured: configured, demoAvailable: !hasData && !configured, version: APP_VERSION };
}

/** The sync figures kept in the database (the live loop adds whether it is running and its progress). */
export function syncStatus(ctx: ServiceContext): OutputOf<'sync.status'> {
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

export function auditVerify(ctx: ServiceContext): OutputOf<'audit.verify'> {
  requireActor(ctx);
  return { ...verifyAuditChain(ctx.store), headOffice: null, headOfficeUnavailable: null };
}

export function auditList(ctx: ServiceContext, input: ParsedInputOf<'audit.list'>): OutputOf<'audit.list'> {
  const actor = requireActor(ctx);
  return listAuditEntries(ctx.store.read(), { branchId: actor.branchId, offset: input.offset, limit: input.limit, action: input.action });
}

export function prefsGet(ctx: ServiceContext, input: InputOf<'prefs.get'>): OutputOf<'prefs.get'> {
  return { value: getPref(ctx.store.read(), requireActor(ctx).userId, input.key) };
}

export function prefsSet(ctx: ServiceContext, input: InputOf<'prefs.set'>): OutputOf<'prefs.set'> {
  const actor = requireActor(ctx);
  // Preferences are local, per user and never synced, so they do not go through the mutation path.
  ctx.store.transaction((w) => setPref(w, actor.userId, input.key, input.value));
  return { ok: true };
}
