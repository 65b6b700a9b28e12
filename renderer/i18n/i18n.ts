// i18next set-up. Chinese is the default; the choice is remembered per workstation in localStorage
// (the language is chosen before anyone signs in, so it cannot be a per-user preference).
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import relativeTime from 'dayjs/plugin/relativeTime';
import type { Locale } from '../../shared/api/envelope';
import { en } from './en';
import { zh } from './zh';

const STORAGE_KEY = 'bcw.locale';

// "2 分钟前" / "2 minutes ago" for the last sync in the header.
dayjs.extend(relativeTime);

function storedLocale(): Locale {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh-CN';
  } catch {
    return 'zh-CN'; // storage can be unavailable (privacy settings); the default is fine
  }
}

export const i18n = i18next.createInstance();

void i18n.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: zh }, en: { translation: en } },
  lng: storedLocale(),
  fallbackLng: 'zh-CN',
  // React already escapes text, and escaping again would show &quot; etc. in labels.
  interpolation: { escapeValue: false },
  initAsync: false,
});

function applyDayjs(locale: Locale): void {
  dayjs.locale(locale === 'zh-CN' ? 'zh-cn' : 'en');
}
applyDayjs(currentLocale());
document.documentElement.lang = currentLocale();

/** The locale sent to the API and used for domain labels and money formatting. */
export function currentLocale(): Locale {
  return i18n.language === 'en' ? 'en' : 'zh-CN';
}

export async function setLocale(locale: Locale): Promise<void> {
  try {
    localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // not remembered, but the switch still applies for this session
  }
  applyDayjs(locale);
  document.documentElement.lang = locale;
  await i18n.changeLanguage(locale);
}
