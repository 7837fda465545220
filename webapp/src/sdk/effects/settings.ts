import { EFFECTS_DEFAULTS } from '../defaults';

/** What replaces the background of the outgoing camera picture; the person stays as the camera sees them. */
export type Background =
  /** The camera picture as it is. */
  | { mode: 'none' }
  /** The background blurred. */
  | { mode: 'blur' }
  /** The background painted in one CSS colour (`#rrggbb`). */
  | { mode: 'color'; color: string }
  /** The background replaced by the picture that ships with Otter (a drawn landscape). */
  | { mode: 'image' };

export const NO_BACKGROUND: Background = Object.freeze({ mode: 'none' });

/** The effects chosen on this device. */
export interface EffectSettings {
  background: Background;
  /** RNNoise on the outgoing microphone, on top of the browser's own noise suppression. */
  noiseSuppression: boolean;
}

export const DEFAULT_EFFECTS: EffectSettings = Object.freeze({ background: NO_BACKGROUND, noiseSuppression: false });

const COLOR = /^#[0-9a-f]{6}$/i;

/** A valid Background from anything (a stored value, an SDK caller's argument); throws TypeError on anything else. */
export function parseBackground(value: unknown): Background {
  const mode = (value as { mode?: unknown } | null)?.mode;
  if (mode === 'none' || mode === 'blur' || mode === 'image') return { mode };
  const color = (value as { color?: unknown }).color;
  if (mode === 'color' && typeof color === 'string' && COLOR.test(color)) return { mode, color: color.toLowerCase() };
  throw new TypeError(`Not a background: ${JSON.stringify(value)} (expected {mode:'none'|'blur'|'image'} or {mode:'color',color:'#rrggbb'})`);
}

export function sameBackground(a: Background, b: Background): boolean {
  return a.mode === b.mode && (a.mode !== 'color' || a.color === (b as { color: string }).color);
}

/** The settings stored on this device; anything unreadable (old format, tampered, no storage) reads as the defaults. */
export function loadEffects(storage: Pick<Storage, 'getItem'> | undefined = browserStorage()): EffectSettings {
  try {
    const raw = JSON.parse(storage?.getItem(EFFECTS_DEFAULTS.storageKey) ?? 'null') as Partial<EffectSettings> | null;
    if (!raw) return DEFAULT_EFFECTS;
    return { background: parseBackground(raw.background), noiseSuppression: raw.noiseSuppression === true };
  } catch {
    return DEFAULT_EFFECTS;
  }
}

/** Remembers the settings on this device; a browser that refuses storage (private mode, quota) just forgets them. */
export function saveEffects(settings: EffectSettings, storage: Pick<Storage, 'setItem'> | undefined = browserStorage()): void {
  try {
    storage?.setItem(EFFECTS_DEFAULTS.storageKey, JSON.stringify(settings));
  } catch {
    // Not remembered: the effect still applies to this call.
  }
}

function browserStorage(): Storage | undefined {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage;
  } catch {
    return undefined;
  }
}
