// Hooks that re-render on a language switch and give the domain labels and money format for it.
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { Locale } from '../../shared/api/envelope';
import { formatFen } from '../../shared/domain/money';
import { label } from '../../shared/i18n/labels';

type Labels = Parameters<typeof label>[0];

export function useLocale(): Locale {
  const { i18n } = useTranslation();
  return i18n.language === 'en' ? 'en' : 'zh-CN';
}

/** `lbl(BUCKET_LABELS, 'M3')` -> the label in the current language (the key itself if unknown). */
export function useLabel(): (labels: Labels, key: string) => string {
  const locale = useLocale();
  return useCallback((labels: Labels, key: string) => label(labels, key, locale), [locale]);
}

/** Money in fen formatted for the current language; `symbol: false` where the header names the unit. */
export function useMoney(): (fen: number, symbol?: boolean) => string {
  const locale = useLocale();
  return useCallback((fen: number, symbol = true) => formatFen(fen, locale, { symbol }), [locale]);
}
