// API shapes of collections (催收): the agent's queue, a loan's collection screen, contact logging with
// the contact rules enforced in the service, promises to pay, supervisor overrides, assignment, KPIs.
import { z } from 'zod';
import { BUCKETS as BUCKET_VALUES, CONSENT_WAYS, CONTACT_CHANNELS, CONTACT_PARTIES, PROMISE_STATUSES, businessDate, fen } from '../domain/vocabulary';
import { LETTER_KINDS } from '../domain/escalation';

export { CONTACT_CHANNELS, CONTACT_PARTIES, PROMISE_STATUSES };

const loanId = z.string().min(1).max(64);
const instant = z.iso.datetime({ offset: true });
const bilingual = { labelZh: z.string(), labelEn: z.string() };

export const queueIn = z
  .object({
    buckets: z.array(z.enum(BUCKET_VALUES)).max(8).optional(),
    promiseStatuses: z.array(z.enum([...PROMISE_STATUSES, 'none'])).max(5).optional(),
    lastOutcomes: z.array(z.string().max(40)).max(30).optional(),
    q: z.string().trim().max(64).optional(),
    /** Supervisors may look at an agent's queue (or every agent's: 'all'); agents always see their own. */
    collectorId: z.string().max(64).optional(),
    offset: z.number().int().min(0).default(0),
    limit: z.number().int().min(1).max(1000).default(200),
  })
  .strict();

const priorityPart = z.object({ code: z.string(), points: z.number(), ...bilingual });

export const queueRow = z.object({
  loanId: z.string(),
  loanNo: z.string(),
  customerName: z.string(),
  bucket: z.enum(BUCKET_VALUES),
  dpd: z.number().int(),
  overdueAmount: fen,
  collectorId: z.string().nullable(),
  collectorName: z.string().nullable(),
  lastContactAt: z.string().nullable(),
  lastOutcome: z.string().nullable(),
  nextActionOn: businessDate.nullable(),
  promise: z.object({ status: z.enum(PROMISE_STATUSES), amount: fen, promisedOn: businessDate }).nullable(),
  brokenPromises: z.number().int(),
  priority: z.object({ score: z.number(), parts: z.array(priorityPart) }),
  /** Records of this loan left out because a date in them is impossible (see the loan screen). */
  unreadable: z.number().int(),
});
export const queueOut = z.object({ rows: z.array(queueRow), total: z.number().int(), asOf: businessDate });

const contactPointOut = z.object({
  /** Index into the customer's contact points; what a contact log names instead of a raw number. */
  index: z.number().int(),
  party: z.enum(CONTACT_PARTIES),
  relation: z.string().nullable(),
  kind: z.string(),
  name: z.string().nullable(),
  /** The number in full for the loan's own collector; masked to the last 4 digits for everyone else. */
  value: z.string(),
  masked: z.boolean(),
});

const contactOut = z.object({
  id: z.string(),
  startedAt: z.string(),
  channel: z.string(),
  party: z.string(),
  partyRelation: z.string().nullable(),
  addressMasked: z.string().nullable(),
  outcome: z.string(),
  durationSeconds: z.number().int().nullable(),
  note: z.string().nullable(),
  nextActionOn: z.string().nullable(),
  collectorName: z.string().nullable(),
  correctsId: z.string().nullable(),
  /** A later entry that corrects this one (this one no longer counts). */
  correctedById: z.string().nullable(),
  complaint: z.boolean(),
  overrideIds: z.array(z.string()),
});

export const loanCollectionIn = z.object({ loanId }).strict();
export const loanCollectionOut = z.object({
  loan: z.object({
    id: z.string(),
    loanNo: z.string(),
    customerName: z.string(),
    customerNo: z.string(),
    product: z.string(),
    principal: fen,
    annualRate: z.string(),
    collectorId: z.string().nullable(),
    collectorName: z.string().nullable(),
  }),
  asOf: businessDate,
  delinquency: z.object({
    dpd: z.number().int(),
    bucket: z.enum(BUCKET_VALUES),
    overduePrincipal: fen,
    overdueInterest: fen,
    penaltyInterest: fen,
    totalToCure: fen,
  }),
  escalation: z.object({
    step: z.number().int(),
    allowedChannels: z.array(z.enum(CONTACT_CHANNELS)),
    expected: z.array(z.string()),
    /** Letters the loan's bucket allows (policy escalation), with the days each gives to reply. */
    letters: z.array(z.object({ kind: z.enum(LETTER_KINDS), replyDays: z.number().int() })),
    ...bilingual,
  }),
  contactPoints: z.array(contactPointOut),
  contacts: z.array(contactOut),
  promises: z.array(z.object({ id: z.string(), amount: fen, promisedOn: businessDate, madeOn: businessDate, status: z.enum(PROMISE_STATUSES), paid: fen })),
  overrides: z.array(
    z.object({ id: z.string(), ruleCode: z.string(), reason: z.string(), approvedByName: z.string().nullable(), validUntil: z.string().nullable(), createdAt: z.string() }),
  ),
  /** The customer's recorded consents to late contact, newest first, with their state today. */
  consents: z.array(
    z.object({
      id: z.string(),
      givenVia: z.enum(CONSENT_WAYS),
      givenOn: businessDate,
      validUntil: z.string().nullable(),
      note: z.string(),
      recordedByName: z.string().nullable(),
      state: z.enum(['active', 'not_yet', 'expired', 'withdrawn']),
      withdrawnOn: z.string().nullable(),
    }),
  ),
  /** A dispute or stop request is holding contacts until a supervisor clears it. */
  hold: z.object({ code: z.string(), since: z.string() }).nullable(),
  /** Contacts and promises left out of this screen because a date in them is impossible. */
  unreadable: z.array(z.object({ table: z.enum(['contacts', 'promises_to_pay']), id: z.string(), field: z.string() })),
  policy: z.object({ code: z.string(), timeZone: z.string() }),
  canLog: z.boolean(),
  canOverride: z.boolean(),
  now: z.string(),
});

/** A contact as the agent describes it: the number by its index among the loan's contact points. */
const contactAttempt = {
  loanId,
  channel: z.enum(CONTACT_CHANNELS),
  party: z.enum(CONTACT_PARTIES),
  contactPoint: z.number().int().min(0).max(50).optional(),
  /** For letters and visits: the address used. */
  address: z.string().trim().min(1).max(200).optional(),
  startedAt: instant,
};

export const checkContactIn = z.object(contactAttempt).strict();
export const ruleReason = z.object({ code: z.string(), message: z.string() });
export const checkContactOut = z.object({
  allowed: z.boolean(),
  reasons: z.array(ruleReason),
  /** Ids of the supervisor overrides (policy_overrides) that cover the reasons, so the contact may go ahead. */
  overriddenBy: z.array(z.string()),
  /** The customer's recorded consent that lifts the quiet hours on the attempt's day, if any. */
  consent: z.object({ id: z.string(), givenVia: z.enum(CONSENT_WAYS), givenOn: z.string(), validUntil: z.string() }).nullable(),
});

export const logContactIn = z
  .object({
    ...contactAttempt,
    partyRelation: z.string().trim().max(40).optional(),
    durationSeconds: z.number().int().min(0).max(6 * 3600).optional(),
    outcome: z.string().min(1).max(40),
    note: z.string().trim().max(2000).optional(),
    nextActionOn: businessDate.optional(),
    complaint: z.boolean().default(false),
    /** This entry corrects an earlier one (which stays, marked as corrected). */
    correctsId: z.uuid().optional(),
    promise: z.object({ amount: fen.min(1), promisedOn: businessDate }).strict().optional(),
  })
  .strict();
export const logContactOut = z.object({ contactId: z.string(), promiseId: z.string().nullable(), overriddenBy: z.array(z.string()) });

export const overrideIn = z
  .object({
    loanId,
    ruleCode: z.string().min(1).max(60),
    reason: z.string().trim().min(5).max(2000),
    /** How long the override stands, hours (default 2). */
    validHours: z.number().min(0.25).max(72).default(2),
  })
  .strict();
export const overrideOut = z.object({ overrideId: z.string(), validUntil: z.string() });

export const clearHoldIn = z.object({ loanId, reason: z.string().trim().min(5).max(2000) }).strict();

export const assignIn = z
  .object({ loanIds: z.array(loanId).min(1).max(500), collectorId: z.string().min(1).max(64), note: z.string().trim().max(500).optional() })
  .strict();
export const assignOut = z.object({ assigned: z.number().int() });

export const agentsOut = z.object({ agents: z.array(z.object({ id: z.string(), name: z.string(), username: z.string() })) });

export const kpiIn = z.object({ from: businessDate, to: businessDate }).strict();
export const kpiRow = z.object({
  collectorId: z.string(),
  name: z.string(),
  attempts: z.number().int(),
  rightPartyContacts: z.number().int(),
  rightPartyRate: z.number().nullable(),
  promises: z.number().int(),
  ptpRate: z.number().nullable(),
  promisesDue: z.number().int(),
  promisesKept: z.number().int(),
  keptRate: z.number().nullable(),
  recovered: fen,
  blocks: z.number().int(),
  overrides: z.number().int(),
  complaints: z.number().int(),
});
export const kpiOut = z.object({ from: businessDate, to: businessDate, rows: z.array(kpiRow), totals: kpiRow.omit({ collectorId: true, name: true }) });

const consentNote = z.string().trim().min(5).max(500);
export const recordConsentIn = z
  .object({ loanId, givenVia: z.enum(CONSENT_WAYS), givenOn: businessDate, validUntil: businessDate, note: consentNote })
  .strict();
export const recordConsentOut = z.object({ consentId: z.string() });
export const withdrawConsentIn = z.object({ loanId, consentId: z.uuid(), note: consentNote }).strict();
