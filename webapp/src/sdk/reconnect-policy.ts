import { RECONNECT_DEFAULTS } from './defaults';

/** Decides how long to wait before reconnect attempt `attempt` (1-based), or `null` to give up. */
export interface ReconnectPolicy {
  nextDelayMs(attempt: number, elapsedMs: number): number | null;
}

export interface BackoffOptions {
  initialDelayMs?: number;
  maxDelayMs?: number;
  multiplier?: number;
  jitter?: number;
  maxAttempts?: number;
  /** Source of randomness in [0, 1); injectable so tests are deterministic. */
  random?: () => number;
}

/** Exponential backoff with jitter, capped, giving up after `maxAttempts`. */
export class ExponentialBackoffPolicy implements ReconnectPolicy {
  private readonly options: Required<BackoffOptions>;

  constructor(options: BackoffOptions = {}) {
    this.options = { ...RECONNECT_DEFAULTS, random: Math.random, ...options };
  }

  nextDelayMs(attempt: number): number | null {
    const { initialDelayMs, maxDelayMs, multiplier, jitter, maxAttempts, random } = this.options;
    if (attempt > maxAttempts) return null;
    const base = Math.min(maxDelayMs, initialDelayMs * multiplier ** (attempt - 1));
    const spread = base * jitter * (2 * random() - 1);
    return Math.max(0, Math.round(Math.min(maxDelayMs, base + spread)));
  }
}
