// Two people in two browser contexts call each other through local Otter: once directly, once relay-only
// through the local coturn. Runs inside e2e/run-in-netns.sh.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { join } from 'node:path';
import {
  REPO_ROOT,
  assertReceivesMedia,
  launchChromium,
  newParticipant,
  selectedCandidatePairs,
  startOtter,
  waitFor,
} from '../lib/index.mjs';

const MINIMAL_APP = join(REPO_ROOT, 'e2e', 'minimal-app');

describe('a two-person call through local Otter', () => {
  let otter;
  let browser;

  before(async () => {
    otter = await startOtter({ webDir: MINIMAL_APP });
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await otter?.stop();
  });

  async function openCall(room) {
    const alice = await (await newParticipant(browser)).newPage();
    const bob = await (await newParticipant(browser)).newPage();
    await alice.goto(room.hostUrl);
    await bob.goto(room.url);
    return { alice, bob, close: () => Promise.all([alice.context().close(), bob.context().close()]) };
  }

  test('each side decodes the other side video and receives its audio', async () => {
    const room = await otter.createRoom({ name: 'direct' });
    const call = await openCall(room);
    try {
      const [alice, bob] = await Promise.all([assertReceivesMedia(call.alice), assertReceivesMedia(call.bob)]);
      assert.ok(alice.later.videoFramesDecoded > alice.first.videoFramesDecoded);
      assert.ok(bob.later.videoFramesDecoded > bob.first.videoFramesDecoded);
      const pairs = await selectedCandidatePairs(call.alice);
      assert.equal(pairs.length, 1);
      assert.equal(pairs[0].local.candidateType, 'host');
    } finally {
      await call.close();
    }
  });

  test('a relay-only room connects through the local coturn with relay candidates on both ends', async () => {
    const room = await otter.createRoom({ name: 'relay', relayOnly: true });
    const credentials = await (
      await fetch(`${otter.apiUrl}/credentials`, {
        headers: { Authorization: `Bearer ${new URLSearchParams(new URL(room.url).hash.slice(1)).get('token')}` },
      })
    ).json();
    const turnUrl = credentials.iceServers[0].urls.find((url) => url.startsWith('turn:'));
    const turnPort = Number(/:(\d+)\?/.exec(turnUrl)[1]);
    const call = await openCall(room);
    try {
      await Promise.all([assertReceivesMedia(call.alice), assertReceivesMedia(call.bob)]);
      for (const page of [call.alice, call.bob]) {
        const pairs = await waitFor(
          () => selectedCandidatePairs(page),
          (p) => p.length === 1 && p[0].local.candidateType === 'relay' && p[0].remote.candidateType === 'relay',
          { what: 'a selected relay/relay candidate pair' },
        );
        assert.equal(pairs[0].local.address, '127.0.0.1');
        assert.match(pairs[0].local.url ?? '', new RegExp(`^turns?:127\\.0\\.0\\.1:${turnPort}`));
      }
    } finally {
      await call.close();
    }
  });
});
