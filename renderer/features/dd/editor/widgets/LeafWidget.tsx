// Picks the widget for a leaf item's kind. Evidence and signature are answered by attachments and
// are placed by ItemField (they need the case's files), never here.
import { Typography } from 'antd';
import type { ComponentType } from 'react';
import { useTranslation } from 'react-i18next';
import { MultiWidget, SingleWidget, YesNoWidget } from './ChoiceWidgets';
import { DateWidget, MoneyWidget, NumberWidget, TextWidget } from './InputWidgets';
import type { LeafWidgetProps } from './types';

const WIDGETS: Partial<Record<LeafWidgetProps['item']['kind'], ComponentType<LeafWidgetProps>>> = {
  yesno: YesNoWidget,
  text: TextWidget,
  number: NumberWidget,
  money: MoneyWidget,
  date: DateWidget,
  single: SingleWidget,
  multi: MultiWidget,
};

export function LeafWidget(props: LeafWidgetProps) {
  const { t } = useTranslation();
  const Widget = WIDGETS[props.item.kind];
  if (Widget) return <Widget {...props} />;
  // Publish refuses attachments inside repeat groups; say so rather than show nothing.
  return (
    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
      {t('ddEditor.group.unsupported')}
    </Typography.Text>
  );
}
