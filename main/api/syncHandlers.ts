// API methods of the sync client: status for the header, enrollment, "sync now" and the sync inbox.
import type { OutputOf } from '../../shared/api/contract';
import { listSyncIssues } from '../../db/local/syncStore';
import { maskNumbersDeep, maskNumbersIn } from '../../shared/text/mask';
import { fieldMessage, syncHaltMessage, unavailableReason } from '../../shared/i18n/errors';
import type { Locale } from '../../shared/api/envelope';
import { headOfficeUrlProblem, normalizeCertificatePin } from '../../shared/sync/transportSecurity';
import { countRows, userDisplayNames } from '../../db/local/queries/users';
import type { ServiceContext } from '../services/context';
import { ServiceError } from '../services/errors';
import * as auditLog from '../services/auditLog';
import * as syncStatus from '../services/syncStatus';
import type { SyncController } from '../sync/controller';
import { SyncTransportError } from '../sync/transport';
import type { Handlers } from './handlers';

type SyncHandlers = Pick<Handlers, 'sync.status' | 'sync.enroll' | 'sync.now' | 'sync.inbox' | 'sync.branchIssues' | 'audit.verify'>;

function offlineStatus(ctx: ServiceContext): OutputOf<'sync.status'> {
  return syncStatus.status(ctx);
}

/** The live status, a halt's technical message replaced by plain words in the user's language. */
function liveStatus(sync: SyncController, locale: Locale): OutputOf<'sync.status'> {
  const status = sync.status();
  return status.halted ? { ...status, lastError: syncHaltMessage(status.halted, locale) } : status;
}

/** Why enrollment failed, in the user's language. */
function enrollFailure(err: SyncTransportError, locale: Locale): string {
  if (err.kind === 'network') return unavailableReason('headOfficeUnreachable', locale);
  if (err.kind !== 'tls') return unavailableReason('enrollmentCodeInvalid', locale);
  if (err.code === 'pin_mismatch') return unavailableReason('certificatePinMismatch', locale);
  if (err.code === 'plain_http') return unavailableReason('plainHttpRefused', locale);
  return unavailableReason('certificateUntrusted', locale);
}

export function createSyncHandlers(sync: SyncController | null): SyncHandlers {
  return {
    'sync.status': (ctx) => (sync ? liveStatus(sync, ctx.locale) : offlineStatus(ctx)),
    'sync.enroll': async (ctx, input) => {
      if (!sync) throw new ServiceError('NOT_AVAILABLE', { reason: 'sync' });
      // Enrolling binds this data folder to one branch: only a fresh workstation may do it.
      if (sync.serverUrl() || countRows(ctx.store.read(), 'users') > 0) {
        throw new ServiceError('NOT_AVAILABLE', { reason: unavailableReason('alreadyEnrolled', ctx.locale) });
      }
      // Plain HTTP only to this computer; a pin, when given, must be one (typed or pasted as printed).
      const fields: Record<string, string> = {};
      if (headOfficeUrlProblem(input.serverUrl) !== null) fields['serverUrl'] = fieldMessage('httpsRequired', ctx.locale);
      const pin = input.pin ? normalizeCertificatePin(input.pin) : null;
      if (input.pin && !pin) fields['pin'] = fieldMessage('certificatePinFormat', ctx.locale);
      if (Object.keys(fields).length > 0) throw new ServiceError('VALIDATION', {}, fields);
      try {
        return await sync.enroll(input.serverUrl, input.code, input.deviceName, pin);
      } catch (err) {
        if (err instanceof SyncTransportError) throw new ServiceError('NOT_AVAILABLE', { reason: enrollFailure(err, ctx.locale) });
        throw err;
      }
    },
    'sync.now': async (ctx) => {
      if (!sync) return offlineStatus(ctx);
      await sync.syncNow().catch(() => undefined); // the status carries the error for the UI
      return liveStatus(sync, ctx.locale);
    },
    'sync.branchIssues': async (ctx) => {
      const unavailable = unavailableReason('needsHeadOffice', ctx.locale);
      const answer = sync ? await sync.branchIssues().catch(() => null) : null;
      if (!answer) throw new ServiceError('NOT_AVAILABLE', { reason: unavailable });
      const names = userDisplayNames(ctx.store.read());
      return {
        issues: answer.issues.map((i) => ({
          mutationId: i.mutationId,
          mutationName: i.name,
          userId: i.userId,
          userName: names.get(i.userId) ?? null,
          deviceName: i.deviceName,
          kind: i.status,
          reason: i.reason,
          receivedAt: i.receivedAt,
          args: i.args,
        })),
      };
    },
    'audit.verify': async (ctx) => {
      const local = auditLog.verify(ctx);
      if (!sync) return local;
      try {
        return { ...local, headOffice: await sync.compareAudit() };
      } catch {
        return { ...local, headOfficeUnavailable: unavailableReason('headOfficeUnreachable', ctx.locale) };
      }
    },
    'sync.inbox': (ctx) => {
      const actor = ctx.actor;
      // A supervisor sees the branch's conflicts; everyone else sees their own.
      const everyone = actor?.roles.includes('supervisor') ?? false;
      const issues = listSyncIssues(ctx.store.read(), everyone ? null : (actor?.userId ?? ''));
      // Another user's entries (a supervisor's view) show numbers masked, as the collection screen does.
      const masked = (i: (typeof issues)[number]) => i.payload?.userId !== actor?.userId;
      return {
        issues: issues.map((i) => ({
          id: i.id,
          mutationId: i.mutationId,
          kind: i.kind,
          reason: masked(i) ? { code: i.reason.code, message: maskNumbersIn(i.reason.message) } : i.reason,
          mutationName: i.payload?.name ?? null,
          args: masked(i) ? maskNumbersDeep(i.payload?.args ?? null) : (i.payload?.args ?? null),
          userId: i.payload?.userId ?? null,
          createdAt: i.createdAt,
        })),
      };
    },
  };
}
