// ./otter loadtest against a real local Otter (signaling and coturn), briefly: what it reports is what happened.
import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { REPO_ROOT, startOtter } from '../lib/index.mjs';

function loadtest(args) {
  return new Promise((resolve) => {
    execFile('bash', [join(REPO_ROOT, 'otter'), 'loadtest', ...args], { timeout: 180_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? error.code : 0, stdout, stderr });
    });
  });
}

describe('./otter loadtest', () => {
  let otter;
  before(async () => {
    otter = await startOtter({ args: ['--web-dir', '/nonexistent'] });
  });
  after(async () => {
    await otter?.stop();
  });

  test('signaling mode: every participant joins and every signal of the call pattern is relayed and timed', async () => {
    const rooms = 4;
    const participants = 3;
    const candidates = 8;
    const run = await loadtest(['--local', otter.dataDir, '--rooms', String(rooms), '--participants', String(participants),
      '--join-rate', '40', '--hold', '1', '--candidates', String(candidates), '--json']);
    assert.equal(run.code, 0, `${run.stderr}\n${run.stdout}`);
    const report = JSON.parse(run.stdout);
    assert.equal(report.joins.ok, rooms * participants);
    const pairsPerRoom = (participants * (participants - 1)) / 2;
    const expectedSignals = rooms * pairsPerRoom * 2 * (1 + candidates); // offer or answer, plus trickled candidates, each way
    assert.equal(report.signals.sent, expectedSignals);
    assert.equal(report.signals.received, expectedSignals);
    assert.equal(report.relay.n, expectedSignals);
    assert.ok(report.relay.p50 > 0 && report.relay.p99 >= report.relay.p50);
    assert.equal(report.connect.n, rooms * participants);
    assert.deepEqual(report.errors, {});
  });

  test('signaling mode: what the server refuses is reported as errors by type, with exit code 1', async () => {
    const run = await loadtest(['--api', otter.apiUrl, '--ws', otter.wsUrl, '--key', 'otr_not-a-key', '--rooms', '2', '--json']);
    assert.equal(run.code, 1, run.stderr);
    const report = JSON.parse(run.stdout);
    assert.deepEqual(report.errors, { 'create-room-403': 2 });
    assert.equal(report.joins.ok, 0);
  });

  test('TURN mode: relay clients exchange packets through the local coturn with credentials of a seated participant', async () => {
    const run = await loadtest(['--local', otter.dataDir, '--turn', '--clients', '4', '--packets', '50', '--interval', '5', '--json']);
    assert.equal(run.code, 0, `${run.stderr}\n${run.stdout}`);
    const report = JSON.parse(run.stdout);
    assert.equal(report.sessions, 1);
    assert.equal(report.sent, 4 * 50);
    assert.ok(report.received >= 0.9 * report.sent, `received ${report.received} of ${report.sent}`);
    assert.ok(report.packetsPerSecond > 0);
    assert.deepEqual(report.errors, {});
  });

  test('refuses loads outside its bounds and local targets off loopback, with exit code 2', async () => {
    const tooMany = await loadtest(['--local', otter.dataDir, '--participants', '9']);
    assert.equal(tooMany.code, 2);
    assert.match(tooMany.stderr, /--participants must be a number from 2 to 8/);

    const elsewhere = mkdtempSync(join(tmpdir(), 'otter-loadtest-'));
    writeFileSync(join(elsewhere, 'local.json'), JSON.stringify({ apiUrl: 'http://10.0.0.1:8080/api', wsUrl: 'ws://10.0.0.1:8080/ws', apiKey: 'otr_x' }));
    const remote = await loadtest(['--local', elsewhere]);
    assert.equal(remote.code, 2);
    assert.match(remote.stderr, /must be on loopback/);
  });
});
