import { en, type MessageKey } from './en.ts';
import { nl } from './nl.ts';

export type { MessageKey };
export const LANGUAGES = { en: 'English', nl: 'Nederlands' } as const;
export type Language = keyof typeof LANGUAGES;

const DICTIONARIES: Record<Language, Record<MessageKey, string>> = { en, nl };

/** A translate function: `t('checkpoint.next', { when })`. */
export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

export function isLanguage(value: string): value is Language {
  return value in LANGUAGES;
}

/**
 * The translate function of a language (English for anything unknown). A message written as
 * `one||other` is plural-aware: the `count` parameter picks the form (Intl.PluralRules).
 *
 * @example translator('nl')('nav.sources') // 'Bronnen'
 * @example translator('en')('search.results', { count: 1, q: 'x' }) // '1 result for “x”'
 */
export function translator(language: string): Translate {
  const lang = isLanguage(language) ? language : 'en';
  const dictionary = DICTIONARIES[lang];
  const plural = new Intl.PluralRules(lang);
  return (key, params) => {
    let text = dictionary[key];
    if (text.includes('||')) {
      const [one, other] = text.split('||') as [string, string];
      text =
        params && typeof params.count === 'number' && plural.select(params.count) === 'one'
          ? one
          : other;
    }
    return params
      ? text.replace(/\{(\w+)\}/g, (match, name: string) =>
          name in params ? String(params[name]) : match,
        )
      : text;
  };
}

/**
 * What to show for an error on a page: its catalog message in the user's language when it
 * carries one (`localised`), else its own message (English).
 *
 * @example errorText(translator('nl'), error) // 'Het budget moet tussen 1 en 600 minuten liggen.'
 */
export function errorText(t: Translate, error: Error): string {
  const localised = (
    error as { localised?: { key: string; params?: Record<string, string | number> } }
  ).localised;
  if (localised && localised.key in en) return t(localised.key as MessageKey, localised.params);
  return error.message;
}

/**
 * The reason of one part of a score ("why is this here"), in the user's language: its catalog
 * key when it has one (digests built before reasons had keys carry only the English `why`).
 *
 * @example reasonText(translator('nl'), { key: 'why.recent', params: { hours: 5 }, why: '…' }) // '5 uur geleden binnengekomen'
 */
export function reasonText(
  t: Translate,
  part: { why: string; key?: string; params?: Record<string, string | number> },
): string {
  return part.key && part.key in en ? t(part.key as MessageKey, part.params) : part.why;
}

/**
 * Score points as the page shows them: whole numbers with a sign ("+17", "−5"); the JSON keeps
 * one decimal.
 *
 * @example formatPoints(16.6) // '+17'
 */
export function formatPoints(points: number): string {
  const rounded = Math.round(points);
  if (rounded > 0) return `+${rounded}`;
  return rounded < 0 ? `−${-rounded}` : '0';
}

/** The best supported language of an Accept-Language header. */
export function negotiateLanguage(header: string | undefined): Language {
  for (const part of (header ?? '').split(',')) {
    const tag = part.split(';')[0]?.trim().toLowerCase().slice(0, 2) ?? '';
    if (isLanguage(tag)) return tag;
  }
  return 'en';
}
