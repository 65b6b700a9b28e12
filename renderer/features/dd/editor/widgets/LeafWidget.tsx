// Picks the widget for a leaf item's kind. Evidence and signature are answered by attachments and
// are placed by ItemField (they need the case's files), never here.
import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { MultiWidget, SingleWidget, YesNoWidget } from './ChoiceWidgets';
import { DateWidget, MoneyWidget, NumberWidget, TextWidget } from './InputWidgets';
import type { LeafWidgetProps } from './types';

export function LeafWidget(props: LeafWidgetProps) {
  const { t } = useTranslation();
  switch (props.item.kind) {
    case 'yesno':
      return <YesNoWidget {...props} />;
    case 'text':
      return <TextWidget {...props} />;
    case 'number':
      return <NumberWidget {...props} />;
    case 'money':
      return <MoneyWidget {...props} />;
    case 'date':
      return <DateWidget {...props} />;
    case 'single':
      return <SingleWidget {...props} />;
    case 'multi':
      return <MultiWidget {...props} />;
    default:
      // Publish refuses attachments inside repeat groups; say so rather than show nothing.
      return (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('ddEditor.group.unsupported')}
        </Typography.Text>
      );
  }
}
