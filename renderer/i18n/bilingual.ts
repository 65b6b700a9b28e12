// Records arrive with both languages side by side (a template's titleZh/titleEn, a score part's
// labelZh/labelEn, a form's { zh, en }, the branch's name and English name); screens show the one for
// the UI language. The choice is made here only, so English is picked by one rule and Chinese stays
// the default for any other locale. Fixed UI words are not chosen this way: they live in the catalogs.
import { useCallback } from 'react';
import type { Locale } from '../../shared/api/envelope';
import { useLocale } from './useLocale';

/** Text kept as `{ zh, en }` (form templates, contact outcomes). */
export interface ZhEnText {
  readonly zh: string;
  readonly en: string;
}

/** `en` for the English UI, `zh` otherwise; for code that is given the locale rather than using hooks. */
export function bilingual<T>(locale: Locale, zh: T, en: T): T {
  return locale === 'en' ? en : zh;
}

/** A `{ zh, en }` text in `locale`; empty when there is none. */
export function bilingualText(text: ZhEnText | undefined, locale: Locale): string {
  return text ? bilingual(locale, text.zh, text.en) : '';
}

/** `(zh, en) => the one for the current UI language`; components re-render with it on a language switch. */
export function useBilingual(): <T>(zh: T, en: T) => T {
  const locale = useLocale();
  return useCallback(<T>(zh: T, en: T): T => bilingual(locale, zh, en), [locale]);
}
