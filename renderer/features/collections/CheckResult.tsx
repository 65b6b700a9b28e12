// The contact rules' verdict on the contact being entered, in plain words: green when it may go
// ahead, red with each reason otherwise; reasons a supervisor's override covers are shown struck
// through, so the collector sees both that a rule applies and why the contact is still allowed.
import { Alert, Spin, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { checkContactOut, ruleReason } from '../../../shared/api/collectionSchemas';
import { ApiCallError } from '../../api/transport';
import { useCodeText } from './common';

export type CheckState = z.infer<typeof checkContactOut>;
export type RuleReason = z.infer<typeof ruleReason>;

/** The reasons of a CONTACT_BLOCKED refusal, or null when the error is something else. */
export function blockReasons(err: unknown): RuleReason[] | null {
  if (!(err instanceof ApiCallError) || err.code !== 'CONTACT_BLOCKED') return null;
  const reasons = err.details?.['reasons'];
  if (!Array.isArray(reasons)) return [];
  return reasons.filter((r): r is RuleReason => !!r && typeof r === 'object' && typeof (r as RuleReason).code === 'string');
}

interface Props {
  check: CheckState | null;
  loading: boolean;
  /** Failed to ask the service (not the same as "blocked"). */
  error?: string | null;
  /** The loan's overrides, id -> rule code: `overriddenBy` names the overrides that cover a reason. */
  overrideRules?: Record<string, string>;
  testId?: string;
}

/** The rule codes of a verdict that a supervisor's override covers. */
export function overriddenCodes(check: CheckState, overrideRules: Record<string, string> = {}): Set<string> {
  // Allowed with reasons means every reason is covered (the service allows only when none is open).
  if (check.allowed) return new Set(check.reasons.map((r) => r.code));
  return new Set(check.overriddenBy.map((id) => overrideRules[id] ?? id));
}

export function CheckResult({ check, loading, error, overrideRules, testId = 'col-check' }: Props) {
  const { t } = useTranslation();
  const code = useCodeText();
  if (error) return <Alert type="warning" showIcon title={t('collections.check.failed', { msg: error })} data-testid={testId} data-allowed="" />;
  if (!check) return <Spin size="small" data-testid={testId} data-allowed="" />;

  const overridden = overriddenCodes(check, overrideRules);
  const lines = (
    <ul style={{ margin: '4px 0 0', paddingInlineStart: 18 }}>
      {check.reasons.map((r) => (
        <li key={r.code} data-testid={`col-block-reason-${r.code}`} data-overridden={overridden.has(r.code) ? '1' : '0'}>
          <span style={overridden.has(r.code) ? { textDecoration: 'line-through' } : undefined}>{r.message || code('ruleCodes', r.code)}</span>
          {overridden.has(r.code) && (
            <Tag color="purple" style={{ marginInlineStart: 6 }}>
              {t('collections.check.overridden')}
            </Tag>
          )}
        </li>
      ))}
    </ul>
  );
  return (
    <Alert
      type={check.allowed ? 'success' : 'error'}
      showIcon
      title={
        <span>
          {check.allowed ? t('collections.check.allowed') : t('collections.check.blocked')}
          {check.allowed && overridden.size > 0 && ` ${t('collections.check.byOverride')}`}
          {loading && <Spin size="small" style={{ marginInlineStart: 8 }} />}
        </span>
      }
      description={
        check.reasons.length > 0 || check.consent ? (
          <>
            {check.consent && (
              <div data-testid="col-check-consent">
                {t('collections.consents.lifts', {
                  way: t(`collections.consents.ways.${check.consent.givenVia}`),
                  from: check.consent.givenOn,
                  until: check.consent.validUntil,
                })}
              </div>
            )}
            {check.reasons.length > 0 && lines}
          </>
        ) : undefined
      }
      data-testid={testId}
      data-allowed={check.allowed ? '1' : '0'}
    />
  );
}
