import type { ProbeOutcome } from '../sdk/connectivity';
import type { ExplainedCheck } from './connectivity-bundle';
import { formatMs, t, type MessageKey } from './i18n';

/** Where the pre-join screen's connectivity check stands. */
export type CheckState = { kind: 'running' } | ({ kind: 'done' } & ExplainedCheck) | { kind: 'unavailable' };

// Keyed by ProbeOutcome's values: the enum itself stays in the lazily loaded check.
const OUTCOME_WORDS: Record<`${ProbeOutcome}`, MessageKey> = {
  passed: 'check.passed',
  failed: 'check.failed',
  'not-offered': 'check.not-offered',
  'not-run': 'check.not-run',
};
const OUTCOME_MARK: Record<`${ProbeOutcome}`, string> = { passed: '✓', failed: '✗', 'not-offered': '–', 'not-run': '–' };

/** The pre-join screen's network check: running, or its verdict in plain words with each path's outcome. */
export function ConnectivityPanel({ state, onRetry }: { state: CheckState; onRetry: () => void }) {
  if (state.kind === 'unavailable') return null;
  if (state.kind === 'running') {
    return (
      <section className="connectivity" data-testid="connectivity" data-state="running" aria-live="polite">
        <p>{t('check.running')}</p>
      </section>
    );
  }
  const { report, words, labels } = state;
  return (
    <section
      className={`connectivity${words.ok ? '' : ' problem'}`}
      data-testid="connectivity"
      data-state="done"
      data-verdict={report.verdict}
      role={words.ok ? 'status' : 'alert'}
    >
      <p data-testid="connectivity-headline">
        <b>{words.headline}</b> {words.detail}
      </p>
      {words.advice && <p data-testid="connectivity-advice">{words.advice}</p>}
      <ul className="probes">
        {report.probes.map((p, i) => (
          <li key={p.probe} data-testid={`probe-${p.probe}`} data-outcome={p.outcome}>
            <span aria-hidden="true">{OUTCOME_MARK[p.outcome]}</span> {labels[i]}: {t(OUTCOME_WORDS[p.outcome])}
            {p.ms !== null && <small> ({formatMs(p.ms)})</small>}
          </li>
        ))}
      </ul>
      <button type="button" onClick={onRetry} data-testid="connectivity-retry">
        {t('check.again')}
      </button>
    </section>
  );
}
