import { describe, expect, it } from 'vitest';
import { loadConfig, roomFromLocation } from './config';

describe('roomFromLocation', () => {
  it('reads the room id from the path and the token from the fragment', () => {
    expect(roomFromLocation({ pathname: '/room/r-42', hash: '#token=a.b.c' })).toEqual({ roomId: 'r-42', token: 'a.b.c' });
  });
  it('gives null without a token or outside /room/<id>', () => {
    expect(roomFromLocation({ pathname: '/room/r-42', hash: '' })).toBeNull();
    expect(roomFromLocation({ pathname: '/', hash: '#token=a.b.c' })).toBeNull();
    expect(roomFromLocation({ pathname: '/room/r/extra', hash: '#token=a.b.c' })).toBeNull();
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
