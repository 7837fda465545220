import { describe, expect, it } from 'vitest';
import { DEFAULT_EFFECTS, loadEffects, parseBackground, saveEffects } from './settings';

function memoryStorage(initial: Record<string, string> = {}) {
  const items = new Map(Object.entries(initial));
  return { getItem: (k: string) => items.get(k) ?? null, setItem: (k: string, v: string) => void items.set(k, v), items };
}

describe('effect settings', () => {
  it('parses the four kinds of background and lower-cases a colour', () => {
    expect(parseBackground({ mode: 'none' })).toEqual({ mode: 'none' });
    expect(parseBackground({ mode: 'image', url: 'https://elsewhere.example/x.png' })).toEqual({ mode: 'image' });
    expect(parseBackground({ mode: 'blur', extra: 1 })).toEqual({ mode: 'blur' });
    expect(parseBackground({ mode: 'color', color: '#16A34A' })).toEqual({ mode: 'color', color: '#16a34a' });
  });

  it.each([null, 'blur', { mode: 'video' }, { mode: 'color' }, { mode: 'color', color: 'red' }, { mode: 'color', color: 'url(x)' }])(
    'refuses %j',
    (value) => expect(() => parseBackground(value)).toThrow(TypeError),
  );

  it('remembers what was saved, on the same storage', () => {
    const storage = memoryStorage();
    saveEffects({ background: { mode: 'color', color: '#475569' }, noiseSuppression: true }, storage);
    expect(loadEffects(storage)).toEqual({ background: { mode: 'color', color: '#475569' }, noiseSuppression: true });
  });

  it.each(['not json', '{"background":{"mode":"video"}}', '[]', '{}'])('reads %s as the defaults', (stored) => {
    expect(loadEffects(memoryStorage({ 'otter.effects': stored }))).toEqual(DEFAULT_EFFECTS);
  });

  it('reads nothing stored, or no storage at all, as the defaults', () => {
    expect(loadEffects(memoryStorage())).toEqual(DEFAULT_EFFECTS);
    expect(loadEffects(undefined)).toEqual(DEFAULT_EFFECTS);
  });
});
