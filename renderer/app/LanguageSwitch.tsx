import { GlobalOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { setLocale } from '../i18n/i18n';
import { useLocale } from '../i18n/useLocale';

/** One button that shows the other language's name, so it is readable by someone who needs it. */
export function LanguageSwitch() {
  const { t } = useTranslation();
  const locale = useLocale();
  return (
    <Button
      data-testid="lang-switch"
      icon={<GlobalOutlined />}
      aria-label={t('lang.aria')}
      onClick={() => void setLocale(locale === 'zh-CN' ? 'en' : 'zh-CN')}
    >
      {t('lang.switchTo')}
    </Button>
  );
}
