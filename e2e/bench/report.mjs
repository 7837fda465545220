// The arithmetic and layout of `./otter bench`'s table, apart from running anything, so that a unit test can
// check it (e2e/tests/bench-report.test.mjs).

/** A two-person, 30-minute call: how often each phase counted by CallCostProbe happens in it. */
export const CALL_SHAPE = {
  people: 2,
  minutes: 30,
  /** Each person sends one description (offer or answer) and about 11 ICE candidates. */
  signals: 24,
  /** The SDK pings every 4 minutes (webapp/src/sdk/defaults.ts pingIntervalMs). */
  pingIntervalMinutes: 4,
};

/** How many times a probe phase happens in one call of `shape`. */
export function occurrences(phase, shape = CALL_SHAPE) {
  if (phase.startsWith('create room')) return 1;
  if (phase.startsWith('signal')) return shape.signals;
  if (phase.startsWith('ping')) return shape.people * Math.floor(shape.minutes / shape.pingIntervalMinutes);
  if (phase.includes('(per person)')) return shape.people;
  throw new Error(`no occurrence rule for phase "${phase}"`);
}

/**
 * Dollars per 1,000 calls, per phase and in total, from the probe's counts and the price list.
 * Lambda duration is billed at `memoryMb` for the probe's median time per invocation.
 */
export function callCost(probe, prices, { shape = CALL_SHAPE, memoryMb = 1024 } = {}) {
  const perMillion = (count, price) => (count * price) / 1e6;
  const gbSeconds = (invocations) => invocations * (probe.medianInvocationMs / 1000) * (memoryMb / 1024);
  const phases = probe.phases.map((p) => {
    const n = occurrences(p.phase, shape);
    const requests = Object.values(p.dynamoDbRequests).reduce((a, b) => a + b, 0) * n;
    const dollars = perMillion(p.lambdaInvocations * n, prices.lambdaPerMillionRequests)
      + gbSeconds(p.lambdaInvocations * n) * prices.lambdaArm64PerGbSecond
      + perMillion(p.apiRequests * n, prices.apiGatewayHttpPerMillionRequests)
      + perMillion((p.wsMessagesIn + p.wsMessagesOut) * n, prices.apiGatewayWebSocketPerMillionMessages)
      + perMillion(p.readUnits * n, prices.dynamoDbOnDemandPerMillionReadUnits)
      + perMillion(p.writeUnits * n, prices.dynamoDbOnDemandPerMillionWriteUnits);
    return { phase: p.phase, times: n, requests, readUnits: p.readUnits * n, writeUnits: p.writeUnits * n, per1000: dollars * 1000 };
  });
  const connectionMinutes = perMillion(shape.people * shape.minutes, prices.apiGatewayWebSocketPerMillionConnectionMinutes) * 1000;
  phases.push({ phase: 'WebSocket connection-minutes', times: shape.people * shape.minutes, requests: 0, readUnits: 0, writeUnits: 0, per1000: connectionMinutes });
  const total = phases.reduce((sum, p) => sum + p.per1000, 0);
  return { phases, total };
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** One table row; `figure` and `baseline` are numbers in `unit`, or text when a bench could not run. */
export function row(name, figure, baseline, unit, note = '') {
  const numbers = typeof figure === 'number' && typeof baseline === 'number' && baseline !== 0;
  // A measured 0 is a figure below the source's printed resolution, not nothing.
  const show = (v) => (typeof v !== 'number' ? v ?? '—' : v === 0 && unit ? `≈ 0 ${unit}` : `${formatNumber(v)} ${unit}`.trim());
  return { name, figure: show(figure), baseline: show(baseline), ratio: numbers ? `${(figure / baseline).toFixed(2)}×` : '—', note };
}

export function formatNumber(v) {
  if (v === 0) return '0';
  if (Math.abs(v) >= 100) return v.toFixed(0);
  if (Math.abs(v) >= 1) return v.toFixed(2);
  return v.toPrecision(2);
}

/** The table as Markdown, so that the README can carry it as printed. */
export function formatTable(rows) {
  const lines = ['| bench | figure (median) | baseline (same run) | ratio | how |', '|---|---|---|---|---|'];
  for (const r of rows) lines.push(`| ${r.name} | ${r.figure} | ${r.baseline} | ${r.ratio} | ${r.note} |`);
  return lines.join('\n');
}

/** The two table rows of signal-relay.mjs's output: idle and burst p50/p99 for Otter and for the relay. */
export function parseSignalRelay(output) {
  const cells = (label) => {
    const line = output.split('\n').find((l) => l.startsWith(`| ${label}`));
    if (!line) throw new Error(`signal-relay printed no "${label}" row`);
    return line.split('|').slice(2, 6).map((c) => parseFloat(c));
  };
  const [otter, relay] = [cells('local Otter'), cells('in-memory relay')];
  const ratio = output.match(/burst ratio Otter\/relay, median of \d+: p50 ([\d.]+)x .*p99 ([\d.]+)x/);
  return {
    idle: { p50: [otter[0], relay[0]], p99: [otter[1], relay[1]] },
    burst: { p50: [otter[2], relay[2]], p99: [otter[3], relay[3]] },
    burstRatio: ratio ? { p50: Number(ratio[1]), p99: Number(ratio[2]) } : null,
  };
}

/** The probe's JSON line, wherever Maven put it among its own output. */
export function parseProbe(output) {
  const match = output.match(/\{"phases".*\}/);
  if (!match) throw new Error('CallCostProbe printed no result');
  return JSON.parse(match[0]);
}
