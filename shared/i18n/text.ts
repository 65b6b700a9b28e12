// The one mechanism for bilingual text outside the renderer's i18next catalogs: every message is a
// `Bilingual` value (zh-CN and en) kept in a catalog under shared/i18n, and `pick` chooses the
// caller's language and fills its `{name}` placeholders. Services, mutations' refusals, head office and
// the start-up box all go through it; a lint rule keeps Chinese literals out of the code itself.
import type { Locale } from '../api/envelope';

export type Bilingual = Readonly<Record<Locale, string>>;
export type TextParams = Readonly<Record<string, string | number>>;

/** Fills `{name}` placeholders; an unknown name becomes empty rather than leaking the placeholder. */
export function fill(template: string, params: TextParams = {}): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => String(params[key] ?? ''));
}

/** The text in `locale`, placeholders filled. */
export function pick(text: Bilingual, locale: Locale, params: TextParams = {}): string {
  return fill(text[locale], params);
}

/** Both languages, Chinese first: for readers whose language is not known (start-up box, logs, CLI). */
export function bothLanguages(text: Bilingual, params: TextParams = {}, separator = '\n\n'): string {
  return `${fill(text['zh-CN'], params)}${separator}${fill(text.en, params)}`;
}

/** A catalog's lookup: `key` of `catalog` in `locale`. */
export function catalogText<K extends string>(catalog: Readonly<Record<K, Bilingual>>, key: K, locale: Locale, params: TextParams = {}): string {
  return pick(catalog[key], locale, params);
}

/** A record's own `{ zh, en }` label (outcomes, checklist items, policy steps) in `locale`. */
export function pickLabel(label: { readonly zh: string; readonly en: string }, locale: Locale): string {
  return locale === 'en' ? label.en : label.zh;
}
