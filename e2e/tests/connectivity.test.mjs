// The pre-join connectivity check and what a call does with it, in headless Chromium against local Otter with its
// coturn, on networks made with nft inside the private namespace: an open one, one that blocks UDP (the relay
// over TCP still works, and the call is restricted to it), one where only TLS does, and one where nothing reaches
// the relay. Local coturn's TLS certificate is self-signed, so these browsers ignore certificate errors.
// Screenshots of each result go to e2e/artifacts/screenshots/connectivity-*.png.
// Runs inside e2e/run-in-netns.sh (nft needs the namespace's own network admin rights).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, afterEach, before, describe, test } from 'node:test';
import { CHROMIUM_ARGS, REPO_ROOT, assertPrivateNetwork, assertReceivesMedia, launchChromium, selectedCandidatePairs, startOtter, waitFor } from '../lib/index.mjs';
import { STEP_TIMEOUT_MS, WEB_DIR, joinAs, people, requireBuiltWebApp } from '../lib/webapp.mjs';

const SCREENSHOTS = join(REPO_ROOT, 'e2e', 'artifacts', 'screenshots');
/** coturn's relay ports (min-port..max-port of coturn/turnserver.conf, kept by the local profile). */
const RELAY_PORTS = '49152-51199';
const TABLE = 'otter_connectivity';

async function screenshot(page, name) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/**
 * Drops packets in this namespace with nft, as a client network would. UDP is dropped unless both ends are coturn
 * relay ports: both relays sit on loopback here, so relay-to-relay packets must pass for a client's view of a
 * UDP-blocking network. `extra` adds rules (e.g. the TURN TCP port).
 */
function blockUdp(extra = []) {
  assertPrivateNetwork();
  const rules = [`udp sport != ${RELAY_PORTS} drop`, `udp dport != ${RELAY_PORTS} drop`, ...extra];
  const ruleset = `table inet ${TABLE} {\n chain output {\n  type filter hook output priority 0; policy accept;\n  ${rules.join('\n  ')}\n }\n}\n`;
  execFileSync('nft', ['-f', '-'], { input: ruleset });
}

function unblock() {
  execFileSync('nft', ['delete', 'table', 'inet', TABLE], { stdio: 'ignore' });
}

/** The check's finished result on the pre-join screen: the verdict and each probe's outcome. */
async function checkResult(page) {
  const panel = page.locator('[data-testid="connectivity"][data-state="done"]');
  await panel.waitFor({ timeout: STEP_TIMEOUT_MS });
  const probes = await panel.locator('[data-outcome]').evaluateAll((items) =>
    Object.fromEntries(items.map((li) => [li.dataset.testid.replace(/^probe-/, ''), li.dataset.outcome])),
  );
  return { verdict: await panel.getAttribute('data-verdict'), probes, text: await panel.innerText() };
}

/** The TURN ports local Otter advertises (`tcp`: turn:…?transport=tcp, `tls`: turns:…), from the check's own credentials. */
async function turnPorts(otter, room) {
  const token = new URLSearchParams(new URL(room.url).hash.slice(1)).get('token');
  const response = await fetch(`${otter.apiUrl}/credentials?purpose=check`, { headers: { Authorization: `Bearer ${token}` } });
  assert.equal(response.status, 200);
  const urls = (await response.json()).iceServers[0].urls;
  const port = (prefix) => Number(/:(\d+)\?/.exec(urls.find((url) => url.startsWith(prefix)))[1]);
  return { tcp: port('turn:127.0.0.1'), tls: port('turns:') };
}

describe('the connectivity check', () => {
  let otter;
  let browser;
  let crowd;
  let blocked = false;
  const shots = [];

  before(async () => {
    requireBuiltWebApp();
    // A generous start bound: on a loaded shared machine the runner was seen needing about a minute.
    otter = await startOtter({ webDir: WEB_DIR, startTimeoutMs: 180_000 });
    browser = await launchChromium({ args: [...CHROMIUM_ARGS, '--ignore-certificate-errors'] });
    crowd = people(browser);
  });

  afterEach(async () => {
    if (blocked) unblock();
    blocked = false;
    await crowd.closeAll();
  });

  after(async () => {
    await browser?.close();
    await otter?.stop();
    if (shots.length) console.log(`connectivity screenshots:\n  ${shots.join('\n  ')}`);
  });

  test('on an open network every path works and the pre-join screen says so', async () => {
    const room = await otter.createRoom({ name: 'open' });
    const alice = await crowd.person(room.hostUrl, 'Alice', { join: false });

    const result = await checkResult(alice);

    assert.equal(result.verdict, 'direct', result.text);
    assert.deepEqual(result.probes, { server: 'passed', direct: 'passed', 'relay-udp': 'passed', 'relay-tcp': 'passed', 'relay-tls': 'passed' });
    assert.match(result.text, /Your network is ready for calls/);
    shots.push(await screenshot(alice, 'connectivity-open'));
  });

  test('with UDP blocked the check names the TCP relay, and the call connects through it, decoding both ways', async () => {
    const room = await otter.createRoom({ name: 'udp-blocked' });
    blockUdp();
    blocked = true;
    const alice = await crowd.person(room.hostUrl, 'Alice', { join: false });
    const bob = await crowd.person(room.url, 'Bob', { join: false });

    const result = await checkResult(alice);
    assert.equal(result.verdict, 'relayed-over-tcp', result.text);
    assert.deepEqual(result.probes, { server: 'passed', direct: 'failed', 'relay-udp': 'failed', 'relay-tcp': 'passed', 'relay-tls': 'passed' });
    assert.match(result.text, /Your network blocks UDP; calls will go through the relay over TCP \(port \d+\), which works/);
    shots.push(await screenshot(alice, 'connectivity-udp-blocked'));
    assert.equal((await checkResult(bob)).verdict, 'relayed-over-tcp');

    await joinAs(alice, 'Alice');
    await joinAs(bob, 'Bob');
    await Promise.all([assertReceivesMedia(alice, { timeoutMs: 90_000 }), assertReceivesMedia(bob, { timeoutMs: 90_000 })]);
    for (const page of [alice, bob]) {
      const pairs = await waitFor(
        () => selectedCandidatePairs(page),
        (p) => p.length === 1 && p[0].local.candidateType === 'relay',
        { what: 'a selected pair on a relay candidate' },
      );
      assert.match(pairs[0].local.relayProtocol, /^(tcp|tls)$/, JSON.stringify(pairs));
    }
  });

  test('with UDP and the TURN TCP port blocked, the relay over TLS is what works, and the call goes through it', async () => {
    const room = await otter.createRoom({ name: 'tls-only' });
    blockUdp([`tcp dport ${(await turnPorts(otter, room)).tcp} drop`]);
    blocked = true;
    const alice = await crowd.person(room.hostUrl, 'Alice', { join: false });
    const bob = await crowd.person(room.url, 'Bob', { join: false });

    const result = await checkResult(alice);
    assert.equal(result.verdict, 'relayed-over-tcp', result.text);
    assert.deepEqual(result.probes, { server: 'passed', direct: 'failed', 'relay-udp': 'failed', 'relay-tcp': 'failed', 'relay-tls': 'passed' });
    assert.match(result.text, /Your network blocks UDP; calls will go through the relay over TLS \(port \d+\), which works/);
    shots.push(await screenshot(alice, 'connectivity-tls-only'));
    assert.equal((await checkResult(bob)).verdict, 'relayed-over-tcp');

    await joinAs(alice, 'Alice');
    await joinAs(bob, 'Bob');
    await Promise.all([assertReceivesMedia(alice, { timeoutMs: 90_000 }), assertReceivesMedia(bob, { timeoutMs: 90_000 })]);
    for (const page of [alice, bob]) {
      const pairs = await waitFor(
        () => selectedCandidatePairs(page),
        (p) => p.length === 1 && p[0].local.candidateType === 'relay',
        { what: 'a selected pair on a relay candidate' },
      );
      assert.equal(pairs[0].local.relayProtocol, 'tls', JSON.stringify(pairs));
    }
  });

  test('when nothing reaches the relay the pre-join screen explains it, and a call that cannot connect says why', async () => {
    const room = await otter.createRoom({ name: 'blocked', relayOnly: true });
    const ports = await turnPorts(otter, room);
    blockUdp([`tcp dport { ${ports.tcp}, ${ports.tls} } drop`]);
    blocked = true;
    const alice = await crowd.person(room.hostUrl, 'Alice', { join: false });

    const result = await checkResult(alice);
    assert.equal(result.verdict, 'blocked', result.text);
    assert.deepEqual(result.probes, { server: 'passed', direct: 'failed', 'relay-udp': 'failed', 'relay-tcp': 'failed', 'relay-tls': 'failed' });
    assert.match(result.text, /Nothing reaches our relay/);
    assert.match(result.text, /Ask your IT team to allow UDP and TCP to 127\.0\.0\.1 on port \d+ \(or at least TLS on port \d+\)/);
    shots.push(await screenshot(alice, 'connectivity-blocked'));

    await joinAs(alice, 'Alice');
    await crowd.person(room.url, 'Bob');
    const trouble = alice.getByTestId('connect-trouble');
    await trouble.waitFor({ timeout: 120_000 });
    assert.match(await trouble.innerText(), /Still not connected with Bob\. Nothing reaches our relay/);
    shots.push(await screenshot(alice, 'connectivity-call-cannot-connect'));
  });
});
