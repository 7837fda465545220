/**
 * `getStats()` that always settles. Firefox can leave the promise of a connection that closes meanwhile (a pair
 * rebuilt after failed negotiation) unanswered for good; a poll awaiting it would then never run again.
 */
export const STATS_TIMEOUT_MS = 3_000;

/** The connection's stats, or null when it failed or did not answer within `timeoutMs`. */
export function readStats(pc: Pick<RTCPeerConnection, 'getStats'>, timeoutMs = STATS_TIMEOUT_MS): Promise<RTCStatsReport | null> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), timeoutMs);
  });
  const answered = pc.getStats().then(
    (report) => report,
    () => null,
  );
  return Promise.race([answered, late]).finally(() => clearTimeout(timer));
}
