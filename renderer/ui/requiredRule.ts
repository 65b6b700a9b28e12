// The "required" message a field gives when left empty, worded for how it is filled: antd's own says
// 请输入 (type in) for every field, which misleads on a select or a date picker.
import type { FormRule } from 'antd';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';

/** `required('choose', label)` for selects and pickers, `required('enter', label)` for text. */
export function useRequiredRule(): (how: 'choose' | 'enter', label: string) => FormRule {
  const { t } = useTranslation();
  return useCallback(
    (how, label) => ({ required: true, message: t(how === 'choose' ? 'app.chooseRequired' : 'app.enterRequired', { label }) }),
    [t],
  );
}
