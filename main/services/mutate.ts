// The one write path (DESIGN.md §6): authorize, validate, write the rows, append the outbox entry and
// the audit entry — all in ONE SQLite transaction. Nothing else writes synced tables.
import { v7 as uuidv7 } from 'uuid';
import { hasAnyRole } from '../../shared/auth/roles';
import { MutationRefused, mutationKey, type MutationDef, type Row } from '../../shared/mutations/types';
import { applyWrite, readMutationRows, readRowById } from '../../db/local/writePath';
import { appendOutbox } from '../../db/local/outbox';
import { GLOBAL_TABLES, isAppendOnlyTable } from '../../shared/sync/tables';
import { appendAuditEntry, digestRow } from './audit';
import { requireActor, type ServiceContext } from './context';
import { ServiceError } from './errors';
import { parseWithLocale, zodFieldErrors } from './validation';
import { publicKeyText, signChange } from './signing';
import type { KeyObject } from 'node:crypto';
import { unstorableTextPath } from '../../shared/text/storable';
import { fieldMessage } from '../../shared/i18n/errors';
import { branchApplyContext } from './policies';
import { refreshQueueAfterWrites } from './collections/queueSummary';

// At the branch the client's own rows are the base: nothing read can be stale yet.
const NOTHING_STALE: ReadonlySet<string> = new Set();

const tableOfKey = (key: string) => key.slice(0, key.indexOf(':'));

function isGlobalKey(key: string): boolean {
  return (GLOBAL_TABLES as readonly string[]).includes(tableOfKey(key));
}

/**
 * The session's signing key, if it is still the user's: after head office re-keyed the user (a password
 * reset), their changes could never be accepted, so the session is locked until the new password is
 * given — which opens the new key.
 */
function currentSigningKey(ctx: ServiceContext, userId: string): KeyObject | null {
  const state = ctx.session.get();
  const key = state?.signingKey ?? null;
  const published = readRowById(ctx.store.read(), 'users', userId)?.['signing_public_key'];
  if (!key) {
    if (state && typeof published === 'string') {
      ctx.session.set({ ...state, locked: true });
      throw new ServiceError('SESSION_LOCKED');
    }
    return null;
  }
  if (state && publicKeyText(key) !== published) {
    ctx.session.set({ ...state, locked: true, signingKey: null });
    throw new ServiceError('SESSION_LOCKED');
  }
  return key;
}

export function mutate<A, R>(ctx: ServiceContext, def: MutationDef<A, R>, rawArgs: unknown): R {
  const actor = requireActor(ctx);
  if (!hasAnyRole(actor.roles, def.roles)) throw new ServiceError('FORBIDDEN');
  // Head office cannot store NUL or a lone surrogate: such input would be refused there after the user
  // saw it saved here. Every caller's input is refused at the door instead.
  const unstorable = unstorableTextPath(rawArgs);
  if (unstorable !== null) throw new ServiceError('VALIDATION', {}, { [unstorable]: fieldMessage('unstorableText', ctx.locale) });
  const parsed = parseWithLocale(def.args, rawArgs, ctx.locale);
  if (!parsed.success) throw new ServiceError('VALIDATION', {}, zodFieldErrors(parsed.error));
  const args = parsed.data;
  const now = ctx.clock().toISOString();
  const signingKey = currentSigningKey(ctx, actor.userId);

  return ctx.store.transaction((w) => {
    const rows = readMutationRows(w, def.reads(args), def.readsOwned?.(args));
    for (const [key, row] of rows) {
      // Branch isolation: a mutation may only touch rows of the actor's own branch (global rows —
      // templates, policies — belong to head office and are only ever read).
      if (isGlobalKey(key)) continue;
      if (typeof row['branch_id'] === 'string' && row['branch_id'] !== actor.branchId) {
        throw new ServiceError('FORBIDDEN', { row: key });
      }
    }
    let plan;
    try {
      plan = def.apply({ args, actor, rows, now, stale: NOTHING_STALE, ...branchApplyContext(w, def, actor.branchId, now) });
    } catch (err) {
      if (err instanceof MutationRefused) {
        throw new ServiceError(err.code, { rule: err.message }, undefined, err.details);
      }
      throw err;
    }
    const entityTable = plan.writes.find((x) => x.id === plan.audit.entityId)?.table;
    // Kept with the outbox entry: if head office refuses the mutation, these rows are put back. The
    // audited entity's before-image is one of them.
    const undo = plan.writes.map((x) => ({ table: x.table, id: x.id, before: readRowById(w, x.table, x.id) ?? null }));
    const before: Row | undefined = undo.find((u) => u.table === entityTable && u.id === plan.audit.entityId)?.before ?? undefined;
    for (const write of plan.writes) applyWrite(w, write, { branchId: actor.branchId, userId: actor.userId, now });
    refreshQueueAfterWrites(w, plan.writes, new Date(now));
    const after: Row | undefined = entityTable ? readRowById(w, entityTable, plan.audit.entityId) : undefined;

    // The versions head office checks for staleness; append-only rows never change, so a loan's contact
    // window (dozens of rows) stays out of every outbox entry.
    const baseVersions: Record<string, number> = {};
    for (const [key, row] of rows) if (!isAppendOnlyTable(tableOfKey(key))) baseVersions[key] = Number(row['row_version'] ?? 0);
    const mutationId = uuidv7();
    // The audit entry first: its chain head is part of what the user signs in the outbox entry.
    const auditHead = appendAuditEntry(w, ctx.store.keys.audit, {
      id: mutationId,
      branch_id: actor.branchId,
      at: now,
      actor_id: actor.userId,
      device_id: ctx.deviceId,
      action: plan.audit.action,
      entity_type: plan.audit.entityType,
      entity_id: plan.audit.entityId,
      before_digest: digestRow(before),
      after_digest: digestRow(after),
    });
    const entry = {
      clientId: ctx.clientId, mutationId, name: mutationKey(def), args, baseVersions, userId: actor.userId, deviceTime: now, auditHead,
    };
    appendOutbox(w, { ...entry, undo }, signingKey ? (seq) => signChange(signingKey, { ...entry, seq }) : undefined);
    return plan.result;
  });
}

