// The due-diligence checklist editor: section navigator, the items of the case's template, and the
// live summary. Answers autosave one by one (useAnswers); completeness, red flags, score and the
// debt-service ratio are evaluated here with the shared engine on every change, unsaved edits included.
// With readOnly (or a case the user may not edit) the same screen shows the case without inputs.
import { Alert, App, Result, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiCallError, errorText, invoke } from '../../../api/transport';
import { CaseSummary } from './CaseSummary';
import { focusNextField, jumpToItem, ITEM_ATTR } from './focus';
import { pick, useLang, type Attachment, type CaseData } from './form';
import { ItemField } from './ItemField';
import { SectionNav, sectionProgress } from './SectionNav';
import { refusalEntries, SubmitRefusal, type RefusalEntry } from './SubmitRefusal';
import { useAnswers } from './useAnswers';
import { makeChecker, useCaseForm, useEvaluation, visibleScope } from './useEvaluation';

export interface CaseEditorProps {
  caseId: string;
  data: CaseData;
  /** Called after something the parent should reload for: a new attachment, a submission. */
  onChanged: () => void;
  /** Show without inputs (the supervisor's review); also implied when data.canEdit is false. */
  readOnly?: boolean;
}

const NO_ATTACHMENTS: Attachment[] = [];
const EMPTY_SCOPE = Object.freeze(Object.create(null) as Record<string, never>);

// Inline because the editor owns these looks; the CSP allows inline styles (antd needs them anyway).
const EDITOR_CSS = `
.dd-editor-grid { display: grid; grid-template-columns: 200px minmax(0, 1fr) 330px; gap: 16px; align-items: stretch; }
.dd-sticky { position: sticky; top: 0; max-height: calc(100vh - 100px); overflow-y: auto; }
.dd-nav-btn:hover, .dd-nav-btn:focus-visible { background: rgba(0, 0, 0, 0.04) !important; }
[data-dd-item]:focus-within { background: #f5f9ff; }
@keyframes dd-flash { from { box-shadow: 0 0 0 3px #faad14; } to { box-shadow: 0 0 0 3px transparent; } }
.dd-item-flash { animation: dd-flash 1.6s ease-out; }
@media (max-width: 1180px) {
  .dd-editor-grid { grid-template-columns: minmax(0, 1fr); }
  .dd-nav-col { display: none; }
  .dd-summary-col { order: -1; }
  .dd-sticky { position: static; max-height: none; }
}
`;

/** The editor. Keyed by case, so opening another case starts from a clean slate. */
export function CaseEditor(props: CaseEditorProps) {
  return <CaseEditorInner key={props.caseId} {...props} />;
}

function CaseEditorInner({ caseId, data, onChanged, readOnly: readOnlyProp }: CaseEditorProps) {
  const { t } = useTranslation();
  const lang = useLang();
  const { message, modal } = App.useApp();
  const readOnly = !!readOnlyProp || !data.canEdit;
  const caseForm = useCaseForm(data);
  const form = caseForm?.form ?? null;
  const check = useMemo(() => makeChecker(form), [form]);
  const { answers, status, problems, restoredCount, change, flush, retry, flushAll } = useAnswers({
    caseId,
    server: data.answers,
    readOnly,
    check,
  });

  // Files attached on this page show at once; the parent's reload then brings the service's rows.
  const [added, setAdded] = useState<Attachment[]>([]);
  const attachments = useMemo(() => {
    const known = new Set(data.attachments.map((a) => a.id));
    return [...data.attachments, ...added.filter((a) => !known.has(a.id))];
  }, [data.attachments, added]);
  const byItem = useMemo(() => {
    const m = new Map<string, Attachment[]>();
    for (const a of attachments) m.set(a.itemKey, [...(m.get(a.itemKey) ?? []), a]);
    return m;
  }, [attachments]);

  const evaluation = useEvaluation(caseForm, answers, attachments, data.case.monthlyPayment);
  const scope = useMemo(() => visibleScope(evaluation, answers), [evaluation, answers]);

  const changedRef = useRef(onChanged);
  changedRef.current = onChanged;
  const onUploaded = useCallback((att: Attachment) => {
    setAdded((list) => [...list, att]);
    changedRef.current();
  }, []);
  const onEnter = useCallback((from: HTMLElement) => focusNextField(from), []);

  // The item last worked in, so "next missing" means after it (the button itself takes the focus).
  const lastItem = useRef<string | null>(null);
  const jump = useCallback((key: string) => {
    if (jumpToItem(key)) lastItem.current = key;
  }, []);

  const nextMissing = useCallback(() => {
    if (!evaluation || !caseForm) return;
    const keys = [...new Set(evaluation.missing.map((m) => m.key))];
    if (keys.length === 0) {
      void message.info(t('ddEditor.summary.noMissing'));
      return;
    }
    const orderOf = (k: string | null) => (k ? (caseForm.parsed.items.get(k)?.order ?? -1) : -1);
    const from = orderOf(lastItem.current);
    const next = keys.find((k) => orderOf(k) > from) ?? keys[0];
    if (next) jump(next);
  }, [evaluation, caseForm, jump, message, t]);

  const nextRef = useRef(nextMissing);
  nextRef.current = nextMissing;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      // e.code, not e.key: Alt+N types a character (ñ, ˜) on some layouts.
      if (e.altKey && !e.ctrlKey && !e.metaKey && !e.shiftKey && e.code === 'KeyN') {
        e.preventDefault();
        nextRef.current();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const [submitting, setSubmitting] = useState(false);
  const [submitError, setSubmitError] = useState<string | null>(null);
  const [refusal, setRefusal] = useState<{ entries: RefusalEntry[]; message: string } | null>(null);

  const submit = async () => {
    setSubmitting(true);
    setSubmitError(null);
    try {
      // Whatever is still being typed or retried goes first: the service judges what it holds.
      const allSaved = await flushAll();
      if (!allSaved) {
        setSubmitError(t('ddEditor.submit.unsaved'));
        const bad = Object.entries(status).find(([, s]) => s.state === 'error' || s.state === 'invalid');
        if (bad) jump(bad[0]);
        return;
      }
      await invoke('dd.submit', { caseId });
      void message.success(t('ddEditor.submit.done'));
      changedRef.current();
    } catch (err) {
      const entries = err instanceof ApiCallError ? refusalEntries(err.details) : null;
      if (entries) setRefusal({ entries, message: errorText(err) });
      else setSubmitError(t('ddEditor.submit.failed', { error: errorText(err) }));
    } finally {
      setSubmitting(false);
    }
  };

  /**
   * A case with a high red flag goes up only once the officer has seen the flags and confirmed. An
   * incomplete case goes straight to the service, whose refusal lists what is missing.
   */
  const confirmSubmit = () => {
    const high = evaluation?.redFlags.filter((f) => f.severity === 'high') ?? [];
    if (high.length === 0 || (evaluation?.missing.length ?? 0) > 0) {
      void submit();
      return;
    }
    modal.confirm({
      title: t('ddEditor.submit.confirmHighTitle', { count: high.length }),
      content: (
        <div data-testid="dd-submit-confirm">
          <Typography.Text>{t('ddEditor.submit.confirmHighIntro')}</Typography.Text>
          <ul style={{ margin: '6px 0 0', paddingInlineStart: 20 }}>
            {high.map((f, i) => (
              <li key={`${f.code}-${i}`}>{pick(f.message, lang)}</li>
            ))}
          </ul>
        </div>
      ),
      okText: t('ddEditor.submit.confirmHighOk'),
      cancelText: t('ddEditor.submit.cancel'),
      okButtonProps: { 'data-testid': 'dd-submit-confirm-ok' },
      cancelButtonProps: { 'data-testid': 'dd-submit-confirm-cancel' },
      onOk: () => void submit(),
    });
  };

  if (!caseForm || !evaluation) {
    return <Result status="warning" title={t('ddEditor.badTemplate')} data-testid="dd-bad-template" />;
  }

  const sections = caseForm.parsed.template.body.sections.filter((s) => evaluation.visibleSections.has(s.key));

  return (
    <div data-testid="dd-editor" data-readonly={readOnly}>
      <style>{EDITOR_CSS}</style>
      {!data.canEdit && !readOnlyProp && (
        <Alert type="info" showIcon title={t('ddEditor.readOnly')} style={{ marginBottom: 12 }} data-testid="dd-readonly" />
      )}
      {restoredCount > 0 && !readOnly && (
        <Alert type="info" showIcon closable title={t('ddEditor.restored', { count: restoredCount })} style={{ marginBottom: 12 }} />
      )}
      <div className="dd-editor-grid">
        <div className="dd-nav-col">
          <div className="dd-sticky">
            <SectionNav sections={sectionProgress(caseForm.parsed, evaluation, lang)} />
          </div>
        </div>
        <div
          style={{ minWidth: 0 }}
          onFocusCapture={(e) => {
            const key = (e.target as Element).closest(`[${ITEM_ATTR}]`)?.getAttribute(ITEM_ATTR);
            if (key) lastItem.current = key;
          }}
        >
          {sections.map((section) => (
            <section
              key={section.key}
              id={`dd-section-${section.key}`}
              data-testid={`dd-section-${section.key}`}
              style={{ background: '#fff', border: '1px solid #f0f0f0', borderRadius: 8, padding: '8px 4px', marginBottom: 16, scrollMarginTop: 8 }}
            >
              <Typography.Title level={5} style={{ margin: '4px 12px 4px' }}>
                {pick(section.title, lang)}
              </Typography.Title>
              {section.items
                .filter((item) => evaluation.visibleItems.has(item.key))
                .map((item) => (
                  <ItemField
                    key={item.key}
                    caseId={caseId}
                    item={item}
                    compiled={form?.byKey.get(item.key)}
                    value={answers[item.key]}
                    scope={item.kind === 'group' ? scope : EMPTY_SCOPE}
                    attachments={byItem.get(item.key) ?? NO_ATTACHMENTS}
                    status={status[item.key]}
                    problem={problems[item.key]}
                    disabled={readOnly}
                    lang={lang}
                    onChange={change}
                    onCommit={flush}
                    onRetry={retry}
                    onEnter={onEnter}
                    onUploaded={onUploaded}
                  />
                ))}
            </section>
          ))}
        </div>
        <div className="dd-summary-col">
          <div className="dd-sticky">
            <CaseSummary
              data={data}
              evaluation={evaluation}
              readOnly={readOnly}
              submitting={submitting}
              submitError={submitError}
              onJump={jump}
              onNextMissing={nextMissing}
              onSubmit={confirmSubmit}
            />
          </div>
        </div>
      </div>
      <SubmitRefusal
        entries={refusal?.entries ?? null}
        message={refusal?.message ?? ''}
        parsed={caseForm.parsed}
        lang={lang}
        onJump={jump}
        onClose={() => setRefusal(null)}
      />
    </div>
  );
}
