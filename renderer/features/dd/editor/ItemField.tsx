// One top-level item: label (red * when required), guidance, the widget for its kind, the engine's
// message for a value that may not be saved, and the item's save state.
import { CheckCircleFilled, ExclamationCircleFilled, LoadingOutlined } from '@ant-design/icons';
import { Button, Flex, Tooltip, Typography } from 'antd';
import { memo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { AnswerScope, CompiledItem } from '../../../../shared/forms';
import type { AnswerValue, FormItem, LeafAnswer } from '../../../../shared/forms/template';
import { FIELD_ATTR, ITEM_ATTR } from './focus';
import { isRequiredItem, pick, type Attachment, type Lang } from './form';
import type { ChangeMode, Problem, SaveStatus } from './useAnswers';
import { EvidenceWidget } from './widgets/EvidenceWidget';
import { GroupWidget } from './widgets/GroupWidget';
import { LeafWidget } from './widgets/LeafWidget';
import { SignaturePad } from './widgets/SignaturePad';

export interface ItemFieldProps {
  caseId: string;
  item: FormItem;
  compiled: CompiledItem | undefined;
  value: AnswerValue | undefined;
  scope: AnswerScope;
  attachments: Attachment[];
  status: SaveStatus | undefined;
  problem: Problem | undefined;
  disabled: boolean;
  lang: Lang;
  onChange(key: string, value: AnswerValue, mode: ChangeMode): void;
  onCommit(key: string): void;
  onRetry(key: string): void;
  onEnter(from: HTMLElement): void;
  onUploaded(att: Attachment): void;
}

const SMALL = { fontSize: 12 } as const;

// How a state that needs nothing from the user looks. Waiting for a pause in typing ('pending')
// counts as saving: the value is on its way.
const QUIET_BADGES = {
  saved: { type: 'success', icon: <CheckCircleFilled /> },
  saving: { type: 'secondary', icon: <LoadingOutlined /> },
  invalid: { type: 'warning', icon: <ExclamationCircleFilled /> },
} as const;

function SaveBadge({ itemKey, status, onRetry }: { itemKey: string; status: SaveStatus | undefined; onRetry(): void }) {
  const { t } = useTranslation();
  if (!status) return null;
  const testId = `dd-saved-${itemKey}`;
  if (status.state === 'error') {
    return (
      <Tooltip title={status.message}>
        <Button size="small" type="link" danger onClick={onRetry} style={{ ...SMALL, padding: 0, height: 'auto' }} data-testid={testId} data-state="error">
          <ExclamationCircleFilled /> {t('ddEditor.save.error')}
        </Button>
      </Tooltip>
    );
  }
  const shown = status.state === 'pending' ? 'saving' : status.state;
  const { type, icon } = QUIET_BADGES[shown];
  return (
    <Typography.Text type={type} style={SMALL} data-testid={testId} data-state={shown}>
      {icon} {t(`ddEditor.save.${shown}`)}
    </Typography.Text>
  );
}

/** A message under the field, in red: why the value may not be saved, or why saving it failed. */
function FieldMessage({ testId, children }: { testId: string; children: ReactNode }) {
  return (
    <Typography.Text type="danger" style={{ display: 'block', fontSize: 12, marginTop: 4 }} data-testid={testId}>
      {children}
    </Typography.Text>
  );
}

function ItemFieldImpl(props: ItemFieldProps) {
  const { caseId, item, compiled, value, scope, attachments, status, problem, disabled, lang } = props;
  const { t } = useTranslation();
  const label = pick(item.label, lang);
  const required = isRequiredItem(item);

  let widget;
  if (item.kind === 'group') {
    widget = (
      <GroupWidget
        item={item}
        compiled={compiled}
        value={value}
        scope={scope}
        disabled={disabled}
        lang={lang}
        problem={problem}
        onChange={(v, mode) => props.onChange(item.key, v, mode)}
        onCommit={() => props.onCommit(item.key)}
        onEnter={props.onEnter}
      />
    );
  } else if (item.kind === 'evidence') {
    widget = (
      <EvidenceWidget caseId={caseId} item={item} attachments={attachments} disabled={disabled} ariaLabel={label} onUploaded={props.onUploaded} />
    );
  } else if (item.kind === 'signature') {
    widget = (
      <SignaturePad caseId={caseId} itemKey={item.key} attachments={attachments} disabled={disabled} ariaLabel={label} onUploaded={props.onUploaded} />
    );
  } else {
    widget = (
      <div {...{ [FIELD_ATTR]: '' }}>
        <LeafWidget
          item={item}
          value={value as LeafAnswer | null | undefined}
          disabled={disabled}
          testId={`dd-input-${item.key}`}
          lang={lang}
          ariaLabel={label}
          invalid={!!problem}
          onChange={(v, mode) => props.onChange(item.key, v, mode)}
          onCommit={() => props.onCommit(item.key)}
          onEnter={props.onEnter}
        />
      </div>
    );
  }

  // A group's problem in a row is shown at the cell; only a whole-group problem goes here.
  const showProblem = problem && !(item.kind === 'group' && problem.row !== undefined && problem.childKey !== undefined);
  return (
    <div
      id={`dd-item-${item.key}`}
      data-testid={`dd-item-${item.key}`}
      {...{ [ITEM_ATTR]: item.key }}
      data-kind={item.kind}
      style={{ padding: '10px 12px', borderRadius: 6, scrollMarginTop: 16 }}
    >
      <Flex justify="space-between" align="baseline" gap={8}>
        <Typography.Text strong>
          {required && (
            <span style={{ color: '#ff4d4f', marginInlineEnd: 4 }} aria-label={t('ddEditor.required')}>
              *
            </span>
          )}
          {label}
        </Typography.Text>
        <SaveBadge itemKey={item.key} status={status} onRetry={() => props.onRetry(item.key)} />
      </Flex>
      {item.guidance && (
        <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12, marginBottom: 6 }}>
          {pick(item.guidance, lang)}
        </Typography.Text>
      )}
      <div style={{ marginTop: item.guidance ? 0 : 6 }}>{widget}</div>
      {showProblem && <FieldMessage testId={`dd-problem-${item.key}`}>{pick(problem.message, lang)}</FieldMessage>}
      {/* The service's reason (its own re-check, or why the save failed) under the field, not only in a tooltip. */}
      {status?.state === 'error' && status.message && <FieldMessage testId={`dd-save-error-${item.key}`}>{status.message}</FieldMessage>}
    </div>
  );
}

/** Memoised: typing in one item re-renders that item, not the other hundred. */
export const ItemField = memo(ItemFieldImpl);
