import { Probe, ProbeOutcome, Verdict, type ConnectivityReport, type Explanation, type ProbeResult } from '../sdk/connectivity';
import { list, t } from './i18n';

/**
 * The network check in the person's language: the same verdicts and advice as the SDK's English `explain`
 * (sdk/connectivity.ts), worded from the catalog (`check.*`).
 */
export function describeProbeIn(result: Pick<ProbeResult, 'probe' | 'url'>): string {
  const port = portOf(result.url);
  const name = t(`check.probe.${result.probe}`);
  return port ? t('check.probeOnPort', { probe: name, port }) : name;
}

function portOf(url: string | null | undefined): string | undefined {
  return url ? /:(\d+)(?:\?|$)/.exec(url)?.[1] : undefined;
}

export function explainIn(report: ConnectivityReport): Explanation {
  const failed = report.probes.filter((p) => p.outcome === ProbeOutcome.Failed).map(describeProbeIn);
  const relay = report.probes.find((p) => p.url && p.probe !== Probe.Direct)?.url;
  const [, host = 'our relay', port = '3478'] = (relay && /^turns?:([^:?]+):(\d+)/.exec(relay)) || [];
  const tls = report.probes.find((p) => p.probe === Probe.RelayTls)?.url;
  const tlsPort = tls ? (portOf(tls) ?? '443') : null;
  const best = report.probes.find((p) => p.url === report.workingRelays[0]);
  const ok = (headline: string, detail: string): Explanation => ({ ok: true, headline, detail, advice: '', failed });
  switch (report.verdict) {
    case Verdict.Direct:
      return report.probes.some((p) => p.probe !== Probe.Direct && p.probe !== Probe.Server && p.outcome === ProbeOutcome.Passed) ||
        !report.probes.some((p) => p.url && p.probe !== Probe.Direct)
        ? ok(t('check.direct.headline'), t('check.direct.detail'))
        : ok(t('check.directNoRelay.headline'), t('check.directNoRelay.detail'));
    case Verdict.Relayed:
      return ok(t('check.relayed.headline'), t('check.relayed.detail'));
    case Verdict.RelayedOverTcp:
      return ok(
        t('check.overTcp.headline', { path: best ? describeProbeIn(best) : t('check.probe.relay-tcp') }),
        t('check.overTcp.detail'),
      );
    case Verdict.Blocked:
      return {
        ok: false,
        headline: t('check.blocked.headline'),
        detail: t('check.blocked.detail', { paths: failed.length > 0 ? list(failed) : t('check.blocked.everyPath') }),
        advice: tlsPort ? t('check.blocked.adviceTls', { host, port, tlsPort }) : t('check.blocked.advice', { host, port }),
        failed,
      };
    case Verdict.Untested:
      return ok(t('check.untested.headline'), t('check.untested.detail'));
    case Verdict.ServerUnreachable:
      return {
        ok: false,
        headline: t('check.unreachable.headline'),
        detail: t('check.unreachable.detail'),
        advice: t('check.unreachable.advice'),
        failed,
      };
  }
}
