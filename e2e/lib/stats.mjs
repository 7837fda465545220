/**
 * getStats readings taken inside a page, over every RTCPeerConnection it created (see newParticipant).
 * All functions take a playwright Page.
 */

/** Sums of inbound media counters: `{ videoFramesDecoded, audioPacketsReceived, connections }`. */
export async function inboundTotals(page) {
  return page.evaluate(async () => {
    let videoFramesDecoded = 0;
    let audioPacketsReceived = 0;
    const connections = window.__otterPeerConnections ?? [];
    for (const pc of connections) {
      if (pc.connectionState === 'closed') continue;
      const report = await pc.getStats();
      report.forEach((stat) => {
        if (stat.type !== 'inbound-rtp') return;
        if (stat.kind === 'video') videoFramesDecoded += stat.framesDecoded ?? 0;
        if (stat.kind === 'audio') audioPacketsReceived += stat.packetsReceived ?? 0;
      });
    }
    return { videoFramesDecoded, audioPacketsReceived, connections: connections.length };
  });
}

/**
 * The selected candidate pair of each open peer connection, read through `transport.selectedCandidatePairId`
 * (the pair list alone can still show a nominated pair as in-progress):
 * `[{ state, local: {candidateType, address, port, protocol, relayProtocol, url}, remote: {…} }]`.
 */
export async function selectedCandidatePairs(page) {
  return page.evaluate(async () => {
    const pairs = [];
    for (const pc of window.__otterPeerConnections ?? []) {
      if (pc.connectionState === 'closed') continue;
      const report = await pc.getStats();
      report.forEach((stat) => {
        if (stat.type !== 'transport' || !stat.selectedCandidatePairId) return;
        const pair = report.get(stat.selectedCandidatePairId);
        const describe = (id) => {
          const c = report.get(id) ?? {};
          return {
            candidateType: c.candidateType,
            address: c.address,
            port: c.port,
            protocol: c.protocol,
            relayProtocol: c.relayProtocol,
            url: c.url,
          };
        };
        pairs.push({ state: pair?.state, local: describe(pair?.localCandidateId), remote: describe(pair?.remoteCandidateId) });
      });
    }
    return pairs;
  });
}

/**
 * Per open peer connection of a page, the types of the local ICE candidates it gathered (sorted, each once). In a
 * relay-only call every one must be `relay`: with no other candidate at this end, any pair ICE selects, now or after
 * a restart, carries media through the TURN server.
 */
export async function localCandidateTypes(page) {
  return page.evaluate(async () => {
    const connections = [];
    for (const pc of window.__otterPeerConnections ?? []) {
      if (pc.connectionState === 'closed') continue;
      const types = new Set();
      (await pc.getStats()).forEach((stat) => {
        if (stat.type === 'local-candidate') types.add(stat.candidateType);
      });
      connections.push([...types].sort());
    }
    return connections;
  });
}

/** Polls `read` until `accept(value)` holds; returns the value or throws with the last one seen. */
export async function waitFor(read, accept, { timeoutMs = 30_000, intervalMs = 250, what = 'condition' } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    last = await read();
    if (accept(last)) return last;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last value: ${JSON.stringify(last)}`);
}

/**
 * Resolves once the page decodes the other side's video (framesDecoded rising across `intervalMs`) and has
 * received audio packets; returns both readings. The default wait leaves room for the SDK's 3 s first-offer fallback
 * and one 12 s ICE restart on a loaded machine, with time to spare.
 */
export async function assertReceivesMedia(page, { timeoutMs = 45_000, intervalMs = 1_000 } = {}) {
  const first = await waitFor(
    () => inboundTotals(page),
    (t) => t.videoFramesDecoded > 0 && t.audioPacketsReceived > 0,
    { timeoutMs, what: 'decoded video frames and audio packets' },
  );
  const later = await waitFor(
    () => inboundTotals(page),
    (t) => t.videoFramesDecoded > first.videoFramesDecoded && t.audioPacketsReceived > first.audioPacketsReceived,
    { timeoutMs: Math.max(timeoutMs, intervalMs * 5), intervalMs, what: 'video frames and audio packets still rising' },
  );
  return { first, later };
}
