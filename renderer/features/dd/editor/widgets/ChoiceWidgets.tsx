// Choice items: yes/no/not applicable, one option, several options. A choice is final the moment it
// is made, so it is saved at once.
import { Checkbox, Radio, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { pick } from '../form';
import type { LeafWidgetProps } from './types';

/** Up to this many options show as radio buttons (one click, all visible); more as a searchable select. */
const RADIO_MAX_OPTIONS = 4;

export function YesNoWidget({ value, disabled, testId, ariaLabel, onChange }: LeafWidgetProps) {
  const { t } = useTranslation();
  const choices = [
    { v: 'yes', label: t('ddEditor.yes') },
    { v: 'no', label: t('ddEditor.no') },
    { v: 'na', label: t('ddEditor.na') },
  ];
  return (
    <Radio.Group
      value={typeof value === 'string' ? value : undefined}
      disabled={disabled}
      aria-label={ariaLabel}
      onChange={(e) => onChange(e.target.value as string, 'now')}
    >
      {choices.map((c) => (
        <Radio key={c.v} value={c.v} data-testid={`${testId}-${c.v}`}>
          {c.label}
        </Radio>
      ))}
    </Radio.Group>
  );
}

export function SingleWidget({ item, value, disabled, testId, lang, ariaLabel, invalid, onChange }: LeafWidgetProps) {
  const { t } = useTranslation();
  if (item.kind !== 'single') return null;
  const current = typeof value === 'string' ? value : undefined;
  if (item.options.length <= RADIO_MAX_OPTIONS) {
    return (
      <Radio.Group value={current} disabled={disabled} aria-label={ariaLabel} onChange={(e) => onChange(e.target.value as string, 'now')}>
        {item.options.map((o) => (
          <Radio key={o.value} value={o.value} data-testid={`${testId}-${o.value}`}>
            {pick(o.label, lang)}
          </Radio>
        ))}
      </Radio.Group>
    );
  }
  return (
    <Select
      value={current}
      disabled={disabled}
      allowClear
      showSearch={{ optionFilterProp: 'label' }}
      status={invalid ? 'error' : undefined}
      placeholder={t('ddEditor.selectPlaceholder')}
      aria-label={ariaLabel}
      data-testid={testId}
      style={{ width: '100%', maxWidth: 360 }}
      options={item.options.map((o) => ({ value: o.value, label: pick(o.label, lang) }))}
      onChange={(v: string | undefined) => onChange(v ?? null, 'now')}
    />
  );
}

export function MultiWidget({ item, value, disabled, testId, lang, ariaLabel, onChange }: LeafWidgetProps) {
  if (item.kind !== 'multi') return null;
  const selected = Array.isArray(value) ? value : [];
  return (
    <Checkbox.Group
      value={selected}
      disabled={disabled}
      aria-label={ariaLabel}
      // Keep template order whatever the click order, so the stored answer is stable.
      onChange={(vals) => {
        const set = new Set(vals as string[]);
        const ordered = item.options.map((o) => o.value).filter((v) => set.has(v));
        onChange(ordered.length ? ordered : null, 'now');
      }}
    >
      {item.options.map((o) => (
        <Checkbox key={o.value} value={o.value} data-testid={`${testId}-${o.value}`}>
          {pick(o.label, lang)}
        </Checkbox>
      ))}
    </Checkbox.Group>
  );
}
