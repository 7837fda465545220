import { afterEach, describe, expect, it } from 'vitest';
import { addressWithoutLinkSecrets, loadConfig, rememberName, rememberedName, roomFromLocation } from './config';

const SECRET = 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8';

describe('roomFromLocation', () => {
  it('reads the room id from the path and the token and room secret from the fragment', () => {
    expect(roomFromLocation({ pathname: '/room/r-42', hash: `#token=a.b.c&k=${SECRET}` })).toEqual({ roomId: 'r-42', token: 'a.b.c', secret: SECRET });
  });
  it('reads a link without its room secret with a null secret, so the page can say what is missing', () => {
    expect(roomFromLocation({ pathname: '/room/r-42', hash: '#token=a.b.c' })).toEqual({ roomId: 'r-42', token: 'a.b.c', secret: null });
  });
  it('gives null without a token or outside /room/<id>', () => {
    expect(roomFromLocation({ pathname: '/room/r-42', hash: '' })).toBeNull();
    expect(roomFromLocation({ pathname: '/', hash: '#token=a.b.c' })).toBeNull();
    expect(roomFromLocation({ pathname: '/room/r/extra', hash: '#token=a.b.c' })).toBeNull();
  });
});

describe('addressWithoutLinkSecrets', () => {
  it('keeps path and query and drops the token and the room secret from the fragment', () => {
    expect(addressWithoutLinkSecrets({ pathname: '/room/r-42', search: '?debug', hash: `#token=a.b.c&k=${SECRET}` })).toBe('/room/r-42?debug');
    expect(addressWithoutLinkSecrets({ pathname: '/room/r-42', search: '', hash: `#token=a.b.c&lang=de&k=${SECRET}` })).toBe('/room/r-42#lang=de');
    expect(addressWithoutLinkSecrets({ pathname: '/room/r-42', search: '', hash: `#k=${SECRET}` })).toBe('/room/r-42');
  });
  it('gives null when there is nothing to remove', () => {
    expect(addressWithoutLinkSecrets({ pathname: '/room/r-42', search: '', hash: '' })).toBeNull();
    expect(addressWithoutLinkSecrets({ pathname: '/room/r-42', search: '?token=x', hash: '#lang=de' })).toBeNull();
  });
});

describe('loadConfig', () => {
  it('returns the endpoints of /config.json', async () => {
    const config = await loadConfig(async () => new Response('{"apiUrl":"http://127.0.0.1:8080/api","wsUrl":"ws://127.0.0.1:8080/ws"}'));
    expect(config).toEqual({ apiUrl: 'http://127.0.0.1:8080/api', wsUrl: 'ws://127.0.0.1:8080/ws' });
  });
  it('refuses a config without both endpoints', async () => {
    await expect(loadConfig(async () => new Response('{"apiUrl":"x"}'))).rejects.toThrow(/wsUrl/);
  });
});

describe('the remembered name', () => {
  afterEach(() => {
    delete (globalThis as { localStorage?: unknown }).localStorage;
  });

  it('is empty, and remembering is a no-op, where reading localStorage itself throws (third-party iframe)', () => {
    Object.defineProperty(globalThis, 'localStorage', {
      configurable: true,
      get() {
        throw new DOMException('Access is denied for this document.', 'SecurityError');
      },
    });
    expect(() => globalThis.localStorage).toThrow(/Access is denied/);
    expect(rememberedName()).toBe('');
    expect(() => rememberName('Ada')).not.toThrow();
  });

  it('round-trips through a storage', () => {
    const store = new Map<string, string>();
    const storage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) };
    rememberName('Ada', storage);
    expect(rememberedName(storage)).toBe('Ada');
  });
});
