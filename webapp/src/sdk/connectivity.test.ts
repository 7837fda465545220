import { describe, expect, it, vi } from 'vitest';
import { checkConnectivity } from './connectivity-check';
import { Probe, ProbeOutcome, Verdict, explain, interpret, probeOf, restrictIce, type ProbeResult } from './connectivity';
import { RoomEndedError } from './errors';

const UDP = 'turn:turn.example.test:3478?transport=udp';
const TCP = 'turn:turn.example.test:3478?transport=tcp';
const TLS = 'turns:turns.example.test:443?transport=tcp';
const STUN = 'stun:turn.example.test:3478';
const SERVERS: RTCIceServer[] = [{ urls: [STUN, UDP, TCP, TLS], username: '1:room:peer', credential: 'secret' }];

function results(outcomes: Partial<Record<Probe, ProbeOutcome>>): ProbeResult[] {
  const urls: Partial<Record<Probe, string>> = { [Probe.Direct]: STUN, [Probe.RelayUdp]: UDP, [Probe.RelayTcp]: TCP, [Probe.RelayTls]: TLS };
  return Object.values(Probe).map((probe) => {
    const outcome = outcomes[probe] ?? ProbeOutcome.Passed;
    return { probe, outcome, ms: outcome === ProbeOutcome.Passed ? 20 : null, url: urls[probe] };
  });
}

describe('probeOf', () => {
  it('tells STUN, TURN over UDP (the default), TCP and TLS apart', () => {
    expect(probeOf(STUN)).toBe(Probe.Direct);
    expect(probeOf(UDP)).toBe(Probe.RelayUdp);
    expect(probeOf('turn:turn.example.test:3478')).toBe(Probe.RelayUdp);
    expect(probeOf(TCP)).toBe(Probe.RelayTcp);
    expect(probeOf(TLS)).toBe(Probe.RelayTls);
  });
});

describe('interpret', () => {
  it('calls a network where UDP reaches the STUN server direct', () => {
    expect(interpret(results({})).verdict).toBe(Verdict.Direct);
  });

  it('falls back to the relay over UDP when direct UDP fails', () => {
    const report = interpret(results({ [Probe.Direct]: ProbeOutcome.Failed }));
    expect(report.verdict).toBe(Verdict.Relayed);
    expect(report.workingRelays).toEqual([UDP, TCP, TLS]);
  });

  it('says relayed over TCP when only TCP or TLS relaying works', () => {
    const udpBlocked = { [Probe.Direct]: ProbeOutcome.Failed, [Probe.RelayUdp]: ProbeOutcome.Failed };
    expect(interpret(results(udpBlocked)).verdict).toBe(Verdict.RelayedOverTcp);
    expect(interpret(results({ ...udpBlocked, [Probe.RelayTcp]: ProbeOutcome.Failed })).verdict).toBe(Verdict.RelayedOverTcp);
    expect(interpret(results({ ...udpBlocked, [Probe.RelayTls]: ProbeOutcome.NotOffered })).workingRelays).toEqual([TCP]);
  });

  it('says blocked when nothing carries media, and server-unreachable before anything else', () => {
    const nothing = { [Probe.Direct]: ProbeOutcome.Failed, [Probe.RelayUdp]: ProbeOutcome.Failed, [Probe.RelayTcp]: ProbeOutcome.Failed, [Probe.RelayTls]: ProbeOutcome.NotOffered };
    expect(interpret(results(nothing)).verdict).toBe(Verdict.Blocked);
    expect(interpret([{ probe: Probe.Server, outcome: ProbeOutcome.Failed, ms: null }]).verdict).toBe(Verdict.ServerUnreachable);
  });

  it('lists every probe in order, missing ones as not run', () => {
    const report = interpret([{ probe: Probe.Server, outcome: ProbeOutcome.Failed, ms: null }]);
    expect(report.probes.map((p) => [p.probe, p.outcome])).toEqual([
      [Probe.Server, ProbeOutcome.Failed],
      [Probe.Direct, ProbeOutcome.NotRun],
      [Probe.RelayUdp, ProbeOutcome.NotRun],
      [Probe.RelayTcp, ProbeOutcome.NotRun],
      [Probe.RelayTls, ProbeOutcome.NotRun],
    ]);
  });
});

describe('restrictIce', () => {
  it('leaves the servers alone without a report, or when UDP works', () => {
    expect(restrictIce(SERVERS, { relayOnly: false })).toEqual({ iceServers: SERVERS, iceTransportPolicy: 'all' });
    expect(restrictIce(SERVERS, { relayOnly: true, report: interpret(results({})) })).toEqual({ iceServers: SERVERS, iceTransportPolicy: 'relay' });
    const relayed = interpret(results({ [Probe.Direct]: ProbeOutcome.Failed }));
    expect(restrictIce(SERVERS, { relayOnly: false, report: relayed }).iceTransportPolicy).toBe('all');
  });

  it('keeps only the working TCP/TLS relay URLs, relay-only, when only they work', () => {
    const report = interpret(
      results({ [Probe.Direct]: ProbeOutcome.Failed, [Probe.RelayUdp]: ProbeOutcome.Failed, [Probe.RelayTls]: ProbeOutcome.Failed }),
    );

    const config = restrictIce(SERVERS, { relayOnly: false, report });

    expect(config).toEqual({ iceServers: [{ urls: [TCP], username: '1:room:peer', credential: 'secret' }], iceTransportPolicy: 'relay' });
  });

  it('applies to later credentials by transport, not by their exact URL', () => {
    const report = interpret(results({ [Probe.Direct]: ProbeOutcome.Failed, [Probe.RelayUdp]: ProbeOutcome.Failed }));
    const fresh: RTCIceServer[] = [{ urls: [STUN, UDP, TCP, TLS], username: '2:room:peer', credential: 'fresh' }];

    expect(restrictIce(fresh, { relayOnly: false, report }).iceServers).toEqual([{ urls: [TCP, TLS], username: '2:room:peer', credential: 'fresh' }]);
  });

  it('does not strand a call whose servers have none of the working transports', () => {
    const report = interpret(results({ [Probe.Direct]: ProbeOutcome.Failed, [Probe.RelayUdp]: ProbeOutcome.Failed }));
    const udpOnly: RTCIceServer[] = [{ urls: UDP, username: 'u', credential: 'c' }];

    expect(restrictIce(udpOnly, { relayOnly: false, report })).toEqual({ iceServers: udpOnly, iceTransportPolicy: 'all' });
  });
});

describe('explain', () => {
  it('names the working relay and its port when UDP is blocked', () => {
    const report = interpret(results({ [Probe.Direct]: ProbeOutcome.Failed, [Probe.RelayUdp]: ProbeOutcome.Failed }));

    const words = explain(report);

    expect(words.ok).toBe(true);
    expect(words.headline).toBe('Your network blocks UDP; calls will go through the relay over TCP (port 3478), which works.');
    expect(words.failed).toEqual(['direct connection over UDP (port 3478)', 'relay over UDP (port 3478)']);
  });

  it('says what to ask the IT team for when nothing works', () => {
    const nothing = { [Probe.Direct]: ProbeOutcome.Failed, [Probe.RelayUdp]: ProbeOutcome.Failed, [Probe.RelayTcp]: ProbeOutcome.Failed, [Probe.RelayTls]: ProbeOutcome.Failed };

    const words = explain(interpret(results(nothing)));

    expect(words.ok).toBe(false);
    expect(words.headline).toMatch(/^Nothing reaches our relay/);
    expect(words.detail).toContain('relay over TCP (port 3478)');
    expect(words.advice).toContain('UDP and TCP to turn.example.test on port 3478 (or at least TLS on port 443)');
  });

  it('warns on a direct-only network that the relay is out of reach', () => {
    const words = explain(interpret(results({ [Probe.RelayUdp]: ProbeOutcome.Failed, [Probe.RelayTcp]: ProbeOutcome.Failed, [Probe.RelayTls]: ProbeOutcome.Failed })));
    expect(words.ok).toBe(true);
    expect(words.detail).toMatch(/relay could not be reached/);
  });
});

describe('checkConnectivity', () => {
  const link = { roomId: 'room1', token: 'a.b.c' };
  const noPeerConnections = () => {
    throw new Error('no probe should run');
  };

  it('reports the server unreachable when the credentials request fails on the network', async () => {
    const report = await checkConnectivity(link, {
      apiUrl: 'https://api.example.test',
      fetch: () => Promise.reject(new TypeError('Failed to fetch')),
      createPeerConnection: noPeerConnections,
    });

    expect(report.verdict).toBe(Verdict.ServerUnreachable);
  });

  it('asks for the check credentials with the room token alone, and marks paths a deployment lacks as not offered', async () => {
    const asked: { url: string; headers: Record<string, string> }[] = [];
    const report = await checkConnectivity(link, {
      apiUrl: 'https://api.example.test/',
      fetch: (input, init) => {
        asked.push({ url: String(input), headers: init?.headers as Record<string, string> });
        return Promise.resolve(new Response(JSON.stringify({ iceServers: [], ttlSeconds: 120 }), { status: 200 }));
      },
      createPeerConnection: noPeerConnections,
    });

    expect(asked).toEqual([{ url: 'https://api.example.test/credentials?purpose=check', headers: { Authorization: 'Bearer a.b.c' } }]);
    expect(report.probes.slice(1).map((p) => p.outcome)).toEqual(Array(4).fill(ProbeOutcome.NotOffered));
    expect(report.verdict).toBe(Verdict.Untested);
  });

  it('ends every probe at once when aborted, closing its connections, and rejects with the abort', async () => {
    /** A connection that never gathers nor connects: only an abort (or the deadline) can end a probe on it. */
    class SilentConnection extends EventTarget {
      closed = false;
      localDescription = { type: 'offer', sdp: '' };
      createDataChannel = () => new EventTarget();
      createOffer = () => Promise.resolve({ type: 'offer', sdp: '' });
      createAnswer = () => Promise.resolve({ type: 'answer', sdp: '' });
      setLocalDescription = () => Promise.resolve();
      setRemoteDescription = () => Promise.resolve();
      addIceCandidate = () => Promise.resolve();
      close() {
        this.closed = true;
      }
    }
    const created: SilentConnection[] = [];
    const abort = new AbortController();
    const check = checkConnectivity(link, {
      apiUrl: 'https://api.example.test',
      timeoutMs: 600_000,
      signal: abort.signal,
      fetch: () => Promise.resolve(new Response(JSON.stringify({ iceServers: SERVERS, ttlSeconds: 120 }), { status: 200 })),
      createPeerConnection: () => {
        const pc = new SilentConnection();
        created.push(pc);
        return pc as unknown as RTCPeerConnection;
      },
    });
    await vi.waitFor(() => expect(created).toHaveLength(7));

    abort.abort();

    await expect(check).rejects.toMatchObject({ name: 'AbortError' });
    expect(created.every((pc) => pc.closed)).toBe(true);
  });

  it('leaves a dead link for the join to explain', async () => {
    const check = checkConnectivity(link, {
      apiUrl: 'https://api.example.test',
      fetch: () => Promise.resolve(new Response('{"error":{"code":"room-ended","message":"ended"}}', { status: 410 })),
      createPeerConnection: noPeerConnections,
    });

    await expect(check).rejects.toBeInstanceOf(RoomEndedError);
  });
});
