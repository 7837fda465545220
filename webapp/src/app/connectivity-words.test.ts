import { afterEach, describe, expect, it } from 'vitest';
import { Probe, ProbeOutcome, Verdict, explain, interpret, type ProbeResult } from '../sdk/connectivity';
import { explainIn } from './connectivity-words';
import { loadLanguage } from './i18n';

const URLS: Partial<Record<Probe, string>> = {
  [Probe.Direct]: 'stun:turn.example.test:3478',
  [Probe.RelayUdp]: 'turn:turn.example.test:3478?transport=udp',
  [Probe.RelayTcp]: 'turn:turn.example.test:3478?transport=tcp',
  [Probe.RelayTls]: 'turns:turns.example.test:443?transport=tcp',
};
const F = ProbeOutcome.Failed;

function results(outcomes: Partial<Record<Probe, ProbeOutcome>>): ProbeResult[] {
  return Object.values(Probe).map((probe) => {
    const outcome = outcomes[probe] ?? ProbeOutcome.Passed;
    return { probe, outcome, ms: outcome === ProbeOutcome.Passed ? 20 : null, url: URLS[probe] };
  });
}

const NETWORKS: Partial<Record<Probe, ProbeOutcome>>[] = [
  {},
  { [Probe.RelayUdp]: F, [Probe.RelayTcp]: F, [Probe.RelayTls]: F },
  { [Probe.Direct]: F },
  { [Probe.Direct]: F, [Probe.RelayUdp]: F },
  { [Probe.Direct]: F, [Probe.RelayUdp]: F, [Probe.RelayTcp]: F },
  { [Probe.Direct]: F, [Probe.RelayUdp]: F, [Probe.RelayTcp]: F, [Probe.RelayTls]: F },
];

describe('the network check in the person’s language', () => {
  afterEach(() => loadLanguage('en', null));

  it('says in English what the SDK says, verdict by verdict', () => {
    const verdicts = new Set<Verdict>();
    for (const network of [...NETWORKS.map(results), [{ probe: Probe.Server, outcome: F, ms: null }] as ProbeResult[]]) {
      const report = interpret(network);
      verdicts.add(report.verdict);
      const sdk = explain(report);
      const app = explainIn(report);
      // Lists are joined the language's way ("a, b, and c"), the only difference from the SDK's words.
      expect({ ...app, detail: app.detail.replace(', and ', ', ') }).toEqual(sdk);
    }
    expect([...verdicts].sort()).toEqual([Verdict.Blocked, Verdict.Direct, Verdict.Relayed, Verdict.RelayedOverTcp, Verdict.ServerUnreachable].sort());
  });

  it('says it in German', async () => {
    await loadLanguage('de', null);
    const words = explainIn(interpret(results(NETWORKS[5]!)));
    expect(words.headline).toBe('Nichts erreicht unser Relay: Aus diesem Netzwerk kommen keine Anrufe zustande.');
    expect(words.advice).toContain('UDP und TCP zu turn.example.test auf Port 3478 freizugeben (oder wenigstens TLS auf Port 443)');
    expect(words.failed).toContain('Relay über TCP (Port 3478)');
  });
});
