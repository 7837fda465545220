/** Latency samples and error tallies of one load-test run, and their report. */

export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export function distribution(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    n: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.length ? sorted[sorted.length - 1] : NaN,
  };
}

export class Tally {
  constructor() {
    this.counts = new Map();
  }

  add(kind, count = 1) {
    this.counts.set(kind, (this.counts.get(kind) ?? 0) + count);
  }

  get total() {
    let sum = 0;
    for (const count of this.counts.values()) sum += count;
    return sum;
  }

  toJSON() {
    return Object.fromEntries([...this.counts.entries()].sort(([a], [b]) => a.localeCompare(b)));
  }
}

const ms = (value) => (Number.isFinite(value) ? `${value.toFixed(1)} ms` : '–');

function latencyRow(name, d) {
  return `| ${name} | ${d.n} | ${ms(d.p50)} | ${ms(d.p95)} | ${ms(d.p99)} | ${ms(d.max)} |`;
}

/** The human-readable report of {@link import('./signaling-load.mjs').runSignalingLoad}'s result. */
export function formatSignalingReport(result) {
  const { plan, joins, connect, relay, signals, errors, seconds } = result;
  const lines = [
    `signaling load: ${plan.rooms} rooms × ${plan.participants} participants, joins at ${plan.joinRate}/s, ` +
      `${plan.candidates} candidates per connection, held ${plan.holdSeconds} s; ran ${seconds.toFixed(1)} s`,
    '',
    '| latency | samples | p50 | p95 | p99 | max |',
    '|---|---|---|---|---|---|',
    latencyRow('connect → joined', connect),
    latencyRow('signal relay (sender → receiver)', relay),
    '',
    `joins: ${joins.ok} of ${joins.planned} joined; signals: ${signals.sent} sent, ${signals.received} received ` +
      `(${signals.sent - signals.received} not delivered); throughput ${(signals.received / Math.max(seconds, 0.001)).toFixed(0)} relayed signals/s`,
    `errors: ${errors.total === 0 ? 'none' : Object.entries(errors.toJSON()).map(([kind, n]) => `${kind} ${n}`).join(', ')}`,
  ];
  return lines.join('\n');
}

export function formatTurnReport(result) {
  const { plan, sessions, sent, received, lossPercent, packetsPerSecond, rtt, jitter, errors } = result;
  return [
    `TURN load: ${plan.clients} relay clients × ${plan.messages} packets of ${plan.bytes} bytes every ${plan.intervalMs} ms, ` +
      `${plan.transport.toUpperCase()}, client to client through the relay; ${sessions} credential sets`,
    '',
    `packets: ${sent} sent, ${received} received, loss ${lossPercent.toFixed(2)} %, ${packetsPerSecond.toFixed(0)} packets/s received`,
    `round trip: mean ${ms(rtt.mean)}, max ${ms(rtt.max)}; jitter: mean ${ms(jitter.mean)}, max ${ms(jitter.max)}`,
    `errors: ${errors.total === 0 ? 'none' : Object.entries(errors.toJSON()).map(([kind, n]) => `${kind} ${n}`).join(', ')}`,
  ].join('\n');
}
