// The blocks of the credit memo: the checklist's visible sections, the evaluation (red flags, score,
// debt-service ratio), the evidence files, the decision trail, the approval and the sign-off lines.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { SEVERITIES, type CompiledForm, type FormEvaluation, type RaisedFlag } from '../../../shared/forms';
import { bilingualText } from '../../i18n/bilingual';
import { useLocale, useMoney } from '../../i18n/useLocale';
import type { CaseData } from './CaseOverview';
import { formatTime } from '../../ui/formatTime';
import { decimalToPercent } from './ddFormat';
import { MemoAnswer, formatBytes } from './memoAnswers';

interface EvalProps {
  form: CompiledForm;
  evaluation: FormEvaluation;
}

/** Each visible section with its visible items' answers, in template order. */
export function MemoSections({ data, form, evaluation, onImageSettled }: EvalProps & { data: CaseData; onImageSettled(id: string): void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  return (
    <>
      <h2>{t('dd.memo.answersSection')}</h2>
      {form.sections
        .filter((s) => evaluation.visibleSections.has(s.key))
        .map((s) => (
          <section key={s.key} data-section={s.key}>
            <h3>{bilingualText(s.section.title, locale)}</h3>
            <table>
              <tbody>
                {s.items
                  .filter((ci) => evaluation.visibleItems.has(ci.key))
                  .map((ci) => (
                    <tr key={ci.key} data-item={ci.key}>
                      <td className="dd-memo-label">{bilingualText(ci.item.label, locale)}</td>
                      <td>
                        <MemoAnswer
                          item={ci.item}
                          value={data.answers[ci.key]}
                          files={data.attachments.filter((f) => f.itemKey === ci.key)}
                          t={t}
                          locale={locale}
                          onImageSettled={onImageSettled}
                        />
                      </td>
                    </tr>
                  ))}
              </tbody>
            </table>
          </section>
        ))}
    </>
  );
}

/** A list in the memo: a header row of column names (with their share of the width), then one row per entry. */
function MemoListTable({ testId, columns, children }: { testId: string; columns: { label: string; width?: string }[]; children: ReactNode }) {
  return (
    <table data-testid={testId}>
      <thead>
        <tr>
          {columns.map((c) => (
            <th key={c.label} style={c.width ? { width: c.width } : undefined}>
              {c.label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
}

const SEVERITY_ORDER = [...SEVERITIES].reverse();

export function MemoEvaluation({ form, evaluation }: EvalProps) {
  const { t } = useTranslation();
  const locale = useLocale();
  const money = useMoney();
  const flags = [...evaluation.redFlags].sort((a, b) => SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity));
  const where = (f: RaisedFlag) => {
    const item = form.byKey.get(f.itemKey);
    const name = item ? bilingualText(item.item.label, locale) : f.itemKey;
    return f.row === undefined ? name : t('dd.memo.flagRow', { item: name, row: f.row + 1 });
  };
  const { score, dsr } = evaluation;
  return (
    <>
      <h2>{t('dd.memo.flagsSection')}</h2>
      {flags.length === 0 ? (
        <p data-testid="dd-memo-no-flags">{t('dd.memo.noFlags')}</p>
      ) : (
        <MemoListTable
          testId="dd-memo-flags"
          columns={[
            { label: t('dd.memo.severity'), width: '14%' },
            { label: t('dd.memo.flagItem'), width: '30%' },
            { label: t('dd.memo.flagMessage') },
          ]}
        >
          {flags.map((f, i) => (
            <tr key={`${f.code}-${i}`} className={`dd-memo-flag-${f.severity}`}>
              <td>{t(`dd.memo.severities.${f.severity}`)}</td>
              <td>{where(f)}</td>
              <td>{bilingualText(f.message, locale)}</td>
            </tr>
          ))}
        </MemoListTable>
      )}

      <h2>{t('dd.memo.scoreSection')}</h2>
      <table>
        <tbody>
          <tr>
            <td className="dd-memo-label">{t('dd.memo.score')}</td>
            <td data-testid="dd-memo-score">
              {score.pct === null ? '—' : t('dd.memo.scoreValue', { pct: score.pct, earned: score.earned, possible: score.possible })}
            </td>
          </tr>
          <tr>
            <td className="dd-memo-label">{t('dd.memo.completeness')}</td>
            <td>{t('dd.memo.completenessValue', { pct: evaluation.completenessPct, done: evaluation.completeCount, total: evaluation.requiredCount })}</td>
          </tr>
          {dsr && (
            <>
              <tr>
                <td className="dd-memo-label">{t('dd.memo.dsr')}</td>
                <td data-testid="dd-memo-dsr" className={dsr.overLimit ? 'dd-memo-flag-high' : undefined}>
                  {dsr.ratio === null ? t('dd.memo.dsrNoIncome') : `${decimalToPercent(dsr.ratio)}%`}
                  {dsr.overLimit && form.dsr?.limit ? ` ${t('dd.memo.dsrOver', { limit: decimalToPercent(form.dsr.limit.toString()) })}` : ''}
                </td>
              </tr>
              <tr>
                <td className="dd-memo-label">{t('dd.memo.dsrInputs')}</td>
                <td>
                  {t('dd.memo.dsrDetail', { income: money(dsr.incomeFen), debt: money(dsr.debtFen), payment: money(dsr.newPaymentFen) })}
                </td>
              </tr>
            </>
          )}
        </tbody>
      </table>
    </>
  );
}

export function MemoEvidence({ data }: { data: CaseData }) {
  const { t } = useTranslation();
  return (
    <>
      <h2>{t('dd.memo.evidenceSection')}</h2>
      {data.attachments.length === 0 ? (
        <p>{t('dd.memo.noEvidence')}</p>
      ) : (
        <MemoListTable
          testId="dd-memo-evidence"
          columns={[{ label: t('dd.memo.fileName') }, { label: t('dd.memo.kind') }, { label: t('dd.memo.size') }, { label: 'SHA-256' }, { label: t('dd.memo.attachedAt') }]}
        >
          {data.attachments.map((f) => (
            <tr key={f.id}>
              <td>{f.fileName}</td>
              <td>{t(`dd.memo.kinds.${f.kind}`, { defaultValue: f.kind })}</td>
              <td className="num">{formatBytes(f.sizeBytes)}</td>
              <td className="dd-memo-mono">{f.sha256.slice(0, 12)}</td>
              <td>{formatTime(f.createdAt)}</td>
            </tr>
          ))}
        </MemoListTable>
      )}
    </>
  );
}

export function MemoTrail({ data }: { data: CaseData }) {
  const { t } = useTranslation();
  return (
    <>
      <h2>{t('dd.memo.trailSection')}</h2>
      <MemoListTable
        testId="dd-memo-trail"
        columns={[
          { label: t('dd.memo.action'), width: '16%' },
          { label: t('dd.memo.by'), width: '18%' },
          { label: t('dd.memo.at'), width: '22%' },
          { label: t('dd.memo.comment') },
        ]}
      >
        {data.trail.map((e, i) => (
          <tr key={`${e.action}-${i}`}>
            <td>{t(`dd.trail.${e.action}`)}</td>
            <td>{e.byName ?? e.byId}</td>
            <td>{formatTime(e.at)}</td>
            <td style={{ whiteSpace: 'pre-wrap' }}>{e.comment ?? ''}</td>
          </tr>
        ))}
      </MemoListTable>
    </>
  );
}

/** What was approved: the amount against the request, the conditions, who approved and when. */
export function MemoApproval({ data }: { data: CaseData }) {
  const { t } = useTranslation();
  const money = useMoney();
  const c = data.case;
  if (c.status !== 'approved') return null;
  return (
    <>
      <h2>{t('dd.memo.approvalSection')}</h2>
      <table data-testid="dd-memo-approval">
        <tbody>
          <tr>
            <td className="dd-memo-label">{t('dd.case.approvedAmount')}</td>
            <td data-testid="dd-memo-approved-amount">{c.approvedAmountFen === null ? t('dd.case.notRecorded') : money(c.approvedAmountFen)}</td>
          </tr>
          <tr>
            <td className="dd-memo-label">{t('dd.case.amount')}</td>
            <td>{money(c.application.amount)}</td>
          </tr>
          <tr>
            <td className="dd-memo-label">{t('dd.case.approvalConditions')}</td>
            <td style={{ whiteSpace: 'pre-wrap' }} data-testid="dd-memo-conditions">
              {c.approvalConditions ?? t('dd.case.noConditions')}
            </td>
          </tr>
          <tr>
            <td className="dd-memo-label">{t('dd.memo.approvedBy')}</td>
            <td>
              {c.decidedByName ?? c.decidedBy ?? ''} · {formatTime(c.decidedAt)}
            </td>
          </tr>
        </tbody>
      </table>
    </>
  );
}

/**
 * Lines to sign and date by hand for the investigating officer, the reviewer and the approver (the
 * names the system knows are printed; the reviewer's is left to write).
 */
export function MemoSignOff({ data }: { data: CaseData }) {
  const { t } = useTranslation();
  const c = data.case;
  const roles = [
    { key: 'investigator', name: c.officerName ?? c.officerId },
    { key: 'reviewer', name: '' },
    { key: 'approver', name: c.status === 'approved' ? (c.decidedByName ?? c.decidedBy ?? '') : '' },
  ];
  return (
    <div className="dd-memo-signoff" data-testid="dd-memo-signoff">
      {roles.map((r) => (
        <div key={r.key} className="dd-memo-signoff-role" data-role={r.key}>
          <div className="dd-memo-signoff-title">
            {t(`dd.memo.signoff.${r.key}`)}
            {r.name && <span className="dd-memo-signoff-name">{t('dd.memo.signoff.name', { name: r.name })}</span>}
          </div>
          <div className="dd-memo-signoff-line">
            <span>{t('dd.memo.signoff.signature')}</span>
            <span className="dd-memo-blank" data-testid="dd-memo-sign-line" />
          </div>
          <div className="dd-memo-signoff-line">
            <span>{t('dd.memo.signoff.date')}</span>
            <span className="dd-memo-blank" data-testid="dd-memo-date-line" />
          </div>
        </div>
      ))}
    </div>
  );
}
