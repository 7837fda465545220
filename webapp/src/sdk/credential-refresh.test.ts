import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CredentialRefresher, initialCredentials, isCredentials } from './credential-refresh';
import type { Credentials } from './room-api';

const creds = (name: string, ttlSeconds = 600): Credentials => ({
  iceServers: [{ urls: 'turn:127.0.0.1:3478', username: name, credential: 'x' }],
  ttlSeconds,
});

describe('CredentialRefresher', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('fetches new credentials at 80 % of their lifetime and applies them, then schedules the next', async () => {
    const fetch = vi.fn().mockResolvedValueOnce(creds('second', 100)).mockResolvedValueOnce(creds('third'));
    const apply = vi.fn();
    const refresher = new CredentialRefresher({ fetch, apply });
    refresher.start(creds('first', 600));

    await vi.advanceTimersByTimeAsync(479_999);
    expect(fetch).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(apply).toHaveBeenCalledWith(creds('second', 100));

    await vi.advanceTimersByTimeAsync(79_999);
    expect(fetch).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(apply).toHaveBeenLastCalledWith(creds('third'));
    refresher.stop();
  });

  it('retries a failed fetch after retryMs and reports the error', async () => {
    const fetch = vi.fn().mockRejectedValueOnce(new Error('offline')).mockResolvedValueOnce(creds('later'));
    const apply = vi.fn();
    const onError = vi.fn();
    const refresher = new CredentialRefresher({ fetch, apply, onError, retryMs: 30_000 });
    refresher.start(creds('first', 100));

    await vi.advanceTimersByTimeAsync(80_000);
    expect(onError).toHaveBeenCalledTimes(1);
    expect(apply).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(30_000);
    expect(apply).toHaveBeenCalledWith(creds('later'));
    refresher.stop();
  });

  it('never schedules sooner than minDelayMs, even for a zero ttl', async () => {
    const fetch = vi.fn().mockResolvedValue(creds('next'));
    const refresher = new CredentialRefresher({ fetch, apply: () => undefined, minDelayMs: 10_000 });
    refresher.start(creds('first', 0));
    await vi.advanceTimersByTimeAsync(9_999);
    expect(fetch).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(fetch).toHaveBeenCalledTimes(1);
    refresher.stop();
  });

  it('fetches nothing after stop', async () => {
    const fetch = vi.fn().mockResolvedValue(creds('next'));
    const refresher = new CredentialRefresher({ fetch, apply: () => undefined });
    refresher.start(creds('first', 60));
    refresher.stop();
    await vi.advanceTimersByTimeAsync(600_000);
    expect(fetch).not.toHaveBeenCalled();
  });
});

describe('initialCredentials', () => {
  it('takes the credentials joined carries, without a request', async () => {
    const fetch = vi.fn();
    const carried = creds('from-joined', 3_600);

    await expect(initialCredentials({ resumeToken: 'seat', credentials: carried }, fetch)).resolves.toEqual(carried);

    expect(fetch).not.toHaveBeenCalled();
  });

  it('asks GET /credentials with the seat proof when joined carries none, or nothing usable', async () => {
    const fetch = vi.fn().mockResolvedValue(creds('fetched'));

    await expect(initialCredentials({ resumeToken: 'seat' }, fetch)).resolves.toEqual(creds('fetched'));
    const broken = { iceServers: 'turn:x', ttlSeconds: 60 } as unknown as Credentials;
    await expect(initialCredentials({ resumeToken: 'seat', credentials: broken }, fetch)).resolves.toEqual(creds('fetched'));

    expect(fetch).toHaveBeenCalledTimes(2);
    expect(fetch).toHaveBeenCalledWith('seat');
  });

  it('accepts the shapes the server sends, an empty list (no TURN) included, and refuses others', () => {
    expect(isCredentials({ iceServers: [], ttlSeconds: 3_600 })).toBe(true);
    expect(isCredentials({ iceServers: [{ urls: ['stun:h:3478', 'turn:h:3478?transport=udp'], username: 'u', credential: 'c' }], ttlSeconds: 1 })).toBe(true);
    expect(isCredentials({ iceServers: [{ urls: [] }], ttlSeconds: 60 })).toBe(false);
    expect(isCredentials({ iceServers: [{ urls: 'turn:h', username: 7 }], ttlSeconds: 60 })).toBe(false);
    expect(isCredentials({ iceServers: [], ttlSeconds: 0 })).toBe(false);
    expect(isCredentials({ iceServers: [], ttlSeconds: Number.NaN })).toBe(false);
    expect(isCredentials(null)).toBe(false);
  });
});
