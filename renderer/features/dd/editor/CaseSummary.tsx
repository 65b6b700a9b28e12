// The summary card: completeness, what is still missing (click to go there), red flags by severity,
// checklist score, debt-service ratio against its limit, and Submit. The editor passes its live
// evaluation; the supervisor's review renders it alone and it evaluates the saved answers itself.
import { ArrowDownOutlined, WarningFilled } from '@ant-design/icons';
import { Alert, Button, Card, Divider, Flex, Progress, Tag, Typography } from 'antd';
import type { FormEvaluation, RaisedFlag } from '../../../../shared/forms';
import type { Severity } from '../../../../shared/forms/template';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useMoney } from '../../../i18n/useLocale';
import { pick, useLang, type CaseData } from './form';
import { useCaseForm, useEvaluation } from './useEvaluation';

export interface CaseSummaryProps {
  data: CaseData;
  /** The live evaluation (unsaved edits included); computed from the saved answers when absent. */
  evaluation?: FormEvaluation | null;
  /** No Submit button (submitted case, supervisor's review). */
  readOnly?: boolean;
  submitting?: boolean;
  /** Why the last Submit failed (not a refusal with a list: that gets its own dialog). */
  submitError?: string | null;
  onJump?(itemKey: string): void;
  onNextMissing?(): void;
  onSubmit?(): void;
}

const SEVERITY_ORDER: Severity[] = ['high', 'medium', 'low'];
const SEVERITY_COLOR: Record<Severity, string | undefined> = { high: 'red', medium: 'orange', low: undefined };
const MISSING_SHOWN = 30;

/** A decimal string ("0.4523") as a percentage ("45.23"): display only, never compared. */
function pctText(decimal: string): string {
  return (Number(decimal) * 100).toFixed(2).replace(/\.?0+$/, '');
}

function JumpLink({ onJump, itemKey, testId, children }: { onJump?(k: string): void; itemKey: string; testId: string; children: ReactNode }) {
  if (!onJump) return <span data-testid={testId}>{children}</span>;
  return (
    <Typography.Link onClick={() => onJump(itemKey)} data-testid={testId} style={{ display: 'block' }}>
      {children}
    </Typography.Link>
  );
}

export function CaseSummary({ data, evaluation, readOnly, submitting, submitError, onJump, onNextMissing, onSubmit }: CaseSummaryProps) {
  const { t } = useTranslation();
  const lang = useLang();
  const money = useMoney();
  const caseForm = useCaseForm(data);
  const own = useEvaluation(evaluation === undefined ? caseForm : null, data.answers, data.attachments, data.case.monthlyPayment);
  const ev = evaluation === undefined ? own : evaluation;

  if (!ev) {
    return (
      <Card size="small" title={t('ddEditor.summary.title')}>
        <Typography.Text type="danger">{t('ddEditor.badTemplate')}</Typography.Text>
      </Card>
    );
  }

  // One entry per item: a group with several incomplete rows is one place to go.
  const byKey = new Map<string, { label: string; problems: string[] }>();
  for (const m of ev.missing) {
    const entry = byKey.get(m.key) ?? { label: pick(m.label, lang), problems: [] };
    entry.problems.push(m.problem ? pick(m.problem, lang) : t(`ddEditor.reasons.${m.reason}`));
    byKey.set(m.key, entry);
  }
  const missing = [...byKey.entries()];
  const flagsBy = new Map<Severity, RaisedFlag[]>();
  for (const f of ev.redFlags) flagsBy.set(f.severity, [...(flagsBy.get(f.severity) ?? []), f]);
  const dsrLimit = caseForm?.parsed.template.body.dsrLimit;
  const canSubmit = !readOnly && !!onSubmit;

  return (
    <Card size="small" title={t('ddEditor.summary.title')} data-testid="dd-summary" styles={{ body: { paddingTop: 8 } }}>
      <div data-testid="dd-completeness" data-pct={ev.completenessPct}>
        <Typography.Text type="secondary">{t('ddEditor.summary.completeness')}</Typography.Text>
        <Progress percent={ev.completenessPct} status={ev.completenessPct === 100 ? 'success' : 'active'} aria-label={t('ddEditor.summary.completeness')} />
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('ddEditor.summary.completeCount', { done: ev.completeCount, total: ev.requiredCount })}
        </Typography.Text>
      </div>

      <Divider style={{ margin: '10px 0' }} />
      <Flex justify="space-between" align="center">
        <Typography.Text strong>{t('ddEditor.summary.missing', { count: missing.length })}</Typography.Text>
        {onNextMissing && missing.length > 0 && (
          <Button size="small" icon={<ArrowDownOutlined />} onClick={onNextMissing} title="Alt+N" data-testid="dd-next-missing">
            {t('ddEditor.summary.nextMissing')}
          </Button>
        )}
      </Flex>
      {missing.length === 0 ? (
        <Typography.Text type="success" style={{ fontSize: 12 }}>
          {t('ddEditor.summary.noMissing')}
        </Typography.Text>
      ) : (
        // Focusable, so a keyboard user can scroll a long list (WCAG 2.1.1).
        <ul
          style={{ listStyle: 'none', padding: 0, margin: '6px 0 0', maxHeight: 240, overflowY: 'auto' }}
          tabIndex={0}
          aria-label={t('ddEditor.summary.missingList')}
          data-testid="dd-missing-list"
        >
          {missing.slice(0, MISSING_SHOWN).map(([key, entry]) => (
            <li key={key} style={{ marginBottom: 4 }}>
              <JumpLink onJump={onJump} itemKey={key} testId={`dd-missing-${key}`}>
                <span style={{ fontSize: 13 }}>{entry.label}</span>
                <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                  {entry.problems[0]}
                  {entry.problems.length > 1 && ` ${t('ddEditor.summary.morePlaces', { count: entry.problems.length - 1 })}`}
                </Typography.Text>
              </JumpLink>
            </li>
          ))}
          {missing.length > MISSING_SHOWN && (
            <li>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('ddEditor.summary.more', { count: missing.length - MISSING_SHOWN })}
              </Typography.Text>
            </li>
          )}
        </ul>
      )}

      <Divider style={{ margin: '10px 0' }} />
      <div data-testid="dd-redflags" data-count={ev.redFlags.length}>
        <Typography.Text strong>
          {t('ddEditor.summary.redFlags')}
          {ev.redFlags.length > 0 && <WarningFilled style={{ color: '#cf1322', marginInlineStart: 6 }} />}
        </Typography.Text>
        {ev.redFlags.length === 0 && (
          <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
            {t('ddEditor.summary.noRedFlags')}
          </Typography.Text>
        )}
        {SEVERITY_ORDER.filter((s) => flagsBy.has(s)).map((s) => (
          <div key={s} style={{ marginTop: 6 }} data-testid={`dd-redflags-${s}`}>
            {(flagsBy.get(s) ?? []).map((f, i) => (
              <Flex key={`${f.code}-${f.row ?? ''}-${i}`} gap={6} align="flex-start" style={{ marginBottom: 4 }}>
                <Tag color={SEVERITY_COLOR[s]} style={{ marginInlineEnd: 0, flexShrink: 0 }}>
                  {t(`ddEditor.severity.${s}`)}
                </Tag>
                <JumpLink onJump={onJump} itemKey={f.itemKey} testId={`dd-flag-${f.code}`}>
                  <span style={{ fontSize: 13 }}>{pick(f.message, lang)}</span>
                </JumpLink>
              </Flex>
            ))}
          </div>
        ))}
      </div>

      <Divider style={{ margin: '10px 0' }} />
      <Flex justify="space-between" data-testid="dd-score" data-pct={ev.score.pct ?? ''}>
        <Typography.Text strong>{t('ddEditor.summary.score')}</Typography.Text>
        <Typography.Text className="num">
          {ev.score.pct === null ? '—' : `${ev.score.pct.toFixed(1)}%`}
          {ev.score.possible > 0 && (
            <Typography.Text type="secondary" style={{ fontSize: 12, marginInlineStart: 6 }}>
              ({ev.score.earned}/{ev.score.possible})
            </Typography.Text>
          )}
        </Typography.Text>
      </Flex>
      {/* Two different measures side by side: say what each counts, so 24 % beside 35.3 % is not a puzzle. */}
      <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }} data-testid="dd-score-explained">
        {t('ddEditor.summary.scoreExplained')}
      </Typography.Text>

      {ev.dsr && (
        <div style={{ marginTop: 8 }} data-testid="dd-dsr" data-ratio={ev.dsr.ratio ?? ''} data-over={ev.dsr.overLimit}>
          <Flex justify="space-between" align="center">
            <Typography.Text strong>{t('ddEditor.summary.dsr')}</Typography.Text>
            <span className="num">
              {ev.dsr.ratio === null ? '—' : (
                <Typography.Text type={ev.dsr.overLimit ? 'danger' : undefined} strong={ev.dsr.overLimit}>
                  {pctText(ev.dsr.ratio)}%
                </Typography.Text>
              )}
              {dsrLimit && (
                <Typography.Text type="secondary" style={{ fontSize: 12, marginInlineStart: 6 }}>
                  {t('ddEditor.summary.dsrLimit', { limit: pctText(dsrLimit) })}
                </Typography.Text>
              )}
            </span>
          </Flex>
          {ev.dsr.overLimit && <Tag color="red">{t('ddEditor.summary.dsrOver')}</Tag>}
          <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
            {ev.dsr.ratio === null
              ? t('ddEditor.summary.dsrNoIncome')
              : t('ddEditor.summary.dsrDetail', {
                  income: money(ev.dsr.incomeFen),
                  debt: money(ev.dsr.debtFen),
                  payment: money(ev.dsr.newPaymentFen),
                })}
          </Typography.Text>
        </div>
      )}

      {canSubmit && (
        <Button
          type="primary"
          block
          size="large"
          style={{ marginTop: 14 }}
          loading={submitting}
          onClick={onSubmit}
          data-testid="dd-submit"
        >
          {t('ddEditor.summary.submit')}
        </Button>
      )}
      {canSubmit && submitError && (
        <Alert type="error" showIcon title={submitError} style={{ marginTop: 8 }} data-testid="dd-submit-error" />
      )}
    </Card>
  );
}
