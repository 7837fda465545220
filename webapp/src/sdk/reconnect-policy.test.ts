import { describe, expect, it } from 'vitest';
import { ExponentialBackoffPolicy } from './reconnect-policy';

describe('ExponentialBackoffPolicy', () => {
  it('doubles the delay from the initial one up to the cap, without jitter', () => {
    const policy = new ExponentialBackoffPolicy({ initialDelayMs: 100, maxDelayMs: 1000, jitter: 0 });
    expect([1, 2, 3, 4, 5, 6].map((n) => policy.nextDelayMs(n))).toEqual([100, 200, 400, 800, 1000, 1000]);
  });

  it('returns null once the attempts are used up', () => {
    const policy = new ExponentialBackoffPolicy({ maxAttempts: 3, jitter: 0 });
    expect(policy.nextDelayMs(3)).not.toBeNull();
    expect(policy.nextDelayMs(4)).toBeNull();
  });

  it('spreads delays by at most the jitter fraction either way', () => {
    const low = new ExponentialBackoffPolicy({ initialDelayMs: 1000, jitter: 0.2, random: () => 0 });
    const high = new ExponentialBackoffPolicy({ initialDelayMs: 1000, jitter: 0.2, random: () => 0.999999 });
    expect(low.nextDelayMs(1)).toBe(800);
    expect(high.nextDelayMs(1)).toBe(1200);
  });

  it('never exceeds the maximum delay even with jitter', () => {
    const policy = new ExponentialBackoffPolicy({ initialDelayMs: 1000, maxDelayMs: 1000, jitter: 0.5, random: () => 0.99 });
    expect(policy.nextDelayMs(10)).toBe(1000);
  });
});
