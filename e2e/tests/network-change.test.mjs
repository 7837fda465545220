// A participant's network goes away and comes back, as when a laptop moves between networks: its signaling socket
// dies without closing and every ICE path of the call stops working for good. The browser says `offline` and later
// `online`; the SDK must then resume its seat on a new socket and restart ICE, and video must flow again both ways.
// (The socket is cut through Playwright's WebSocket routing, the ICE paths with nft on the ports of every local
// candidate, and the browser is taken offline with Playwright's network emulation.)
// Real web app, real local Otter, Chromium with fake media, inside e2e/run-in-netns.sh (nft cuts the ICE paths).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { launchChromium, startOtter, waitFor } from '../lib/index.mjs';
import { cuttableSignaling, peerIdOf, people, requireBuiltWebApp, WEB_DIR } from '../lib/webapp.mjs';
import { connectionsOf } from '../lib/person.mjs';

/** The ports of every local ICE candidate of the page's open connections (host, srflx, relay; UDP and TCP). */
function candidatePorts(page) {
  return page.evaluate(async () => {
    const ports = [];
    for (const pc of window.__otterPeerConnections ?? []) {
      if (pc.connectionState === 'closed') continue;
      (await pc.getStats()).forEach((s) => {
        if (s.type === 'local-candidate' && s.port) ports.push(s.port);
      });
    }
    return ports;
  });
}

const NFT_TABLE = 'otter_network_change';
const nft = (...args) => execFileSync('nft', args, { stdio: ['ignore', 'pipe', 'pipe'] });

/** Drops every packet to or from these ports, on loopback, until `restoreIcePaths()`: the old network is gone. */
function cutIcePaths(ports) {
  const set = `{ ${[...new Set(ports)].join(', ')} }`;
  nft('add', 'table', 'inet', NFT_TABLE);
  nft('add', 'chain', 'inet', NFT_TABLE, 'input', '{ type filter hook input priority 0; policy accept; }');
  for (const proto of ['udp', 'tcp']) {
    nft('add', 'rule', 'inet', NFT_TABLE, 'input', proto, 'sport', set, 'drop');
    nft('add', 'rule', 'inet', NFT_TABLE, 'input', proto, 'dport', set, 'drop');
  }
}

function restoreIcePaths() {
  try {
    nft('delete', 'table', 'inet', NFT_TABLE);
  } catch {
    // not there
  }
}

const totalFrames = async (page) => (await connectionsOf(page)).reduce((sum, c) => sum + c.frames, 0);

/**
 * Resolves once the page's decoded video frames rose at three readings in a row: video flows now. (A count that
 * falls, when a connection is replaced, just starts the run again.)
 */
async function videoFlows(page, what, other) {
  let previous = null;
  let rises = 0;
  try {
    await waitFor(
      async () => {
        const frames = await totalFrames(page);
        rises = previous !== null && frames > previous ? rises + 1 : 0;
        previous = frames;
        return rises;
      },
      (n) => n >= 3,
      { timeoutMs: 60_000, intervalMs: 500, what },
    );
  } catch (error) {
    const describe = async (p) =>
      JSON.stringify({
        connections: await connectionsOf(p),
        pairs: await p.evaluate(() => window.__otter.room.participants.map((x) => x.pairState)),
        signaling: await p.evaluate(() => [window.__otter.room.signalingState, ...(window.__signaling ?? [])]),
      });
    throw new Error(`${error.message}; this side ${await describe(page)}; the other ${await describe(other)}`);
  }
}

describe('a participant going offline and back', () => {
  let otter;
  let browser;
  let person;
  let closeAll;

  before(async () => {
    requireBuiltWebApp();
    restoreIcePaths();
    otter = await startOtter({ webDir: WEB_DIR });
    browser = await launchChromium();
    ({ person, closeAll } = people(browser));
  });

  after(async () => {
    restoreIcePaths();
    await closeAll?.();
    await browser?.close();
    await otter?.stop();
  });

  test('resumes its seat on a new socket, restarts ICE and video flows again on both sides', async () => {
    const room = await otter.createRoom({ name: 'network-change' });
    const ada = await person(room.hostUrl, 'Ada');
    let signaling;
    const bo = await person(room.url, 'Bo', { beforeGoto: async (page) => (signaling = await cuttableSignaling(page)) });
    const adaId = await peerIdOf(ada);
    const boId = await peerIdOf(bo);
    for (const page of [ada, bo]) {
      await waitFor(() => connectionsOf(page), (c) => c.length === 1 && c[0].frames > 0 && c[0].state === 'connected', {
        timeoutMs: 60_000,
        what: 'video decoded before going offline',
      });
    }
    await ada.evaluate(() => {
      window.__left = [];
      window.__otter.room.on(window.__otter.RoomEvent.PeerLeft, ({ peerId }) => window.__left.push(peerId));
    });
    await bo.evaluate(() => {
      window.__signaling = [];
      const { room, RoomEvent } = window.__otter;
      room.on(RoomEvent.SignalingStateChanged, ({ state }) => window.__signaling.push(state));
    });

    // Offline: the browser says so, Bo's socket dies silently, and every ICE path of the call stops for good.
    await bo.context().setOffline(true);
    signaling.cut();
    cutIcePaths([...(await candidatePorts(ada)), ...(await candidatePorts(bo))]);
    await waitFor(() => connectionsOf(ada), (c) => c.length === 1 && c[0].state !== 'connected', {
      timeoutMs: 60_000,
      what: "Ada's connection to notice the path is gone",
    });

    // Back online, on what is now another network: the old paths stay dead, new ones work.
    await bo.context().setOffline(false);
    // Chromium in the namespace (loopback only) always holds itself offline and never fires `online` by itself; the
    // test fires the event the browser fires when a network comes up.
    await bo.evaluate(() => window.dispatchEvent(new Event('online')));
    await videoFlows(ada, 'Ada decoding video again after the network came back', bo);
    await videoFlows(bo, 'Bo decoding video again after the network came back', ada);

    // The same seat, resumed: nobody saw Bo leave, and Bo's signaling went away and came back through `resume`.
    assert.equal(await peerIdOf(bo), boId);
    assert.deepEqual(await ada.evaluate(() => window.__left), []);
    const states = await bo.evaluate(() => window.__signaling);
    assert.deepEqual(states.slice(0, 3), ['reconnecting', 'resuming', 'open'], `Bo's signaling states: ${states}`);
    assert.equal(await bo.evaluate(() => window.__otter.room.participants[0].peerId), adaId);
  });
});
