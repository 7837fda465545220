import { CONNECTIVITY_DEFAULTS } from './defaults';
import { OtterError, ServerUnreachableError } from './errors';
import { Probe, ProbeOutcome, interpret, probeOf, type ConnectivityReport, type ProbeResult } from './connectivity';
import { RoomApi, type RoomLink } from './room-api';

export interface CheckOptions {
  /** The deployment's HTTP API base (config.json `apiUrl`). */
  apiUrl: string;
  /** Every probe ends by then; a probe still running is a failure (default CONNECTIVITY_DEFAULTS.timeoutMs). */
  timeoutMs?: number;
  /** Ends every probe at once, closing its connections (e.g. when the person joins meanwhile); the check then rejects with the signal's reason. */
  signal?: AbortSignal;
  /** For tests and non-browser runtimes. */
  fetch?: typeof fetch;
  createPeerConnection?: (config: RTCConfiguration) => RTCPeerConnection;
}

/**
 * Probes, in parallel and within `timeoutMs`, every path a call from this browser could take: Otter's server, UDP
 * to the STUN server (direct connections), and each TURN relay the deployment offers (UDP, TCP, TLS), each relay
 * with a real pair of relay-only RTCPeerConnections that must carry a data-channel message through it. The
 * credentials are the room's two-minute check credentials (`GET /credentials?purpose=check`), so no seat is taken.
 *
 * Rejects with an OtterError that the join would also meet (link expired, room ended, …), or with the abort reason
 * of `signal`; an unreachable server is a report with the verdict `server-unreachable`.
 */
export async function checkConnectivity(link: Pick<RoomLink, 'roomId' | 'token'>, options: CheckOptions): Promise<ConnectivityReport> {
  const timeoutMs = options.timeoutMs ?? CONNECTIVITY_DEFAULTS.timeoutMs;
  const create = options.createPeerConnection ?? ((config: RTCConfiguration) => new RTCPeerConnection(config));
  const started = performance.now();
  let iceServers: RTCIceServer[];
  try {
    iceServers = (await new RoomApi(options.apiUrl, link, options.fetch).getCheckCredentials()).iceServers;
  } catch (error) {
    if (error instanceof OtterError && !(error instanceof ServerUnreachableError)) throw error;
    return interpret([{ probe: Probe.Server, outcome: ProbeOutcome.Failed, ms: null }]);
  }
  const server: ProbeResult = { probe: Probe.Server, outcome: ProbeOutcome.Passed, ms: Math.round(performance.now() - started) };
  // Ended before the credentials came: open no connection at all.
  options.signal?.throwIfAborted();
  const deadline = { at: started + timeoutMs, signal: options.signal };
  const entries = iceServers.flatMap((s) => (typeof s.urls === 'string' ? [s.urls] : s.urls).map((url) => ({ url, server: s })));
  const first = (probe: Probe) => entries.find((e) => probeOf(e.url) === probe);
  const probes = [Probe.Direct, Probe.RelayUdp, Probe.RelayTcp, Probe.RelayTls].map(async (probe): Promise<ProbeResult> => {
    const entry = first(probe);
    if (!entry) return { probe, outcome: ProbeOutcome.NotOffered, ms: null };
    const single: RTCIceServer = { ...entry.server, urls: [entry.url] };
    const t0 = performance.now();
    const passed = await (probe === Probe.Direct ? stunAnswers(single, create, deadline) : relayCarries(single, create, deadline)).catch(
      () => false,
    );
    return { probe, url: entry.url, outcome: passed ? ProbeOutcome.Passed : ProbeOutcome.Failed, ms: passed ? Math.round(performance.now() - t0) : null };
  });
  const results = await Promise.all(probes);
  // Probes cut short say nothing about the network: an aborted check has no verdict.
  options.signal?.throwIfAborted();
  return interpret([server, ...results]);
}

interface Deadline {
  /** performance.now() time by which every probe ends. */
  at: number;
  signal?: AbortSignal;
}

/** Resolves with `timedOut` at the deadline (or on abort), or earlier with what `work` hands to `done`. */
function until<T>(deadline: Deadline, work: (done: (value: T) => void) => void, timedOut: T): Promise<T> {
  return new Promise<T>((resolve) => {
    const timer = setTimeout(() => resolve(timedOut), Math.max(0, deadline.at - performance.now()));
    const abort = () => resolve(timedOut);
    if (deadline.signal?.aborted) abort();
    deadline.signal?.addEventListener('abort', abort, { once: true });
    work((value) => {
      clearTimeout(timer);
      deadline.signal?.removeEventListener('abort', abort);
      resolve(value);
    });
  });
}

/**
 * Whether UDP reaches the STUN server: one connection gathers against it; a server-reflexive candidate, or the end
 * of gathering without a STUN error (no NAT: the reflexive address is the host's own, which browsers drop), passes.
 */
async function stunAnswers(server: RTCIceServer, create: (config: RTCConfiguration) => RTCPeerConnection, deadline: Deadline): Promise<boolean> {
  const pc = create({ iceServers: [server] });
  try {
    let stunFailed = false;
    const result = until<boolean>(
      deadline,
      (done) => {
        pc.addEventListener('icecandidate', (event) => {
          if (event.candidate?.type === 'srflx') done(true);
          else if (!event.candidate) done(!stunFailed);
        });
        pc.addEventListener('icecandidateerror', () => {
          stunFailed = true;
          done(false);
        });
      },
      false,
    );
    pc.createDataChannel('otter-check');
    await pc.setLocalDescription(await pc.createOffer());
    return await result;
  } finally {
    pc.close();
  }
}

/**
 * Whether the relay carries data end to end: two relay-only connections through it (one allocation each), and a
 * message sent on a data channel from one must arrive at the other. Their candidates are exchanged in the page.
 */
async function relayCarries(server: RTCIceServer, create: (config: RTCConfiguration) => RTCPeerConnection, deadline: Deadline): Promise<boolean> {
  const config: RTCConfiguration = { iceServers: [server], iceTransportPolicy: 'relay' };
  const a = create(config);
  const b = create(config);
  try {
    a.addEventListener('icecandidate', (e) => e.candidate && void b.addIceCandidate(e.candidate).catch(() => undefined));
    b.addEventListener('icecandidate', (e) => e.candidate && void a.addIceCandidate(e.candidate).catch(() => undefined));
    const channel = a.createDataChannel('otter-check');
    const arrived = until<boolean>(
      deadline,
      (done) => {
        channel.addEventListener('open', () => channel.send('otter-check'));
        b.addEventListener('datachannel', (event) => event.channel.addEventListener('message', () => done(true)));
      },
      false,
    );
    await a.setLocalDescription(await a.createOffer());
    await b.setRemoteDescription(a.localDescription!);
    await b.setLocalDescription(await b.createAnswer());
    await a.setRemoteDescription(b.localDescription!);
    return await arrived;
  } finally {
    a.close();
    b.close();
  }
}
