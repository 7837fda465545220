import { en, type Catalog, type MessageKey } from './en';

export type { Catalog, MessageKey } from './en';

/**
 * The languages the app speaks. English is in the first paint's code (it is the default and the fallback); the
 * others load on demand, before the first screen renders. `ar-x-pseudo` is a right-to-left test language made from
 * English (see pseudo.ts): it shows that the layout mirrors and that no word escapes the catalog.
 */
export const LANGUAGES = {
  en: { dir: 'ltr', load: async (): Promise<Catalog> => en },
  de: { dir: 'ltr', load: async (): Promise<Catalog> => (await import('./de')).de },
  'ar-x-pseudo': { dir: 'rtl', load: async (): Promise<Catalog> => (await import('./pseudo')).pseudo },
} as const satisfies Record<string, { dir: 'ltr' | 'rtl'; load: () => Promise<Catalog> }>;

export type Language = keyof typeof LANGUAGES;
export const DEFAULT_LANGUAGE: Language = 'en';
/** The query parameter of a room link that picks the language (`?lang=de`), over the browser's preference. */
export const LANGUAGE_PARAM = 'lang';

const isLanguage = (tag: string): tag is Language => Object.hasOwn(LANGUAGES, tag);

/**
 * The language to speak: `?lang=` when it names one we have (`de-AT` counts as `de`), else the first of the
 * browser's preferred languages we have, else English. Test languages are only ever chosen by `?lang=`.
 */
export function pickLanguage(requested: string | null, preferred: readonly string[]): Language {
  const match = (tag: string, exact: boolean): Language | null => {
    const lower = tag.trim().toLowerCase();
    if (isLanguage(lower) && (exact || !lower.includes('-x-'))) return lower;
    const base = lower.split('-')[0]!;
    return base !== lower && isLanguage(base) ? base : null;
  };
  if (requested) {
    const chosen = match(requested, true);
    if (chosen) return chosen;
  }
  for (const tag of preferred) {
    const chosen = match(tag, false);
    if (chosen) return chosen;
  }
  return DEFAULT_LANGUAGE;
}

interface Active {
  lang: Language;
  catalog: Catalog;
  /** The locale for Intl: a test language formats as English. */
  locale: string;
  plural: Intl.PluralRules;
  ordinal: Intl.PluralRules;
  number: Intl.NumberFormat;
}

function activate(lang: Language, catalog: Catalog): Active {
  const locale = lang.includes('-x-') ? 'en' : lang;
  return {
    lang,
    catalog,
    locale,
    plural: new Intl.PluralRules(locale),
    ordinal: new Intl.PluralRules(locale, { type: 'ordinal' }),
    number: new Intl.NumberFormat(locale),
  };
}

let active: Active = activate(DEFAULT_LANGUAGE, en);

/** The language in use, and the locale its dates and numbers are formatted in. */
export const currentLanguage = (): Language => active.lang;
export const currentLocale = (): string => active.locale;

/**
 * Loads a language's words and makes them the app's, once at start (the language does not change while the page
 * lives). Sets `<html lang dir>`. A language whose code fails to load leaves English in place.
 */
export async function loadLanguage(lang: Language, root: HTMLElement | null = globalThis.document?.documentElement ?? null): Promise<Language> {
  let chosen: Language = lang;
  try {
    active = activate(lang, await LANGUAGES[lang].load());
  } catch {
    chosen = DEFAULT_LANGUAGE;
    active = activate(DEFAULT_LANGUAGE, en);
  }
  if (root) {
    root.lang = chosen;
    root.dir = LANGUAGES[chosen].dir;
  }
  return chosen;
}

export type Params = Record<string, string | number>;

/** `{name}` placeholders of a message, in order. */
export const PLACEHOLDER = /\{(\w+)\}/g;

function fill(text: string, params: Params | undefined): string {
  if (!params) return text;
  return text.replace(PLACEHOLDER, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : typeof value === 'number' ? active.number.format(value) : value;
  });
}

/** The message for `key` in the current language, its `{placeholders}` filled (numbers formatted for the locale). */
export function t(key: MessageKey, params?: Params): string {
  return fill(active.catalog[key] ?? en[key], params);
}

/** Keys with plural forms, named without their `_one`/`_other` ending. */
export type PluralKey = { [K in MessageKey]: K extends `${infer Base}_other` ? Base : never }[MessageKey];

function pick(base: PluralKey, category: Intl.LDMLPluralRule): MessageKey {
  const key = `${base}_${category}`;
  return (Object.hasOwn(active.catalog, key) ? key : `${base}_other`) as MessageKey;
}

/** The plural form of `base` for `count` (`{count}` is filled with the formatted number). */
export function tn(base: PluralKey, count: number, params?: Params): string {
  return t(pick(base, active.plural.select(count)), { ...params, count });
}

/** `1st`, `2nd` in English, `1.` in German. */
export function ordinal(n: number): string {
  return t(pick('ordinal', active.ordinal.select(n)), { count: n });
}

/** `a, b and c` in the current language. */
export function list(items: string[]): string {
  return new Intl.ListFormat(active.locale, { style: 'long', type: 'conjunction' }).format(items);
}

/** A time of day, hours and minutes (`14:05`, `2:05 PM`). */
export function formatTime(at: Date | number): string {
  return new Intl.DateTimeFormat(active.locale, { hour: '2-digit', minute: '2-digit' }).format(at);
}

/** How long a call has lasted: `04:07`, `1:04:07`, digits of the current locale. */
export function formatElapsed(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(seconds / 3600);
  const two = new Intl.NumberFormat(active.locale, { minimumIntegerDigits: 2, useGrouping: false });
  const parts = [two.format(Math.floor((seconds % 3600) / 60)), two.format(seconds % 60)];
  return h > 0 ? [active.number.format(h), ...parts].join(':') : parts.join(':');
}

/** A byte count the way the locale writes it: `512 B`, `1.5 MB`, `1,5 MB`. */
export function formatBytes(bytes: number): string {
  const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return new Intl.NumberFormat(active.locale, {
    style: 'unit',
    unit: units[unit],
    unitDisplay: 'short',
    maximumFractionDigits: unit === 0 || value >= 10 ? 0 : 1,
  }).format(value);
}

/** Milliseconds, short: `42 ms`. */
export function formatMs(ms: number): string {
  return new Intl.NumberFormat(active.locale, { style: 'unit', unit: 'millisecond', unitDisplay: 'short' }).format(ms);
}
