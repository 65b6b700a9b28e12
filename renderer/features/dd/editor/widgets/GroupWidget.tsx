// A repeat group (guarantors, collateral items, ...): one card per row with the child items. The whole
// array of rows is one answer, saved like any other; a child's visibleIf is evaluated per row, with the
// row's own answers first and the form's visible answers behind them (as the engine does).
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AnswerScope, CompiledItem } from '../../../../../shared/forms';
import type { AnswerValue, GroupItem, LeafAnswer } from '../../../../../shared/forms/template';
import { FIELD_ATTR } from '../focus';
import { pick, type Lang } from '../form';
import type { ChangeMode, Problem } from '../useAnswers';
import { LeafWidget } from './LeafWidget';

type Row = Record<string, LeafAnswer | null>;

interface Props {
  item: GroupItem;
  compiled: CompiledItem | undefined;
  value: AnswerValue | undefined;
  /** The form's visible answers, behind each row's own in conditions. */
  scope: AnswerScope;
  disabled: boolean;
  lang: Lang;
  problem: Problem | undefined;
  onChange(value: AnswerValue, mode: ChangeMode): void;
  onCommit(): void;
  onEnter(from: HTMLElement): void;
}

function rowsOf(value: AnswerValue | undefined): Row[] {
  if (!Array.isArray(value)) return [];
  return value.filter((r): r is Row => typeof r === 'object' && r !== null && !Array.isArray(r));
}

export function GroupWidget({ item, compiled, value, scope, disabled, lang, problem, onChange, onCommit, onEnter }: Props) {
  const { t } = useTranslation();
  const rows = rowsOf(value);
  const canAdd = !disabled && (item.maxRows === undefined || rows.length < item.maxRows);

  const setCell = (r: number, childKey: string, v: LeafAnswer | null, mode: ChangeMode) => {
    const next = rows.map((row, i) => {
      if (i !== r) return row;
      const copy = { ...row };
      // A cleared cell leaves the row rather than being stored as null, so rows stay small.
      if (v === null) delete copy[childKey];
      else copy[childKey] = v;
      return copy;
    });
    onChange(next, mode);
  };

  const addRow = () => onChange([...rows, {}], 'now');
  const removeRow = (r: number) => {
    const next = rows.filter((_, i) => i !== r);
    onChange(next.length ? next : null, 'now');
  };

  return (
    <Flex vertical gap={8}>
      {rows.length === 0 && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('ddEditor.group.empty')}
        </Typography.Text>
      )}
      {rows.map((row, r) => {
        const rowScope = Object.create(scope) as Record<string, AnswerValue | undefined>;
        return (
          <Card
            key={r}
            size="small"
            title={t('ddEditor.group.row', { n: r + 1 })}
            data-testid={`dd-row-${item.key}-${r}`}
            extra={
              !disabled && (
                <Button
                  size="small"
                  type="text"
                  danger
                  icon={<DeleteOutlined />}
                  onClick={() => removeRow(r)}
                  data-testid={`dd-removerow-${item.key}-${r}`}
                >
                  {t('ddEditor.group.removeRow')}
                </Button>
              )
            }
          >
            <Flex vertical gap={10}>
              {item.items.map((child) => {
                const cc = compiled?.childByKey.get(child.key);
                if (cc?.visibleIf && !cc.visibleIf(rowScope)) return null;
                const cv = row[child.key];
                if (cv !== undefined && cv !== null) rowScope[child.key] = cv;
                const cellProblem = problem && problem.row === r && problem.childKey === child.key ? problem : undefined;
                const label = pick(child.label, lang);
                return (
                  <div key={child.key} {...{ [FIELD_ATTR]: '' }}>
                    <Typography.Text style={{ display: 'block', marginBottom: 2 }}>
                      {child.required && <span style={{ color: '#ff4d4f', marginInlineEnd: 4 }}>*</span>}
                      {label}
                    </Typography.Text>
                    {child.guidance && (
                      <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12, marginBottom: 4 }}>
                        {pick(child.guidance, lang)}
                      </Typography.Text>
                    )}
                    <LeafWidget
                      item={child}
                      value={cv}
                      disabled={disabled}
                      testId={`dd-input-${item.key}-${r}-${child.key}`}
                      lang={lang}
                      ariaLabel={`${pick(item.label, lang)} ${t('ddEditor.group.row', { n: r + 1 })} ${label}`}
                      invalid={!!cellProblem}
                      onChange={(v, mode) => setCell(r, child.key, v, mode)}
                      onCommit={onCommit}
                      onEnter={onEnter}
                    />
                    {cellProblem && (
                      <Typography.Text type="danger" style={{ display: 'block', fontSize: 12 }} data-testid={`dd-problem-${item.key}-${r}-${child.key}`}>
                        {pick(cellProblem.message, lang)}
                      </Typography.Text>
                    )}
                  </div>
                );
              })}
            </Flex>
          </Card>
        );
      })}
      {!disabled && (
        <div {...{ [FIELD_ATTR]: '' }}>
          <Button icon={<PlusOutlined />} onClick={addRow} disabled={!canAdd} data-testid={`dd-addrow-${item.key}`}>
            {t('ddEditor.group.addRow')}
          </Button>
          {item.maxRows !== undefined && (
            <Typography.Text type="secondary" style={{ fontSize: 12, marginInlineStart: 8 }}>
              {t('ddEditor.group.maxRows', { max: item.maxRows })}
            </Typography.Text>
          )}
        </div>
      )}
    </Flex>
  );
}
