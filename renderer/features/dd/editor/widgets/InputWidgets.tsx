// Typed items: text, number, money (yuan on screen, integer fen stored) and date. Typing is saved
// after a pause or when the field is left; Enter in a single-line field moves on to the next item.
import { DatePicker, Input, InputNumber, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { formatFen, parseYuan } from '../../../../../shared/domain/money';
import { pick } from '../form';
import type { LeafWidgetProps } from './types';

function enterMovesOn(e: KeyboardEvent<HTMLElement>, props: LeafWidgetProps): void {
  if (e.key !== 'Enter' || e.shiftKey || e.altKey || e.ctrlKey || e.metaKey || e.nativeEvent.isComposing) return;
  e.preventDefault();
  props.onCommit();
  props.onEnter(e.currentTarget);
}

export function TextWidget(props: LeafWidgetProps) {
  const { item, value, disabled, testId, ariaLabel, invalid, onChange, onCommit } = props;
  const { t } = useTranslation();
  if (item.kind !== 'text') return null;
  const text = typeof value === 'string' ? value : '';
  // An emptied box clears the answer rather than storing ''.
  const change = (v: string) => onChange(v === '' ? null : v, 'typing');
  if (item.multiline) {
    return (
      <Input.TextArea
        value={text}
        disabled={disabled}
        autoSize={{ minRows: 2, maxRows: 8 }}
        maxLength={item.maxLength}
        showCount={!!item.maxLength}
        status={invalid ? 'error' : undefined}
        placeholder={t('ddEditor.textPlaceholder')}
        aria-label={ariaLabel}
        data-testid={testId}
        onChange={(e) => change(e.target.value)}
        onBlur={onCommit}
      />
    );
  }
  return (
    <Input
      value={text}
      disabled={disabled}
      maxLength={item.maxLength}
      status={invalid ? 'error' : undefined}
      placeholder={t('ddEditor.textPlaceholder')}
      aria-label={ariaLabel}
      data-testid={testId}
      style={{ maxWidth: 480 }}
      onChange={(e) => change(e.target.value)}
      onBlur={onCommit}
      onKeyDown={(e) => enterMovesOn(e, props)}
    />
  );
}

export function NumberWidget(props: LeafWidgetProps) {
  const { item, value, disabled, testId, lang, ariaLabel, invalid, onChange, onCommit } = props;
  if (item.kind !== 'number') return null;
  const unit = pick(item.unit, lang);
  return (
    <InputNumber<number>
      value={typeof value === 'number' ? value : null}
      disabled={disabled}
      precision={item.integer ? 0 : undefined}
      status={invalid ? 'error' : undefined}
      suffix={unit || undefined}
      aria-label={ariaLabel}
      data-testid={testId}
      style={{ width: 220 }}
      // No min/max here: the field would silently clamp, and the engine's message names the bound.
      onChange={(v) => onChange(typeof v === 'number' && Number.isFinite(v) ? v : null, 'typing')}
      onBlur={onCommit}
      onKeyDown={(e) => enterMovesOn(e, props)}
    />
  );
}

function fenText(v: unknown): string {
  return typeof v === 'number' && Number.isSafeInteger(v) ? formatFen(v, 'zh-CN', { symbol: false }) : '';
}

/**
 * Money is typed in yuan and kept as the text typed until it parses; only whole fen from the shared
 * parser ever become the answer (no floating point on the way).
 */
export function MoneyWidget(props: LeafWidgetProps) {
  const { value, disabled, testId, ariaLabel, invalid, onChange, onCommit } = props;
  const { t } = useTranslation();
  const [text, setText] = useState(() => fenText(value));
  const [bad, setBad] = useState(false);
  const focused = useRef(false);

  // The answer changed elsewhere (a reload, a restored draft): show it unless the officer is typing.
  useEffect(() => {
    if (!focused.current) {
      setText(fenText(value));
      setBad(false);
    }
  }, [value]);

  const change = (raw: string) => {
    setText(raw);
    if (raw.trim() === '') {
      setBad(false);
      onChange(null, 'typing');
      return;
    }
    try {
      const fen = parseYuan(raw);
      setBad(false);
      onChange(fen, 'typing');
    } catch {
      setBad(true); // keep the last good answer; the message says what is wrong with the text
    }
  };

  return (
    <div>
      <Input
        value={text}
        disabled={disabled}
        inputMode="decimal"
        status={bad || invalid ? 'error' : undefined}
        placeholder="0.00"
        suffix={t('ddEditor.money.unit')}
        aria-label={ariaLabel}
        aria-invalid={bad || invalid}
        data-testid={testId}
        style={{ width: 240 }}
        className="num"
        onFocus={() => {
          focused.current = true;
        }}
        onChange={(e) => change(e.target.value)}
        onBlur={() => {
          focused.current = false;
          // Tidy a good amount to "1,234.50"; leave bad text as typed so it can be corrected.
          if (!bad) setText(fenText(value));
          onCommit();
        }}
        onKeyDown={(e) => enterMovesOn(e, props)}
      />
      {bad && (
        <Typography.Text type="danger" style={{ display: 'block', fontSize: 12 }} data-testid={`${testId}-money-error`}>
          {t('ddEditor.money.bad')}
        </Typography.Text>
      )}
    </div>
  );
}

export function DateWidget(props: LeafWidgetProps) {
  const { item, value, disabled, testId, ariaLabel, invalid, onChange } = props;
  const { t } = useTranslation();
  if (item.kind !== 'date') return null;
  const parsed = typeof value === 'string' ? dayjs(value, 'YYYY-MM-DD', true) : null;
  const notFuture = item.notFuture;
  return (
    <DatePicker
      value={parsed && parsed.isValid() ? parsed : null}
      disabled={disabled}
      format="YYYY-MM-DD"
      status={invalid ? 'error' : undefined}
      placeholder={t('ddEditor.datePlaceholder')}
      aria-label={ariaLabel}
      data-testid={testId}
      disabledDate={notFuture ? (d: Dayjs) => d.isAfter(dayjs(), 'day') : undefined}
      onChange={(d: Dayjs | null) => onChange(d ? d.format('YYYY-MM-DD') : null, 'now')}
    />
  );
}
