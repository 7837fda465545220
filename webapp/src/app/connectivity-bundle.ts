/**
 * The network check of the pre-join screen with its words, loaded only when the check runs, so that the first
 * paint carries none of it.
 */
import { checkConnectivity } from '../sdk/connectivity-check';
import type { ConnectivityReport, Explanation } from '../sdk/connectivity';
import { describeProbeIn, explainIn } from './connectivity-words';

/** A finished check, with its explanation and one label per probe (in `report.probes` order). */
export interface ExplainedCheck {
  report: ConnectivityReport;
  words: Explanation;
  labels: string[];
}

export async function runCheck(link: { roomId: string; token: string }, apiUrl: string, signal: AbortSignal): Promise<ExplainedCheck> {
  const report = await checkConnectivity(link, { apiUrl, signal });
  return { report, words: explainIn(report), labels: report.probes.map(describeProbeIn) };
}
