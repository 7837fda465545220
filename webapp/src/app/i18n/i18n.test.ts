import { afterEach, describe, expect, it } from 'vitest';
import { de } from './de';
import { en, type Catalog, type MessageKey } from './en';
import { DEFAULT_LANGUAGE, LANGUAGES, formatBytes, formatElapsed, loadLanguage, ordinal, pickLanguage, PLACEHOLDER, t, tn, type Language } from './index';
import { pseudo, pseudoText } from './pseudo';

const placeholders = (text: string) => [...text.matchAll(PLACEHOLDER)].map((m) => m[1]).sort();
const KEYS = Object.keys(en) as MessageKey[];

describe('every language', () => {
  const catalogs: [string, Catalog][] = [
    ['de', de],
    ['ar-x-pseudo', pseudo],
  ];
  // Every language the app offers is checked here.
  it('is listed', () => expect(Object.keys(LANGUAGES).sort()).toEqual(['en', ...catalogs.map(([name]) => name)].sort()));

  for (const [name, catalog] of [['en', en] as [string, Catalog], ...catalogs]) {
    it(`${name} has every key and no other`, () => {
      expect(Object.keys(catalog).sort()).toEqual([...KEYS].sort());
    });
    it(`${name} has no empty message`, () => {
      expect(KEYS.filter((key) => catalog[key].trim() === '')).toEqual([]);
    });
    it(`${name} uses the same placeholders as English in each message`, () => {
      const differing = KEYS.filter((key) => placeholders(catalog[key]).join() !== placeholders(en[key]).join());
      expect(differing).toEqual([]);
    });
  }

  it('German translates (no English message left as is, but for words that are the same in both)', () => {
    const same = new Set<MessageKey>(['title.status', 'common.ok', 'common.numberedDevice', 'devices.lostLabel', 'controls.chat', 'chat.title']);
    expect(KEYS.filter((key) => !same.has(key) && de[key] === en[key])).toEqual([]);
  });
});

describe('choosing the language', () => {
  it('takes ?lang= over the browser, a regional tag as its language', () => {
    expect(pickLanguage('de', ['en-US'])).toBe('de');
    expect(pickLanguage('de-AT', ['en-US'])).toBe('de');
    expect(pickLanguage('ar-x-pseudo', ['de-DE'])).toBe('ar-x-pseudo');
    expect(pickLanguage('EN', ['de-DE'])).toBe('en');
  });
  it("falls back to the browser's first language we have, then English", () => {
    expect(pickLanguage(null, ['fr-FR', 'de-CH', 'en'])).toBe('de');
    expect(pickLanguage('xx', ['de-DE'])).toBe('de');
    expect(pickLanguage(null, ['fr-FR', 'ja'])).toBe(DEFAULT_LANGUAGE);
    expect(pickLanguage(null, [])).toBe('en');
    expect(pickLanguage(null, ['en-GB', 'de'])).toBe('en');
  });
  it('never picks a test language from the browser', () => {
    expect(pickLanguage(null, ['ar-x-pseudo', 'ar'])).toBe('en');
  });
});

describe('messages', () => {
  afterEach(() => loadLanguage('en', null));
  const use = async (lang: Language) => {
    const root = { lang: '', dir: '' } as HTMLElement;
    await loadLanguage(lang, root);
    return root;
  };

  it('fills placeholders, and sets the page language and direction', async () => {
    expect(t('toast.joined', { name: 'Ana' })).toBe('Ana joined');
    const root = await use('de');
    expect(root).toMatchObject({ lang: 'de', dir: 'ltr' });
    expect(t('toast.joined', { name: 'Ana' })).toBe('Ana ist beigetreten');
    expect(await use('ar-x-pseudo')).toMatchObject({ lang: 'ar-x-pseudo', dir: 'rtl' });
  });

  it('picks plural forms with Intl.PluralRules and formats the count', async () => {
    expect(tn('title.call', 1)).toBe('● Call · 1 person · Otter');
    expect(tn('title.call', 3)).toBe('● Call · 3 people · Otter');
    expect(tn('controls.filesWaiting', 1200)).toBe('Files, 1,200 waiting for you');
    await use('de');
    expect(tn('controls.filesWaiting', 1)).toBe('Dateien, 1 wartet auf Sie');
    expect(tn('controls.filesWaiting', 1200)).toBe('Dateien, 1.200 warten auf Sie');
  });

  it('writes ordinals, durations and sizes the way the language does', async () => {
    expect([1, 2, 3, 4, 11, 22].map(ordinal)).toEqual(['1st', '2nd', '3rd', '4th', '11th', '22nd']);
    expect(formatElapsed(65_000)).toBe('01:05');
    expect(formatElapsed(3_725_000)).toBe('1:02:05');
    expect(formatBytes(512)).toBe('512 byte');
    expect(formatBytes(1536 * 1024)).toBe('1.5 MB');
    await use('de');
    expect(ordinal(2)).toBe('2.');
    expect(formatBytes(1536 * 1024)).toBe('1,5 MB');
  });

  it('keeps placeholders out of the pseudo-language transformation', () => {
    expect(pseudoText('Hi {name}')).toBe('[Hí {name}]');
  });
});
