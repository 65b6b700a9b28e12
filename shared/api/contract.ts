// The API contract: 'domain.verb' -> input schema, output schema, who may call it. One definition for
// both transports (Electron IPC and the dev-web loopback host).
import { z } from 'zod';
import { BRANCH_STAFF, type Access } from '../auth/roles';
import * as audit from './auditSchemas';
import * as col from './collectionSchemas';
import * as dd from './ddSchemas';
import { loanDetail } from './loanSchemas';
import { ddPolicy } from '../domain/ddPolicy';
import { portfolioQuery, portfolioRow, sessionUser } from './schemas';
import * as views from './portfolioViewSchemas';
import * as workbench from './workbenchSchemas';

/** queuesWork: the method records branch work for head office (adds to the outbox). */
function method<I extends z.ZodType, O extends z.ZodType>(input: I, output: O, access: Access, opts: { queuesWork?: boolean } = {}) {
  return { input, output, access, queuesWork: opts.queuesWork ?? false };
}

const empty = z.object({}).strict();

const syncStatusOut = z.object({
  serverConfigured: z.boolean(),
  online: z.boolean(),
  running: z.boolean(),
  pending: z.number().int(),
  rejected: z.number().int(),
  lastSuccessAt: z.string().nullable(),
  lastError: z.string().nullable(),
  progress: z
    .object({ phase: z.string(), scope: z.string().optional(), pulledRows: z.number().int(), pushed: z.number().int() })
    .nullable(),
  skewMs: z.number().nullable(),
  /** Goes up each time a sync round brings new data, so open screens know to reload. */
  dataVersion: z.number().int(),
  upgradeRequired: z.boolean(),
  /**
   * The loop stopped retrying on its own until a person acts: head office's certificate is not the
   * pinned one, or the device token expired (enroll again). lastError then says it in plain words.
   */
  halted: z.enum(['certificate', 'tokenExpired']).nullable(),
  /** Differences from head office found by the scope row sums; repaired by re-pulling the scope. */
  divergence: z.object({
    detected: z.number().int(),
    lastDetectedAt: z.string().nullable(),
    unresolved: z.array(z.string()),
    lastVerifiedAt: z.string().nullable(),
  }),
});
const okOut = z.object({ ok: z.literal(true) });

export const api = {
  'app.status': method(
    empty,
    z.object({ hasData: z.boolean(), serverConfigured: z.boolean(), demoAvailable: z.boolean(), version: z.string() }),
    'public',
  ),
  'demo.load': method(
    z.object({ loans: z.number().int().min(10).max(20_000).default(5_000) }).strict(),
    z.object({ loans: z.number().int(), users: z.array(z.object({ username: z.string(), roles: z.array(z.string()) })) }),
    'public',
  ),
  'auth.signIn': method(
    z.object({ username: z.string().trim().min(1).max(64), password: z.string().min(1).max(256) }).strict(),
    z.object({ user: sessionUser, idleLockMinutes: z.number().int() }),
    'public',
  ),
  'auth.signOut': method(empty, okOut, 'public'),
  'auth.me': method(
    empty,
    z.object({ user: sessionUser.nullable(), locked: z.boolean(), idleLockMinutes: z.number().int() }),
    'public',
  ),
  /** The user locks the workstation on leaving the desk; only their password opens it again. */
  'auth.lock': method(empty, okOut, 'signedIn'),
  'auth.unlock': method(z.object({ password: z.string().min(1).max(256) }).strict(), z.object({ user: sessionUser }), 'public'),
  'portfolio.list': method(
    portfolioQuery.extend({ offset: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(1000).default(100) }).strict(),
    z.object({ rows: z.array(portfolioRow), total: z.number().int(), asOf: z.string() }),
    BRANCH_STAFF,
  ),
  'portfolio.exportCsv': method(
    portfolioQuery.extend({ locale: z.enum(['zh-CN', 'en']).default('zh-CN') }).strict(),
    z.object({ fileName: z.string(), csv: z.string(), rows: z.number().int() }),
    BRANCH_STAFF,
  ),
  'loan.get': method(z.object({ loanId: z.string().min(1).max(64) }).strict(), loanDetail, BRANCH_STAFF),
  'loan.addNote': method(
    z.object({ loanId: z.string().min(1).max(64), body: z.string().trim().min(1).max(2000), correctsId: z.uuid().optional() }).strict(),
    z.object({ id: z.string() }),
    ['officer', 'inspector', 'collector', 'supervisor'],
    { queuesWork: true },
  ),
  'dd.searchCustomers': method(dd.ddCustomerSearchIn, dd.ddCustomerSearchOut, ['officer', 'supervisor']),
  'dd.templates': method(dd.ddTemplatesIn, dd.ddTemplatesOut, ['officer', 'supervisor']),
  'dd.open': method(dd.ddOpenIn, dd.ddOpenOut, ['officer'], { queuesWork: true }),
  'dd.list': method(dd.ddListIn, dd.ddListOut, ['officer', 'supervisor']),
  'dd.get': method(dd.ddGetIn, dd.ddGetOut, ['officer', 'supervisor']),
  'dd.answer': method(dd.ddAnswerIn, dd.ddAnswerOut, ['officer'], { queuesWork: true }),
  'dd.attach': method(dd.ddAttachIn, dd.ddAttachOut, ['officer'], { queuesWork: true }),
  'dd.attachmentContent': method(dd.ddAttachmentContentIn, dd.ddAttachmentContentOut, ['officer', 'supervisor']),
  'dd.submit': method(dd.ddSubmitIn, dd.ddSubmitOut, ['officer'], { queuesWork: true }),
  'dd.decide': method(dd.ddDecideIn, dd.ddDecideOut, ['supervisor'], { queuesWork: true }),
  'dd.withdraw': method(dd.ddWithdrawIn, dd.ddDecideOut, ['officer'], { queuesWork: true }),
  'collections.queue': method(col.queueIn, col.queueOut, ['collector', 'supervisor']),
  'collections.loan': method(col.loanCollectionIn, col.loanCollectionOut, ['collector', 'supervisor']),
  'collections.check': method(col.checkContactIn, col.checkContactOut, ['collector', 'supervisor']),
  'collections.logContact': method(col.logContactIn, col.logContactOut, ['collector', 'supervisor'], { queuesWork: true }),
  'collections.override': method(col.overrideIn, col.overrideOut, ['supervisor'], { queuesWork: true }),
  'collections.clearHold': method(col.clearHoldIn, okOut, ['supervisor'], { queuesWork: true }),
  'collections.recordConsent': method(col.recordConsentIn, col.recordConsentOut, ['collector', 'supervisor'], { queuesWork: true }),
  'collections.withdrawConsent': method(col.withdrawConsentIn, okOut, ['collector', 'supervisor'], { queuesWork: true }),
  'collections.assign': method(col.assignIn, col.assignOut, ['supervisor'], { queuesWork: true }),
  'collections.agents': method(empty, col.agentsOut, ['collector', 'supervisor']),
  'collections.kpis': method(col.kpiIn, col.kpiOut, ['supervisor']),
  /** What waits for the signed-in user, per role they hold: the menu badges (counted in SQL, cheap). */
  'workbench.counts': method(empty, workbench.workbenchCountsOut, ['officer', 'supervisor', 'collector']),
  /** The branch's loans a dispute or stop request holds until a supervisor clears it. */
  'workbench.holds': method(workbench.workbenchHoldsIn, workbench.workbenchHoldsOut, ['supervisor']),
  /** The caller's branch as letters print it: names and the contact line from its branch row. */
  'branch.letterhead': method(
    empty,
    z.object({ code: z.string(), nameZh: z.string(), nameEn: z.string(), phone: z.string().nullable(), address: z.string().nullable() }),
    'signedIn',
  ),
  'audit.list': method(audit.auditListIn, audit.auditListOut, ['supervisor', 'admin']),
  /** The entries the filters select, as CSV (the same words as the list). */
  'audit.exportCsv': method(audit.auditExportIn, audit.auditExportOut, ['supervisor', 'admin']),
  'sync.status': method(empty, syncStatusOut, 'signedIn'),
  'sync.enroll': method(
    z
      .object({
        serverUrl: z.url({ protocol: /^https?$/ }).max(200),
        code: z.string().trim().min(6).max(64),
        deviceName: z.string().trim().min(1).max(100),
        /** Head office's certificate pin as its CLI prints it beside the code (shared/sync/transportSecurity.ts); checked in the handler. */
        pin: z.string().trim().max(100).optional(),
      })
      .strict(),
    z.object({ branchId: z.string() }),
    'public',
  ),
  'sync.now': method(empty, syncStatusOut, 'signedIn'),
  'sync.inbox': method(
    empty,
    z.object({
      issues: z.array(
        z.object({
          id: z.string(),
          mutationId: z.string().nullable(),
          kind: z.string(),
          reason: z.object({ code: z.string(), message: z.string() }),
          mutationName: z.string().nullable(),
          args: z.unknown(),
          userId: z.string().nullable(),
          createdAt: z.string(),
        }),
      ),
    }),
    'signedIn',
  ),
  'sync.branchIssues': method(
    empty,
    z.object({
      issues: z.array(
        z.object({
          mutationId: z.string(),
          mutationName: z.string(),
          userId: z.string(),
          userName: z.string().nullable(),
          deviceName: z.string(),
          kind: z.enum(['rejected', 'conflict']),
          reason: z.object({ code: z.string(), message: z.string() }).nullable(),
          receivedAt: z.string(),
          args: z.unknown(),
        }),
      ),
    }),
    ['supervisor'],
  ),
  'audit.verify': method(
    empty,
    z.object({
      ok: z.boolean(),
      checked: z.number().int(),
      firstBroken: z.object({ seq: z.number().int(), id: z.string(), reason: z.string() }).nullable(),
      /** Head office's comparison with the chain heads it holds; null when this PC is not enrolled. */
      headOffice: z
        .object({ ok: z.boolean(), checked: z.number().int(), mismatched: z.array(z.number().int()), missing: z.array(z.number().int()) })
        .nullable(),
      /** Why head office could not compare (unreachable), in the user's language. */
      headOfficeUnavailable: z.string().nullable(),
    }),
    ['supervisor', 'admin'],
  ),
  /** The signed-in user's saved portfolio views (filters, sort, columns), on this workstation. */
  'portfolio.views': method(empty, views.portfolioViewsOut, BRANCH_STAFF),
  'portfolio.saveView': method(views.portfolioSaveViewIn, views.portfolioViewsOut, BRANCH_STAFF),
  'portfolio.deleteView': method(views.portfolioDeleteViewIn, views.portfolioViewsOut, BRANCH_STAFF),
  /** The published policy values the screens state or check before calling (the services judge again). */
  'policy.current': method(
    empty,
    z.object({
      dd: ddPolicy,
      contact: z.object({ profile: z.string(), timeZone: z.string() }),
      /** Published versions skipped because they fail their schema: shown to supervisors. */
      problems: z.array(z.object({ kind: z.string(), version: z.number().int(), message: z.string() })),
    }),
    'signedIn',
  ),
  'prefs.get': method(z.object({ key: z.string().min(1).max(64) }).strict(), z.object({ value: z.unknown() }), 'signedIn'),
  'prefs.set': method(
    z.object({ key: z.string().min(1).max(64), value: z.unknown() }).strict(),
    okOut,
    'signedIn',
  ),
} as const;

export type Api = typeof api;
export type MethodName = keyof Api;
export type InputOf<M extends MethodName> = z.input<Api[M]['input']>;
/** What a handler receives: the input after its schema ran (defaults filled in). */
export type ParsedInputOf<M extends MethodName> = z.output<Api[M]['input']>;
export type OutputOf<M extends MethodName> = z.output<Api[M]['output']>;

/** Whether a successful call leaves new work in the outbox (so the pending count is stale at once). */
export function queuesWork(name: MethodName): boolean {
  return api[name].queuesWork;
}

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(api, name);
}
