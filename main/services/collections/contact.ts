// collections.check, .logContact, .override and .clearHold: checking and logging contacts, promises to
// pay, supervisor overrides and hold clearing. The contact rules run in the mutation (so no caller can skip them); the
// service checks first to answer in the user's language and to record a blocked attempt.
import { v7 as uuidv7 } from 'uuid';
import type { OutputOf, ParsedInputOf } from '../../../shared/api/contract';
import { CONTACT_REASON_CODES, checkContact, type ContactAttempt, type ContactReason } from '../../../shared/domain/contactPolicy';
import { isOutcomeCode, OUTCOMES } from '../../../shared/domain/contactOutcomes';
import { activeOverride, contactHistory, contactPointsOf, lateConsentOf } from '../../../shared/mutations/collectionRules';
import type { ConsentRecord } from '../../../shared/domain/contactConsent';
import type { ConsentWay } from '../../../shared/domain/vocabulary';
import { contactBlocked, contactHoldClear, contactLog, contactRuleReads } from '../../../shared/mutations/collections';
import { policyOverrideGrant } from '../../../shared/mutations/collectionsSupervisor';
import { readMutationRows, readRowById } from '../../../db/local/writePath';
import { collectionsAsOf } from './promises';
import { workableLoan } from './loan';
import type { ServiceContext } from '../context';
import { fieldError, ServiceError } from '../errors';
import { COLLECTION_FIELD_MESSAGES as M, PARTY_NAMES } from '../../../shared/i18n/workflowMessages';
import { pick, pickLabel } from '../../../shared/i18n/text';
import { mutate } from '../mutate';
import { policyOf } from '../policies';

/** A contact logged a little ahead of this PC's clock is a clock difference, not a contact in the future. */
const FUTURE_TOLERANCE_MS = 5 * 60_000;

type AttemptInput = ParsedInputOf<'collections.check'>;


interface ResolvedAttempt {
  loanId: string;
  customerId: string;
  addressUsed: string;
  attempt: ContactAttempt;
}

/** The number or address the attempt uses, from the loan's own contact points; refuses anything else. */
function resolveAttempt(ctx: ServiceContext, input: AttemptInput): ResolvedAttempt {
  const { loan } = workableLoan(ctx, input.loanId);
  if (Date.parse(input.startedAt) > ctx.clock().getTime() + FUTURE_TOLERANCE_MS) {
    throw fieldError(ctx.locale, 'startedAt', M.startedInFuture);
  }
  const customer = readRowById(ctx.store.read(), 'customers', loan.customerId);
  let addressUsed: string;
  if (input.channel === 'phone' || input.channel === 'sms') {
    const point = input.contactPoint === undefined ? undefined : contactPointsOf(customer)[input.contactPoint];
    if (!point) throw fieldError(ctx.locale, 'contactPoint', M.choosePhone);
    if (point.party !== input.party) {
      throw fieldError(ctx.locale, 'party', M.numberOfOtherParty, {
        owner: PARTY_NAMES[point.party]['zh-CN'],
        ownerEn: PARTY_NAMES[point.party].en,
        partyEn: PARTY_NAMES[input.party].en,
      });
    }
    addressUsed = point.value;
  } else {
    addressUsed = input.address ?? String(customer?.['address'] ?? '');
    if (!addressUsed) throw fieldError(ctx.locale, 'address', M.enterAddress);
    if (input.party === 'borrower' && addressUsed !== customer?.['address']) {
      throw fieldError(ctx.locale, 'address', M.notBorrowerAddress);
    }
  }
  return {
    loanId: loan.id,
    customerId: loan.customerId,
    addressUsed,
    attempt: {
      loanId: loan.id,
      at: input.startedAt,
      channel: input.channel,
      party: input.party,
      phone: input.channel === 'phone' || input.channel === 'sms' ? addressUsed : undefined,
    },
  };
}

interface BlockedReason {
  code: string;
  messageZh: string;
  messageEn: string;
}

interface Verdict {
  reasons: ContactReason[];
  /** Reasons no standing override covers. */
  open: ContactReason[];
  overriddenBy: string[];
  /** The recorded consent that lifted the contact hours for this attempt. */
  consent: ConsentRecord | null;
}

function judge(ctx: ServiceContext, resolved: ResolvedAttempt): Verdict {
  const calledNumber = resolved.attempt.channel === 'phone' ? resolved.addressUsed : undefined;
  const rows = readMutationRows(ctx.store.read(), [], contactRuleReads(resolved.loanId, resolved.customerId, resolved.attempt.at, calledNumber));
  const policy = policyOf(ctx, 'contact');
  const consent = lateConsentOf(rows, resolved.customerId, resolved.attempt.at, policy.timeZone);
  const history = contactHistory(rows);
  const { reasons } = checkContact(policy, history, { ...resolved.attempt, consentToLateContact: consent !== null });
  // The consent is named only where it mattered: without it the contact hours would have refused.
  const lifted = consent !== null && checkContact(policy, history, resolved.attempt).reasons.some((r) => r.code === policy.contactHours.rule);
  const covering = reasons.map((r) => activeOverride(rows, resolved.loanId, r.code, resolved.attempt.at));
  return {
    reasons,
    open: reasons.filter((_, i) => covering[i] === null),
    overriddenBy: [...new Set(covering.filter((id): id is string => id !== null))],
    consent: lifted ? consent : null,
  };
}

function localized(ctx: ServiceContext, reasons: readonly ContactReason[]) {
  return reasons.map((r) => ({ code: r.code, message: pickLabel({ zh: r.messageZh, en: r.messageEn }, ctx.locale) }));
}

export function check(ctx: ServiceContext, input: ParsedInputOf<'collections.check'>): OutputOf<'collections.check'> {
  const verdict = judge(ctx, resolveAttempt(ctx, input));
  const c = verdict.consent;
  return {
    allowed: verdict.open.length === 0,
    reasons: localized(ctx, verdict.reasons),
    overriddenBy: verdict.overriddenBy,
    consent: c && c.validUntil !== null ? { id: c.id, givenVia: c.givenVia as ConsentWay, givenOn: c.givenOn, validUntil: c.validUntil } : null,
  };
}

export function logContact(ctx: ServiceContext, input: ParsedInputOf<'collections.logContact'>): OutputOf<'collections.logContact'> {
  const outcome = input.outcome;
  if (!isOutcomeCode(outcome) || !OUTCOMES[outcome].isAttempt) {
    throw fieldError(ctx.locale, 'outcome', M.unknownOutcome);
  }
  if (!(OUTCOMES[outcome].channels as readonly string[]).includes(input.channel)) {
    throw fieldError(ctx.locale, 'outcome', M.outcomeChannel);
  }
  if (input.promise && outcome !== 'promise_to_pay') {
    throw fieldError(ctx.locale, 'outcome', M.promiseOutcome);
  }
  if (input.promise && input.promise.promisedOn < collectionsAsOf(ctx)) {
    throw fieldError(ctx.locale, 'promise.promisedOn', M.promiseInPast);
  }
  const resolved = resolveAttempt(ctx, input);
  // Stored in UTC, so periods and orderings compare as text whatever offset the caller wrote.
  const startedAt = new Date(input.startedAt).toISOString();
  const promiseId = input.promise ? uuidv7() : null;
  let result;
  try {
    // The rules run inside the mutation (the authority, at head office too); one read of the history.
    result = mutate(ctx, contactLog, {
      id: uuidv7(),
      loanId: resolved.loanId,
      customerId: resolved.customerId,
      channel: input.channel,
      party: input.party,
      partyRelation: input.partyRelation,
      addressUsed: resolved.addressUsed,
      startedAt,
      durationSeconds: input.durationSeconds,
      outcome,
      note: input.note,
      nextActionOn: input.nextActionOn,
      complaint: input.complaint,
      correctsId: input.correctsId,
      ...(input.promise && promiseId ? { promise: { id: promiseId, ...input.promise } } : {}),
    });
  } catch (err) {
    const stopped = err instanceof ServiceError ? (err.details?.['contactBlocked'] as BlockedReason[] | undefined) : undefined;
    if (!stopped) throw err;
    // The stopped attempt is kept (for the agent's KPIs and review), then the reasons are shown.
    mutate(ctx, contactBlocked, {
      id: uuidv7(),
      loanId: resolved.loanId,
      channel: input.channel,
      party: input.party,
      startedAt,
      reasonCodes: stopped.map((r) => r.code),
    });
    const reasons = stopped.map((r) => ({ code: r.code, message: pickLabel({ zh: r.messageZh, en: r.messageEn }, ctx.locale) }));
    throw new ServiceError('CONTACT_BLOCKED', { reasons: reasons.map((r) => r.message).join(pick(M.reasonSeparator, ctx.locale)) }, undefined, { reasons });
  }
  return { contactId: result.id, promiseId, overriddenBy: result.overrideIds };
}

export function override(ctx: ServiceContext, input: ParsedInputOf<'collections.override'>): OutputOf<'collections.override'> {
  workableLoan(ctx, input.loanId);
  if (!(CONTACT_REASON_CODES as readonly string[]).includes(input.ruleCode)) {
    throw fieldError(ctx.locale, 'ruleCode', M.noSuchRule);
  }
  const validUntil = new Date(ctx.clock().getTime() + input.validHours * 3_600_000).toISOString();
  const id = uuidv7();
  mutate(ctx, policyOverrideGrant, { id, loanId: input.loanId, ruleCode: input.ruleCode, reason: input.reason, validUntil });
  return { overrideId: id, validUntil };
}

export function clearHold(ctx: ServiceContext, input: ParsedInputOf<'collections.clearHold'>): OutputOf<'collections.clearHold'> {
  workableLoan(ctx, input.loanId);
  mutate(ctx, contactHoldClear, { id: uuidv7(), loanId: input.loanId, reason: input.reason });
  return { ok: true };
}
