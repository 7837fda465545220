/**
 * What a connectivity check found, what it means, and what the call does about it. Pure and small: the call
 * code imports it to restrict ICE; the probes themselves (connectivity-check.ts) are loaded only by a check.
 */

/** One path a call may take, probed on its own. */
export enum Probe {
  /** Otter's server over HTTPS: the check's credentials come from it. */
  Server = 'server',
  /** UDP to the STUN server: what a direct (host or server-reflexive) connection needs. */
  Direct = 'direct',
  /** The TURN relay over UDP (port 3478). */
  RelayUdp = 'relay-udp',
  /** The TURN relay over TCP (port 3478). */
  RelayTcp = 'relay-tcp',
  /** The TURN relay over TLS (port 443), where the deployment has a certificate for it. */
  RelayTls = 'relay-tls',
}

export enum ProbeOutcome {
  Passed = 'passed',
  Failed = 'failed',
  /** The deployment offers no server for this path (e.g. no TLS relay). */
  NotOffered = 'not-offered',
  /** Could not be tried: the credentials it needs did not come. */
  NotRun = 'not-run',
}

export interface ProbeResult {
  probe: Probe;
  outcome: ProbeOutcome;
  /** How long it took to pass, in ms; null unless passed. */
  ms: number | null;
  /** The ICE server URL probed, if any. */
  url?: string;
}

/** The check's conclusion, from the best path that works. */
export enum Verdict {
  /** UDP works: calls connect directly (or through the relay where the other side needs it). */
  Direct = 'direct',
  /** Direct UDP is blocked but the relay over UDP works. */
  Relayed = 'relayed',
  /** Only the relay over TCP or TLS works: the call is restricted to it (see `restrictIce`). */
  RelayedOverTcp = 'relayed-over-tcp',
  /** Nothing carries media from this network. */
  Blocked = 'blocked',
  /** Otter's server could not be reached at all. */
  ServerUnreachable = 'server-unreachable',
  /** The deployment offers no STUN or relay server (local Otter without coturn): there was nothing to probe. */
  Untested = 'untested',
}

export interface ConnectivityReport {
  verdict: Verdict;
  /** One result per probe, in `Probe` order. */
  probes: ProbeResult[];
  /** The relay URLs that worked, best first (UDP, then TCP, then TLS). */
  workingRelays: string[];
}

const RELAYS_BEST_FIRST = [Probe.RelayUdp, Probe.RelayTcp, Probe.RelayTls] as const;

/** Which probe an ICE server URL belongs to (RFC 7064/7065 schemes; TURN without `transport` is UDP). */
export function probeOf(url: string): Probe {
  const lower = url.toLowerCase();
  if (lower.startsWith('stun:') || lower.startsWith('stuns:')) return Probe.Direct;
  if (lower.startsWith('turns:')) return Probe.RelayTls;
  return /[?&]transport=tcp\b/.test(lower) ? Probe.RelayTcp : Probe.RelayUdp;
}

/** Draws the verdict from the probes' results. */
export function interpret(probes: ProbeResult[]): ConnectivityReport {
  const outcome = (probe: Probe) => probes.find((p) => p.probe === probe)?.outcome ?? ProbeOutcome.NotRun;
  const passed = (probe: Probe) => outcome(probe) === ProbeOutcome.Passed;
  const workingRelays = RELAYS_BEST_FIRST.filter(passed)
    .map((probe) => probes.find((p) => p.probe === probe)?.url)
    .filter((url): url is string => !!url);
  let verdict: Verdict;
  if (outcome(Probe.Server) === ProbeOutcome.Failed) verdict = Verdict.ServerUnreachable;
  else if ([Probe.Direct, ...RELAYS_BEST_FIRST].every((p) => outcome(p) === ProbeOutcome.NotOffered)) verdict = Verdict.Untested;
  else if (passed(Probe.Direct)) verdict = Verdict.Direct;
  else if (passed(Probe.RelayUdp)) verdict = Verdict.Relayed;
  else if (passed(Probe.RelayTcp) || passed(Probe.RelayTls)) verdict = Verdict.RelayedOverTcp;
  else verdict = Verdict.Blocked;
  const ordered = Object.values(Probe).map(
    (probe) => probes.find((p) => p.probe === probe) ?? { probe, outcome: ProbeOutcome.NotRun, ms: null },
  );
  return { verdict, probes: ordered, workingRelays };
}

/**
 * The ICE configuration of a call given what the check found. When only the relay over TCP/TLS works, the call
 * gathers relay candidates over exactly those URLs (`relay` policy): UDP attempts would only time out first.
 * Otherwise the servers are used as they are, relay-only if the room asks for it. Without a report (no check
 * run) nothing changes; nor when none of the servers given matches a working relay (the call then tries all).
 */
export function restrictIce(
  iceServers: RTCIceServer[],
  { relayOnly, report }: { relayOnly: boolean; report?: ConnectivityReport | null },
): Pick<RTCConfiguration, 'iceServers' | 'iceTransportPolicy'> {
  const unchanged = { iceServers, iceTransportPolicy: relayOnly ? 'relay' : 'all' } as const;
  if (report?.verdict !== Verdict.RelayedOverTcp) return unchanged;
  const working = new Set(
    report.probes.filter((p) => p.outcome === ProbeOutcome.Passed).map((p) => p.probe),
  );
  const restricted = iceServers
    .map((server) => ({ ...server, urls: urlsOf(server).filter((url) => working.has(probeOf(url)) && probeOf(url) !== Probe.Direct) }))
    .filter((server) => server.urls.length > 0);
  return restricted.length > 0 ? { iceServers: restricted, iceTransportPolicy: 'relay' } : unchanged;
}

function urlsOf(server: RTCIceServer): string[] {
  return typeof server.urls === 'string' ? [server.urls] : [...server.urls];
}

/** The report in plain words: a headline, what it means, and what to do (if anything). */
export interface Explanation {
  /** Whether calls can connect from here. */
  ok: boolean;
  headline: string;
  detail: string;
  /** What to ask for or try; empty when nothing needs doing. */
  advice: string;
  /** The paths that did not work, in words (`relay over TCP (port 3478)`). */
  failed: string[];
}

/** Words for one probe, with the port its URL names. */
export function describeProbe(result: Pick<ProbeResult, 'probe' | 'url'>): string {
  const port = result.url ? /:(\d+)(?:\?|$)/.exec(result.url)?.[1] : undefined;
  const on = port ? ` (port ${port})` : '';
  switch (result.probe) {
    case Probe.Server:
      return "Otter's server";
    case Probe.Direct:
      return `direct connection over UDP${on}`;
    case Probe.RelayUdp:
      return `relay over UDP${on}`;
    case Probe.RelayTcp:
      return `relay over TCP${on}`;
    case Probe.RelayTls:
      return `relay over TLS${on}`;
  }
}

export function explain(report: ConnectivityReport): Explanation {
  const failed = report.probes.filter((p) => p.outcome === ProbeOutcome.Failed).map(describeProbe);
  const relay = report.probes.find((p) => p.url && p.probe !== Probe.Direct)?.url;
  const [, relayHost = 'our relay', relayPort = '3478'] = (relay && /^turns?:([^:?]+):(\d+)/.exec(relay)) || [];
  const tls = report.probes.find((p) => p.probe === Probe.RelayTls)?.url;
  const tlsPort = tls ? /:(\d+)(?:\?|$)/.exec(tls)?.[1] ?? '443' : null;
  const best = report.probes.find((p) => p.url === report.workingRelays[0]);
  switch (report.verdict) {
    case Verdict.Direct:
      return report.probes.some((p) => p.probe !== Probe.Direct && p.probe !== Probe.Server && p.outcome === ProbeOutcome.Passed) ||
        !report.probes.some((p) => p.url && p.probe !== Probe.Direct)
        ? { ok: true, headline: 'Your network is ready for calls.', detail: 'Audio and video can go directly between you and the others.', advice: '', failed }
        : {
            ok: true,
            headline: 'Your network is ready for direct calls.',
            detail: 'Our relay could not be reached, so someone on a strict network may not be able to connect with you.',
            advice: '',
            failed,
          };
    case Verdict.Relayed:
      return {
        ok: true,
        headline: 'Your network blocks direct connections; calls will go through the relay, which works.',
        detail: 'Audio and video stay encrypted end to end through the relay.',
        advice: '',
        failed,
      };
    case Verdict.RelayedOverTcp:
      return {
        ok: true,
        headline: `Your network blocks UDP; calls will go through the ${best ? describeProbe(best) : 'relay over TCP'}, which works.`,
        detail: 'Audio and video stay encrypted end to end; over TCP a poor network may cost a little smoothness.',
        advice: '',
        failed,
      };
    case Verdict.Blocked:
      return {
        ok: false,
        headline: 'Nothing reaches our relay: calls cannot connect from this network.',
        detail: `Tried and failed: ${failed.join(', ') || 'every path'}.`,
        advice: `Ask your IT team to allow UDP and TCP to ${relayHost} on port ${relayPort}${tlsPort ? ` (or at least TLS on port ${tlsPort})` : ''}, or try another network, such as your phone's hotspot.`,
        failed,
      };
    case Verdict.Untested:
      return {
        ok: true,
        headline: 'This Otter has no relay to test your network against.',
        detail: 'Calls connect directly wherever both networks allow it.',
        advice: '',
        failed,
      };
    case Verdict.ServerUnreachable:
      return {
        ok: false,
        headline: "Otter's server cannot be reached.",
        detail: 'Without it no call can start.',
        advice: 'Check your internet connection, or whether a firewall or proxy blocks this site, then check again.',
        failed,
      };
  }
}
