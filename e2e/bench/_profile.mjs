import { readFileSync } from 'node:fs';
import { SourceMapConsumer } from '../../webapp/node_modules/source-map-js/source-map.js';
import { startOtter, launchChromium, newParticipant } from '../lib/index.mjs';
import { debugUrl } from '../lib/webapp.mjs';

const otter = await startOtter({ webDir: '/tmp/dist-sm' });
const browser = await launchChromium();
const profiles = { A: [], B: [] };
async function page(link, who) {
  const ctx = await newParticipant(browser);
  const p = await ctx.newPage();
  const cdp = await ctx.newCDPSession(p);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  await p.goto(link);
  return { p, cdp, who };
}
async function join(p, name) {
  await p.evaluate((typed) => new Promise((resolve) => {
    const attempt = () => {
      const field = document.querySelector('#name');
      if (!field) return setTimeout(attempt, 4);
      Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set.call(field, typed);
      field.dispatchEvent(new Event('input', { bubbles: true }));
      const button = document.querySelector('[data-testid="join"]');
      if (!button || button.disabled) return setTimeout(attempt, 4);
      button.click(); resolve();
    };
    attempt();
  }), name);
}
const decoded = (p) => p.evaluate(async () => {
  for (;;) {
    const pcs = window.__otterPeerConnections ?? [];
    for (const pc of pcs) { let f = 0; (await pc.getStats()).forEach((s) => { if (s.type === 'inbound-rtp' && s.kind === 'video') f += s.framesDecoded ?? 0; }); if (f > 0) return; }
    await new Promise((r) => setTimeout(r, 10));
  }
});
for (let i = 0; i < 4; i++) {
  const room = await otter.createRoom({});
  const a = await page(room.hostUrl, 'A'); await join(a.p, 'Ada');
  const b = await page(room.url, 'B'); await join(b.p, 'Bo');
  await Promise.all([decoded(a.p), decoded(b.p)]);
  for (const x of [a, b]) { profiles[x.who].push((await x.cdp.send('Profiler.stop')).profile); await x.p.context().close(); }
}
await browser.close(); await otter.stop();
const maps = new Map();
function consumer(url) {
  if (!url.includes('/assets/')) return null;
  const file = '/tmp/dist-sm/assets/' + url.split('/assets/')[1];
  if (!maps.has(file)) { try { maps.set(file, new SourceMapConsumer(JSON.parse(readFileSync(file + '.map', 'utf8')))); } catch { maps.set(file, null); } }
  return maps.get(file);
}
for (const who of ['A', 'B']) {
  const self = new Map(); let total = 0;
  for (const prof of profiles[who]) {
    const byId = new Map(prof.nodes.map((n) => [n.id, n]));
    const dt = prof.timeDeltas; 
    prof.samples.forEach((id, i) => {
      const n = byId.get(id); const f = n.callFrame; const ms = (dt[i + 1] ?? 0) / 1000; total += ms;
      let name = `${f.functionName || '(anon)'} ${f.url.split('/').pop()}:${f.lineNumber}`;
      const c = consumer(f.url);
      if (c) { const o = c.originalPositionFor({ line: f.lineNumber + 1, column: f.columnNumber }); if (o.source) name = `${o.name ?? f.functionName} ${o.source.replace(/.*node_modules\//, 'nm/').replace(/.*src\//, 'src/')}:${o.line}`; }
      if (!f.url && f.functionName === '') name = '(native/other) ' + (f.functionName || n.callFrame.functionName);
      self.set(name, (self.get(name) ?? 0) + ms);
    });
  }
  console.log(`\n${who}: total sampled ${(total / profiles[who].length).toFixed(0)} ms per call`);
  [...self.entries()].sort((x, y) => y[1] - x[1]).slice(0, 28).forEach(([n, ms]) => console.log(`  ${(ms / profiles[who].length).toFixed(1).padStart(7)} ms  ${n}`));
}
