import { z } from 'zod';
import type { Locale } from '../../shared/api/envelope';

const zhCN = z.locales.zhCN().localeError;
const en = z.locales.en().localeError;

/** Parses with zod's messages in the user's language. */
export function parseWithLocale<T>(schema: z.ZodType<T>, input: unknown, locale: Locale) {
  return schema.safeParse(input, { error: locale === 'zh-CN' ? zhCN : en });
}

/** Zod issues as `field.path -> message` (the first message per field). */
export function zodFieldErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.join('.') : '_';
    out[key] ??= issue.message;
  }
  return out;
}
