// Words and small pieces every collections screen shares: outcome, channel and party labels, the
// promise status tag, time formats, and the escalation thresholds for letters.
import { Tag } from 'antd';
import dayjs from 'dayjs';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { PROMISE_STATUSES, loanCollectionOut, queueRow } from '../../../shared/api/collectionSchemas';
import { LETTER_KINDS, type LetterKind } from '../../../shared/domain/escalation';
import { OUTCOMES, isOutcomeCode, type ContactChannel, type OutcomeCode } from '../../../shared/domain/contactOutcomes';
import { bilingualText } from '../../i18n/bilingual';
import { useLocale } from '../../i18n/useLocale';

export type QueueRow = z.infer<typeof queueRow>;
export type LoanCollection = z.infer<typeof loanCollectionOut>;
export type ContactEntry = LoanCollection['contacts'][number];
export type ContactPoint = LoanCollection['contactPoints'][number];
export type PromiseStatus = (typeof PROMISE_STATUSES)[number];

/** Outcome code -> its label from the shared rule table (the same words the rules' messages use). */
export function useOutcomeLabel(): (code: string | null | undefined) => string {
  const locale = useLocale();
  const { t } = useTranslation();
  return useCallback(
    (code) => {
      if (!code) return '';
      // Not an outcome of a contact: an attempt the rules stopped, kept in the log for review.
      if (code === BLOCKED) return t('collections.history.blocked');
      // An unknown code is shown as it is: a newer workstation may have logged it, and hiding it would lose it.
      if (!isOutcomeCode(code)) return code;
      return bilingualText(OUTCOMES[code].label, locale);
    },
    [locale, t],
  );
}

/** The log's marker for an attempt the contact rules stopped (never made, never corrected). */
export const BLOCKED = 'blocked';

/** The outcomes a collector may pick on a channel (the rule table says which make sense where). */
export function outcomesFor(channel: ContactChannel | undefined): OutcomeCode[] {
  return Object.values(OUTCOMES)
    .filter((o) => o.isAttempt && (!channel || o.channels.includes(channel)))
    .map((o) => o.code);
}

/** All outcomes that are contacts (for the queue's filter). */
export function attemptOutcomes(): OutcomeCode[] {
  return outcomesFor(undefined);
}

/** Channel / party / hold code in words; an unknown code is shown as it is. */
export function useCodeText(): (group: 'channels' | 'parties' | 'holds' | 'ruleCodes', code: string | null | undefined) => string {
  const { t } = useTranslation();
  return useCallback((group, code) => (code ? t(`collections.${group}.${code}`, { defaultValue: code }) : ''), [t]);
}

/** A person or party named with their relation to the borrower when one is recorded: "张伟（配偶）". */
export function useWithRelation(): (who: string, relation: string | null | undefined) => string {
  const { t } = useTranslation();
  return useCallback(
    (who, relation) => (relation ? t('collections.withRelation', { who, relation: t(`collections.relations.${relation}`, { defaultValue: relation }) }) : who),
    [t],
  );
}

const PROMISE_COLORS: Record<PromiseStatus, string> = {
  pending: 'processing',
  kept: 'success',
  partially_kept: 'warning',
  broken: 'error',
};

export function PromiseTag({ status, testId }: { status: PromiseStatus; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Tag color={PROMISE_COLORS[status]} data-status={status} data-testid={testId} style={{ marginInlineEnd: 4 }}>
      {t(`collections.promiseStatus.${status}`)}
    </Tag>
  );
}

/** "3 小时前" / "3 hours ago"; dayjs's relativeTime plugin and locale are set up in i18n.ts. */
export function relativeTime(iso: string | null | undefined): string {
  return iso ? dayjs(iso).fromNow() : '';
}

/** Seconds as m:ss, the way a phone system reports call length. */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return '';
  const m = Math.floor(seconds / 60);
  return `${m}:${String(seconds % 60).padStart(2, '0')}`;
}

export { LETTER_KINDS, type LetterKind };

/** The letter as the loan's escalation step allows it (policy escalation, judged by the service), or undefined. */
export function allowedLetter(kind: LetterKind, data: LoanCollection): { kind: LetterKind; replyDays: number } | undefined {
  return data.escalation.letters.find((l) => l.kind === kind);
}

export function isLetterKind(kind: string): kind is LetterKind {
  return (LETTER_KINDS as readonly string[]).includes(kind);
}
