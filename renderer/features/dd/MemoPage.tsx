// The credit memo (授信调查报告): a print view of the case on A4, rendered without the app's frame so
// "print" and "save as PDF" give just the report. Visibility, red flags, score and the debt-service
// ratio come from the shared form engine, the same evaluation the service re-checks on submit.
import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, Button } from 'antd';
import dayjs from 'dayjs';
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionUser } from '../../../shared/api/schemas';
import { appliesTo, compileForm, evaluateForm, formTemplateBody, type CompiledForm, type FormEvaluation, type FormTemplate } from '../../../shared/forms';
import { CUSTOMER_TYPE_LABELS, METHOD_LABELS, PURPOSE_LABELS } from '../../../shared/i18n/labels';
import { invoke } from '../../api/transport';
import { goBack } from '../../app/router';
import { useBilingual } from '../../i18n/bilingual';
import { useLabel, useMoney } from '../../i18n/useLocale';
import { PrintView, PrintViewLoading, useDocumentData, usePrintTitle } from '../../ui/PrintView';
import type { CaseData } from './CaseOverview';
import { formatTime } from '../../ui/formatTime';
import { decimalToPercent } from './ddFormat';
import './memo.css';
import { printsAsImage } from './memoAnswers';
import { MemoApproval, MemoEvaluation, MemoEvidence, MemoSections, MemoSignOff, MemoTrail } from './MemoParts';
import { serverNowMs, setServerNow } from './serverClock';

interface Evaluated {
  form: CompiledForm;
  evaluation: FormEvaluation;
}

/** The case's template through the shared engine; null when its body is not one this build can read. */
function evaluateCase(data: CaseData): Evaluated | null {
  const body = formTemplateBody.safeParse(data.template.body);
  if (!body.success) return null;
  const applies = appliesTo.safeParse(data.template.appliesTo);
  const template: FormTemplate = {
    id: data.template.id,
    code: data.template.code,
    version: data.template.version,
    title: { zh: data.template.titleZh, en: data.template.titleEn },
    // Only used to choose templates when a case is opened; the memo must print whatever it says.
    appliesTo: applies.success ? applies.data : { customerTypes: [data.customer.type], products: [data.case.application.purpose] },
    body: body.data,
  };
  const evidence: Record<string, number> = {};
  for (const a of data.attachments) evidence[a.itemKey] = (evidence[a.itemKey] ?? 0) + 1;
  const form = compileForm(template);
  return { form, evaluation: evaluateForm(form, data.answers, evidence, { newMonthlyPayment: data.case.monthlyPayment }) };
}

export function MemoPage({ caseId, user }: { caseId: string; user: SessionUser }) {
  const { t } = useTranslation();
  const lbl = useLabel();
  const money = useMoney();
  const inUiLanguage = useBilingual();
  const { data, error } = useDocumentData(
    () =>
      invoke('dd.get', { caseId }).then((d) => {
        setServerNow(d.now);
        return d;
      }),
    caseId,
  );

  const evaluated = useMemo(() => {
    if (!data) return null;
    try {
      return evaluateCase(data);
    } catch {
      return null;
    }
  }, [data]);

  usePrintTitle(data ? `${t('dd.memo.title')}-${data.case.caseNo}-${data.customer.name}` : null);

  // The memo is ready to print once every signature image it shows has loaded (or cannot be shown).
  const [settledImages, setSettledImages] = useState<ReadonlySet<string>>(() => new Set());
  const onImageSettled = useCallback((id: string) => setSettledImages((prev) => (prev.has(id) ? prev : new Set(prev).add(id))), []);
  const signatureIds = useMemo(() => {
    if (!data || !evaluated) return [];
    const signatureItems = new Set([...evaluated.form.byKey.values()].filter((ci) => ci.item.kind === 'signature' && evaluated.evaluation.visibleItems.has(ci.key)).map((ci) => ci.key));
    return data.attachments.filter((f) => signatureItems.has(f.itemKey) && printsAsImage(f)).map((f) => f.id);
  }, [data, evaluated]);
  const imagesReady = signatureIds.every((id) => settledImages.has(id));

  const back = (
    <Button icon={<ArrowLeftOutlined />} onClick={() => goBack({ name: 'ddCase', caseId })} data-testid="dd-memo-back">
      {t('dd.back')}
    </Button>
  );

  if (!data) {
    return <PrintViewLoading testId="dd-memo" error={error} errorTitle={t('dd.case.loadFailed')} back={back} />;
  }

  const c = data.case;
  const a = c.application;
  const kv = (rows: [string, string][]) => (
    <table className="dd-memo-kv">
      <tbody>
        {rows.map(([k, v], i) =>
          i % 2 === 0 ? (
            <tr key={k}>
              <td className="dd-memo-label">{k}</td>
              <td>{v}</td>
              <td className="dd-memo-label">{rows[i + 1]?.[0] ?? ''}</td>
              <td>{rows[i + 1]?.[1] ?? ''}</td>
            </tr>
          ) : null,
        )}
      </tbody>
    </table>
  );

  return (
    <PrintView
      testId="dd-memo"
      sheetClassName="dd-memo-sheet"
      back={back}
      printLabel={t('dd.memo.print')}
      printTestId="dd-memo-print"
      attrs={{ 'data-ready': imagesReady ? '1' : '0' }}
    >
      <div className="dd-memo-bank">{inUiLanguage(user.branchName, user.branchNameEn)}</div>
      <h1>{t('dd.memo.title')}</h1>
      <div className="dd-memo-meta">
        <span>
          {t('dd.memo.template')}: {inUiLanguage(data.template.titleZh, data.template.titleEn)} v{data.template.version}
        </span>
        <span>
          {t('dd.col.status')}: {t(`dd.status.${c.status}`)}
        </span>
        <span data-testid="dd-memo-case-no">
          {t('dd.case.caseNo')}: <span className="num">{c.caseNo}</span>
        </span>
      </div>

      <h2>{t('dd.memo.customerSection')}</h2>
      {kv([
        [t('dd.col.customerName'), data.customer.name],
        [t('dd.col.customerNo'), data.customer.customerNo],
        [t('dd.memo.customerType'), lbl(CUSTOMER_TYPE_LABELS, data.customer.type)],
        [t('dd.col.officer'), c.officerName ?? c.officerId],
      ])}

      <h2>{t('dd.memo.loanSection')}</h2>
      {kv([
        [t('dd.open.purpose'), lbl(PURPOSE_LABELS, a.purpose)],
        [t('dd.case.amount'), money(a.amount)],
        [t('dd.open.term'), t('dd.case.termMonths', { n: a.termMonths })],
        [t('dd.case.rate'), `${decimalToPercent(a.annualRate)}%`],
        [t('dd.open.method'), lbl(METHOD_LABELS, a.method)],
        [t('dd.case.monthlyPayment'), money(c.monthlyPayment)],
      ])}

      {evaluated ? (
        <>
          <MemoSections data={data} form={evaluated.form} evaluation={evaluated.evaluation} onImageSettled={onImageSettled} />
          <MemoEvaluation form={evaluated.form} evaluation={evaluated.evaluation} />
        </>
      ) : (
        <Alert type="warning" showIcon title={t('dd.memo.templateUnreadable')} style={{ marginTop: 12 }} />
      )}
      <MemoEvidence data={data} />
      <MemoTrail data={data} />
      <MemoApproval data={data} />
      <MemoSignOff data={data} />

      <div className="dd-memo-foot">
        <span>
          {t('dd.memo.printedBy')}: {user.displayName}
        </span>
        <span data-testid="dd-memo-printed-at">
          {t('dd.memo.printedAt')}: {formatTime(dayjs(serverNowMs()).toISOString())}
        </span>
      </div>
    </PrintView>
  );
}
