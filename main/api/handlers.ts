// One handler per API method. The mapped type makes a missing or mistyped handler a compile error.
import type { z } from 'zod';
import type { Api, MethodName, OutputOf } from '../../shared/api/contract';
import { todayInTimeZone } from '../../shared/domain/dates';
import { me, signIn, signOut, unlock } from '../services/auth';
import type { ServiceContext } from '../services/context';
import { collectionAgents, collectionsQueue, loanCollection } from '../services/collections';
import { assignCollections, checkCollectionContact, clearContactHold, logCollectionContact, overrideContactRule } from '../services/collectionsContact';
import { collectionKpis } from '../services/collectionsKpi';
import { answerDd, ddTemplates, decideDd, getDdCase, listDdCases, openDdCase, searchDdCustomers, submitDd, withdrawDd } from '../services/dd';
import { attachDd, ddAttachmentContent } from '../services/ddFiles';
import { loadDemo } from '../services/demo';
import { ServiceError } from '../services/errors';
import { addLoanNote, getLoanDetail } from '../services/loans';
import { branchTimeZone, currentPolicies } from '../services/policies';
import { exportPortfolioCsv, listPortfolio } from '../services/portfolio';
import { appStatus, auditList, prefsGet, prefsSet } from '../services/system';
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
  'app.status': appStatus,
  'demo.load': (ctx, input) => {
    const status = appStatus(ctx);
    if (!status.demoAvailable) throw new ServiceError('NOT_AVAILABLE', { reason: 'database not empty' });
    // The demo book is made as of today, so its overdue loans look like this morning's work.
    return loadDemo(ctx.store, { loans: input.loans, asOf: todayInTimeZone(ctx.clock(), branchTimeZone(ctx)) });
  },
  'auth.signIn': signIn,
  'auth.signOut': signOut,
  'auth.me': me,
  'auth.unlock': unlock,
  'portfolio.list': listPortfolio,
  'portfolio.exportCsv': exportPortfolioCsv,
  'loan.get': getLoanDetail,
  'loan.addNote': addLoanNote,
  'dd.searchCustomers': searchDdCustomers,
  'dd.templates': ddTemplates,
  'dd.open': openDdCase,
  'dd.list': listDdCases,
  'dd.get': getDdCase,
  'dd.answer': answerDd,
  'dd.attach': attachDd,
  'dd.attachmentContent': ddAttachmentContent,
  'dd.submit': submitDd,
  'dd.decide': decideDd,
  'dd.withdraw': withdrawDd,
  'collections.queue': collectionsQueue,
  'collections.loan': loanCollection,
  'collections.check': checkCollectionContact,
  'collections.logContact': logCollectionContact,
  'collections.override': overrideContactRule,
  'collections.clearHold': clearContactHold,
  'collections.assign': assignCollections,
  'collections.agents': collectionAgents,
  'collections.kpis': collectionKpis,
  'audit.list': auditList,
  'policy.current': currentPolicies,
  'prefs.get': prefsGet,
  'prefs.set': prefsSet,
  };
}
