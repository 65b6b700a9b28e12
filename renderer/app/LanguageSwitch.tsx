import { GlobalOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { setLocale } from '../i18n/i18n';
import { useLocale } from '../i18n/useLocale';

/** One button that shows the other language's name, in that language, so it is readable by someone who needs it. */
export function LanguageSwitch() {
  const { t } = useTranslation();
  const locale = useLocale();
  return (
    <Button
      data-testid="lang-switch"
      icon={<GlobalOutlined />}
      // The visible name is the accessible name (WCAG 2.5.3); what the button does is its tooltip.
      title={t('lang.aria')}
      onClick={() => void setLocale(locale === 'zh-CN' ? 'en' : 'zh-CN')}
    >
      <span lang={locale === 'zh-CN' ? 'en' : 'zh-CN'}>{t('lang.switchTo')}</span>
    </Button>
  );
}
