// One handler per API method, each the service function of the same name in the module of its
// workflow (ARCHITECTURE.md, "API methods, services and mutations"). The mapped type makes a missing
// or mistyped handler a compile error.
import type { z } from 'zod';
import type { Api, MethodName, OutputOf } from '../../shared/api/contract';
import { todayInTimeZone } from '../../shared/domain/dates';
import * as app from '../services/app';
import * as auditLog from '../services/auditLog';
import * as auth from '../services/auth';
import * as branch from '../services/branch';
import * as assignment from '../services/collections/assignment';
import * as consent from '../services/collections/consent';
import * as contact from '../services/collections/contact';
import * as kpi from '../services/collections/kpi';
import * as collectionLoan from '../services/collections/loan';
import * as queue from '../services/collections/queue';
import type { ServiceContext } from '../services/context';
import * as ddAttachments from '../services/dd/attachments';
import * as ddCases from '../services/dd/cases';
import { loadDemo } from '../services/demo';
import { ServiceError } from '../services/errors';
import * as loan from '../services/loan';
import * as policies from '../services/policies';
import * as portfolio from '../services/portfolio';
import * as prefs from '../services/prefs';
import * as workbench from '../services/workbench';
import type { SyncController } from '../sync/controller';
import { createSyncHandlers } from './syncHandlers';

export type Handler<M extends MethodName> = (
  ctx: ServiceContext,
  input: z.output<Api[M]['input']>,
) => OutputOf<M> | Promise<OutputOf<M>>;

export type Handlers = { [M in MethodName]: Handler<M> };

/** The handler table; sync methods use the sync controller when head office is configured. */
export function createHandlers(sync: SyncController | null): Handlers {
  return {
    ...createSyncHandlers(sync),
  'app.status': app.status,
  'demo.load': (ctx, input) => {
    if (!app.status(ctx).demoAvailable) throw new ServiceError('NOT_AVAILABLE', { reason: 'database not empty' });
    // The demo book is made as of today, so its overdue loans look like this morning's work.
    return loadDemo(ctx.store, { loans: input.loans, asOf: todayInTimeZone(ctx.clock(), policies.branchTimeZone(ctx)) });
  },
  'auth.signIn': auth.signIn,
  'auth.signOut': auth.signOut,
  'auth.me': auth.me,
  'auth.lock': auth.lock,
  'auth.unlock': auth.unlock,
  'portfolio.list': portfolio.list,
  'portfolio.exportCsv': portfolio.exportCsv,
  'portfolio.views': portfolio.views,
  'portfolio.saveView': portfolio.saveView,
  'portfolio.deleteView': portfolio.deleteView,
  'loan.get': loan.get,
  'loan.addNote': loan.addNote,
  'dd.searchCustomers': ddCases.searchCustomers,
  'dd.templates': ddCases.templates,
  'dd.open': ddCases.open,
  'dd.list': ddCases.list,
  'dd.get': ddCases.get,
  'dd.answer': ddCases.answer,
  'dd.attach': ddAttachments.attach,
  'dd.attachmentContent': ddAttachments.attachmentContent,
  'dd.submit': ddCases.submit,
  'dd.decide': ddCases.decide,
  'dd.withdraw': ddCases.withdraw,
  'collections.queue': queue.queue,
  'collections.loan': collectionLoan.loan,
  'collections.check': contact.check,
  'collections.logContact': contact.logContact,
  'collections.override': contact.override,
  'collections.clearHold': contact.clearHold,
  'collections.recordConsent': consent.recordConsent,
  'collections.withdrawConsent': consent.withdrawConsent,
  'collections.assign': assignment.assign,
  'collections.agents': assignment.agents,
  'collections.kpis': kpi.kpis,
  'workbench.counts': workbench.counts,
  'workbench.holds': workbench.holds,
  'audit.list': auditLog.list,
  'audit.exportCsv': auditLog.exportCsv,
  'policy.current': policies.current,
  'branch.letterhead': branch.letterhead,
  'prefs.get': prefs.get,
  'prefs.set': prefs.set,
  };
}
