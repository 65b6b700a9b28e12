// collections.recordConsent and .withdrawConsent: a customer's consent to contact in the quiet hours,
// recorded as a dated record before any such call (how it was given, from and until when, by whom), and
// withdrawn by a new record. The contact rules read these records; see shared/domain/contactConsent.ts.
import { v7 as uuidv7 } from 'uuid';
import type { OutputOf, ParsedInputOf } from '../../../shared/api/contract';
import { addDays, todayInTimeZone } from '../../../shared/domain/dates';
import { contactConsentRecord, contactConsentWithdraw } from '../../../shared/mutations/contactConsent';
import { COLLECTION_FIELD_MESSAGES as M } from '../../../shared/i18n/workflowMessages';
import { customerConsents } from '../../../db/local/queries/collections';
import type { ServiceContext } from '../context';
import { fieldError } from '../errors';
import { mutate } from '../mutate';
import { policyOf } from '../policies';
import { workableLoan } from './loan';

export function recordConsent(ctx: ServiceContext, input: ParsedInputOf<'collections.recordConsent'>): OutputOf<'collections.recordConsent'> {
  const { loan } = workableLoan(ctx, input.loanId);
  // The mutation refuses the same, as the authority; here the refusal lands on its field in the user's words.
  const policy = policyOf(ctx, 'contact');
  const today = todayInTimeZone(ctx.clock(), policy.timeZone);
  if (input.givenOn > today) throw fieldError(ctx.locale, 'givenOn', M.consentGivenInFuture);
  if (input.validUntil < input.givenOn) throw fieldError(ctx.locale, 'validUntil', M.consentUntilBeforeGiven);
  const latest = addDays(input.givenOn, policy.contactHours.consentMaxDays);
  if (input.validUntil > latest) throw fieldError(ctx.locale, 'validUntil', M.consentTooLong, { latest });
  const id = uuidv7();
  mutate(ctx, contactConsentRecord, { id, loanId: loan.id, customerId: loan.customerId, givenVia: input.givenVia, givenOn: input.givenOn, validUntil: input.validUntil, note: input.note });
  return { consentId: id };
}

export function withdrawConsent(ctx: ServiceContext, input: ParsedInputOf<'collections.withdrawConsent'>): OutputOf<'collections.withdrawConsent'> {
  const { loan } = workableLoan(ctx, input.loanId);
  const records = customerConsents(ctx.store.read(), loan.customerId);
  const consent = records.find((c) => c.id === input.consentId);
  if (!consent || consent.withdrawsId !== null || records.some((c) => c.withdrawsId === input.consentId)) {
    throw fieldError(ctx.locale, 'consentId', M.noSuchConsent);
  }
  mutate(ctx, contactConsentWithdraw, { id: uuidv7(), loanId: loan.id, customerId: loan.customerId, withdrawsId: input.consentId, note: input.note });
  return { ok: true };
}
