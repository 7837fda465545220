// The arithmetic and layout behind `./otter bench` (e2e/bench/report.mjs); no bench is run here.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CALL_SHAPE, callCost, formatTable, occurrences, parseProbe, parseSignalRelay, row } from '../bench/report.mjs';

const prices = {
  apiGatewayHttpPerMillionRequests: 1,
  apiGatewayWebSocketPerMillionMessages: 1,
  apiGatewayWebSocketPerMillionConnectionMinutes: 0.25,
  lambdaPerMillionRequests: 0.2,
  lambdaArm64PerGbSecond: 0.0000133334,
  dynamoDbOnDemandPerMillionReadUnits: 0.125,
  dynamoDbOnDemandPerMillionWriteUnits: 0.625,
};
const phase = (name, fields) => ({ phase: name, dynamoDbRequests: {}, readUnits: 0, writeUnits: 0, lambdaInvocations: 0, apiRequests: 0,
  wsMessagesIn: 0, wsMessagesOut: 0, ...fields });

test('a 30-minute two-person call has 24 signals, 14 pings and each per-person phase twice', () => {
  assert.equal(occurrences('signal (each)'), 24);
  assert.equal(occurrences('ping (each)'), 14);
  assert.equal(occurrences('leave (per person)'), 2);
  assert.equal(occurrences('create room'), 1);
  assert.throws(() => occurrences('something new'), /no occurrence rule/);
});

test('dollars per 1,000 calls add each price times its count', () => {
  const probe = { medianInvocationMs: 100, phases: [
    phase('create room', { dynamoDbRequests: { PutItem: 1, GetItem: 1 }, readUnits: 1, writeUnits: 1, lambdaInvocations: 2, apiRequests: 1 }),
    phase('signal (each)', { dynamoDbRequests: { GetItem: 1 }, readUnits: 1, lambdaInvocations: 1, wsMessagesIn: 1, wsMessagesOut: 1 }),
  ] };
  const cost = callCost(probe, prices, { shape: CALL_SHAPE, memoryMb: 1024 });
  const create = cost.phases[0];
  // 2 invocations: $0.4e-6 + 2 x 0.1 GB-s x $0.0000133334; 1 HTTP request $1e-6; 1 RRU $0.125e-6; 1 WRU $0.625e-6.
  const createPerCall = 2 * 0.2e-6 + 0.2 * 0.0000133334 + 1e-6 + 0.125e-6 + 0.625e-6;
  assert.ok(Math.abs(create.per1000 - createPerCall * 1000) < 1e-12);
  const signals = cost.phases[1];
  assert.equal(signals.times, 24);
  assert.equal(signals.requests, 24);
  assert.equal(signals.readUnits, 24);
  const signalsPerCall = 24 * (0.2e-6 + 0.1 * 0.0000133334 + 2 * 1e-6 + 0.125e-6);
  assert.ok(Math.abs(signals.per1000 - signalsPerCall * 1000) < 1e-12);
  const minutes = cost.phases[2];
  assert.equal(minutes.phase, 'WebSocket connection-minutes');
  assert.ok(Math.abs(minutes.per1000 - 60 * 0.25e-6 * 1000) < 1e-12);
  assert.ok(Math.abs(cost.total - (create.per1000 + signals.per1000 + minutes.per1000)) < 1e-12);
});

test('a row shows figure, baseline and their ratio, or a dash when there is no numeric baseline', () => {
  assert.deepEqual(row('cold start', 300, 200, 'ms', 'n'), { name: 'cold start', figure: '300 ms', baseline: '200 ms', ratio: '1.50×', note: 'n' });
  assert.equal(row('call set-up', 'not available', undefined, '').ratio, '—');
  assert.equal(row('call set-up', 'not available', undefined, '').baseline, '—');
  assert.deepEqual(row('relay idle', 4.2, 0, 'ms'), { name: 'relay idle', figure: '4.20 ms', baseline: '≈ 0 ms', ratio: '—', note: '' });
  const table = formatTable([row('a', 1.234, 2, 'MB')]).split('\n');
  assert.equal(table.length, 3);
  assert.equal(table[2], '| a | 1.23 MB | 2.00 MB | 0.62× |  |');
});

test('the signal-relay output and the probe line are read back into numbers', () => {
  const printed = [
    'signal round trip, 500 pairs; ...',
    '| relay | idle p50 | idle p99 | burst p50 (median of 5) | burst p99 (median of 5) |',
    '|---|---|---|---|---|',
    '| local Otter (dynalite) | 3.1 ms | 9.0 ms | 40.2 ms | 80.5 ms |',
    '| in-memory relay | 0.4 ms | 1.0 ms | 20.1 ms | 30.0 ms |',
    'burst ratio Otter/relay, median of 5: p50 2.0x (1.9, 2.0, 2.1), p99 2.7x (2.5, 2.7, 2.9)',
  ].join('\n');
  const s = parseSignalRelay(printed);
  assert.deepEqual(s.idle.p50, [3.1, 0.4]);
  assert.deepEqual(s.burst.p99, [80.5, 30.0]);
  assert.deepEqual(s.burstRatio, { p50: 2.0, p99: 2.7 });
  assert.deepEqual(parseProbe('\u001b[0mnoise {"phases":[],"medianInvocationMs":5}\n'), { phases: [], medianInvocationMs: 5 });
});
