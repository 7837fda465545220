import { en, type Catalog, type MessageKey } from './en';

const ACCENTED: Record<string, string> = {
  a: 'á', e: 'é', i: 'í', o: 'ó', u: 'ú', y: 'ý', c: 'ç', n: 'ñ', s: 'š', z: 'ž',
  A: 'Á', E: 'É', I: 'Í', O: 'Ó', U: 'Ú', Y: 'Ý', C: 'Ç', N: 'Ñ', S: 'Š', Z: 'Ž',
};

/**
 * English made visibly foreign, for a right-to-left test language: letters accented (so a word that skipped the
 * catalog stands out as plain English) and each message bracketed (so a clipped one shows). `{placeholders}` stay.
 */
export function pseudoText(text: string): string {
  const body = text
    .split(/(\{\w+\})/)
    .map((part) => (/^\{\w+\}$/.test(part) ? part : part.replace(/[A-Za-z]/g, (c) => ACCENTED[c] ?? c)))
    .join('');
  return `[${body}]`;
}

export const pseudo: Catalog = Object.fromEntries(
  (Object.keys(en) as MessageKey[]).map((key) => [key, pseudoText(en[key])]),
) as Catalog;
