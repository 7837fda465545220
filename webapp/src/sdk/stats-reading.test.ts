import { afterEach, describe, expect, it, vi } from 'vitest';
import { readStats, STATS_TIMEOUT_MS } from './stats-reading';

describe('readStats', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('answers the report when the connection answers', async () => {
    const report = new Map() as unknown as RTCStatsReport;
    await expect(readStats({ getStats: () => Promise.resolve(report) })).resolves.toBe(report);
  });

  it('answers null when getStats fails (closed meanwhile)', async () => {
    await expect(readStats({ getStats: () => Promise.reject(new DOMException('closed', 'InvalidStateError')) })).resolves.toBeNull();
  });

  it('answers null when getStats never settles, so the caller can poll again', async () => {
    vi.useFakeTimers();
    const reading = readStats({ getStats: () => new Promise<RTCStatsReport>(() => {}) });
    vi.advanceTimersByTime(STATS_TIMEOUT_MS);
    await expect(reading).resolves.toBeNull();
  });
});
