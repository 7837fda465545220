import type { JoinedMessage } from './protocol';
import type { Credentials } from './room-api';

export const CREDENTIAL_REFRESH_DEFAULTS = {
  /** Fetch new TURN credentials when this share of their lifetime has passed, well before coturn refuses them. */
  refreshAt: 0.8,
  /** After a failed fetch, try again this much later (still before expiry, for any sensible ttl). */
  retryMs: 30_000,
  /** Never schedule sooner than this, so a tiny or bogus ttl cannot make a tight loop. */
  minDelayMs: 10_000,
} as const;

export interface CredentialRefresherOptions {
  fetch: () => Promise<Credentials>;
  /** Called with each fresh set; the Room applies it to every peer connection. */
  apply: (credentials: Credentials) => void;
  onError?: (error: unknown) => void;
  refreshAt?: number;
  retryMs?: number;
  minDelayMs?: number;
}

/**
 * Keeps TURN credentials valid through a long call: coturn's time-limited usernames stop working after
 * `ttlSeconds`, and an ICE restart (after a network change) would then find no relay. Fetches new ones at
 * `refreshAt` of each lifetime and hands them to `apply`.
 */
export class CredentialRefresher {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;
  private readonly settings: typeof CREDENTIAL_REFRESH_DEFAULTS;

  constructor(private readonly options: CredentialRefresherOptions) {
    this.settings = { ...CREDENTIAL_REFRESH_DEFAULTS, ...pick(options) };
  }

  /** Schedules the refresh of credentials that were fetched just now. */
  start(current: Credentials): void {
    this.schedule(current.ttlSeconds * 1000 * this.settings.refreshAt);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.refresh(), Math.max(this.settings.minDelayMs, delayMs));
  }

  private async refresh(): Promise<void> {
    this.timer = null;
    try {
      const fresh = await this.options.fetch();
      if (this.stopped) return;
      this.options.apply(fresh);
      this.start(fresh);
    } catch (error) {
      this.options.onError?.(error);
      this.schedule(this.settings.retryMs);
    }
  }
}

function pick(options: CredentialRefresherOptions): Partial<typeof CREDENTIAL_REFRESH_DEFAULTS> {
  const out: Partial<Record<keyof typeof CREDENTIAL_REFRESH_DEFAULTS, number>> = {};
  for (const key of ['refreshAt', 'retryMs', 'minDelayMs'] as const) if (options[key] !== undefined) out[key] = options[key];
  return out as Partial<typeof CREDENTIAL_REFRESH_DEFAULTS>;
}

/**
 * A seat's first TURN credentials: the ones its `joined` message carries, which cost no request, else (a server that
 * could not issue them, or an older one) `GET /credentials` with the seat's proof.
 */
export async function initialCredentials(
  joined: Pick<JoinedMessage, 'credentials' | 'resumeToken'>,
  fetch: (seat: string) => Promise<Credentials>,
): Promise<Credentials> {
  return isCredentials(joined.credentials) ? joined.credentials : fetch(joined.resumeToken);
}

/** The shape of `GET /credentials` (and `joined.credentials`): RTCIceServer entries and a positive lifetime. */
export function isCredentials(value: unknown): value is Credentials {
  if (typeof value !== 'object' || value === null) return false;
  const { iceServers, ttlSeconds } = value as Partial<Credentials>;
  return (
    Array.isArray(iceServers) &&
    iceServers.every(isIceServer) &&
    typeof ttlSeconds === 'number' &&
    Number.isFinite(ttlSeconds) &&
    ttlSeconds > 0
  );
}

function isIceServer(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const { urls, username, credential } = value as RTCIceServer;
  const urlsOk = typeof urls === 'string' || (Array.isArray(urls) && urls.length > 0 && urls.every((u) => typeof u === 'string'));
  return urlsOk && (username === undefined || typeof username === 'string') && (credential === undefined || typeof credential === 'string');
}
