// The API registry's front door, shared by IPC and the dev-web host: reject unknown names, check the
// session and role, parse input with the contract, run the service, check the output, answer with
// the envelope. The renderer is never trusted for who is calling.
import type { z } from 'zod';
import { api, isMethodName, type MethodName } from '../../shared/api/contract';
import type { Envelope, Locale } from '../../shared/api/envelope';
import { hasAnyRole } from '../../shared/auth/roles';
import { errorMessage, fieldMessage } from '../../shared/i18n/errors';
import { unstorableTextPath } from '../../shared/text/storable';
import type { LocalStore } from '../../db/local/store';
import { policyValue } from '../../db/local/queries/policies';
import type { ServiceContext } from '../services/context';
import { ServiceError } from '../services/errors';
import type { SessionSlot } from '../services/session';
import { parseWithLocale, zodFieldErrors } from '../services/validation';
import type { SyncController } from '../sync/controller';
import { createHandlers, type Handlers } from './handlers';

/** Background calls (status polling, the menu's counts) that must not count as the user's activity for the idle lock. */
const PASSIVE_METHODS = new Set<MethodName>(['sync.status', 'sync.inbox', 'app.status', 'auth.me', 'workbench.counts']);

/** Methods a locked session may still call (to unlock, or to see who is locked). */
const ALLOWED_WHILE_LOCKED = new Set<MethodName>(['auth.lock', 'auth.unlock', 'auth.signOut', 'auth.me', 'app.status']);

export interface DispatcherDeps {
  store: LocalStore;
  deviceId: string;
  clientId: string;
  clock?: () => Date;
  handlers?: Handlers;
  sync?: SyncController | null;
  log?: (entry: Record<string, unknown>) => void;
}

export type Dispatch = (session: SessionSlot, name: unknown, input: unknown, locale: Locale) => Promise<Envelope<unknown>>;

export function createDispatcher(deps: DispatcherDeps): Dispatch {
  const clock = deps.clock ?? (() => new Date());
  const table = deps.handlers ?? createHandlers(deps.sync ?? null);
  const log = deps.log ?? ((entry) => console.error(JSON.stringify(entry)));

  return async (session, name, rawInput, locale) => {
    const fail = (err: ServiceError): Envelope<unknown> => ({
      ok: false,
      error: {
        code: err.code,
        message: errorMessage(err.code, locale, err.params),
        ...(err.fields ? { fields: err.fields } : {}),
        ...(Object.keys(err.params).length || err.details ? { details: { ...err.params, ...err.details } } : {}),
      },
    });
    if (!isMethodName(name)) return fail(new ServiceError('UNKNOWN_METHOD', { name: String(name).slice(0, 80) }));
    const contract = api[name];
    const now = clock();
    const state = session.get();

    if (contract.access !== 'public') {
      if (!state) return fail(new ServiceError('UNAUTHENTICATED'));
      const idleMs = policyValue(deps.store.read(), 'security', state.user.branchId, now).idleLockMinutes * 60_000;
      if (!state.locked && now.getTime() - state.lastActivityMs > idleMs) session.set({ ...state, locked: true });
      if (session.get()?.locked && !ALLOWED_WHILE_LOCKED.has(name)) return fail(new ServiceError('SESSION_LOCKED'));
      if (contract.access !== 'signedIn' && !hasAnyRole(state.user.roles, contract.access)) {
        return fail(new ServiceError('FORBIDDEN'));
      }
    }

    // Before the schema: no field, whatever its type, may carry text that cannot be stored or synced.
    const unstorable = unstorableTextPath(rawInput);
    if (unstorable !== null) return fail(new ServiceError('VALIDATION', {}, { [unstorable]: fieldMessage('unstorableText', locale) }));
    const parsed = parseWithLocale(contract.input as z.ZodType<unknown>, rawInput ?? {}, locale);
    if (!parsed.success) return fail(new ServiceError('VALIDATION', {}, zodFieldErrors(parsed.error)));

    const current = session.get();
    const ctx: ServiceContext = {
      store: deps.store,
      actor: current
        ? { userId: current.user.id, branchId: current.user.branchId, roles: current.user.roles, deviceId: deps.deviceId }
        : null,
      locale,
      clock,
      deviceId: deps.deviceId,
      clientId: deps.clientId,
      session,
    };
    try {
      const handler = table[name] as (c: ServiceContext, i: unknown) => unknown;
      const output = await handler(ctx, parsed.data);
      const checked = contract.output.safeParse(output);
      if (!checked.success) {
        log({ level: 'error', msg: 'output failed its contract', method: name, issues: checked.error.issues.slice(0, 5) });
        return fail(new ServiceError('INTERNAL'));
      }
      const after = session.get();
      if (after && !after.locked && !PASSIVE_METHODS.has(name)) session.set({ ...after, lastActivityMs: now.getTime() });
      return { ok: true, data: checked.data };
    } catch (err) {
      if (err instanceof ServiceError) return fail(err);
      log({ level: 'error', msg: 'service failed', method: name, error: String(err), stack: (err as Error)?.stack });
      return fail(new ServiceError('INTERNAL'));
    }
  };
}
