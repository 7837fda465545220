import { useEffect, useRef, useState } from 'react';
import { CONNECTIVITY_DEFAULTS } from '../sdk/defaults';
import { PairState } from '../sdk/peer-session';
import { ProbeOutcome } from '../sdk/connectivity';
import type { Room } from '../sdk/room';
import { describeProbeIn, explainIn } from './connectivity-words';
import { list, t } from './i18n';
import { Rich } from './i18n/Rich';

/**
 * In the call: a participant still not connected after CONNECTIVITY_DEFAULTS.connectBoundMs gets a notice that
 * says why, from the check run before joining (which paths failed), instead of a tile that spins for ever.
 */
export function ConnectTrouble({ room }: { room: Room }) {
  const [, tick] = useState(0);
  /** When each participant not connected was first seen so. */
  const since = useRef(new Map<string, number>()).current;
  useEffect(() => {
    const timer = setInterval(() => tick((n) => n + 1), 1_000);
    return () => clearInterval(timer);
  }, []);
  const now = Date.now();
  const stuck: string[] = [];
  for (const p of room.participants) {
    if (p.pairState === PairState.Connected) {
      since.delete(p.peerId);
      continue;
    }
    if (!since.has(p.peerId)) since.set(p.peerId, now);
    if (now - since.get(p.peerId)! >= CONNECTIVITY_DEFAULTS.connectBoundMs) stuck.push(p.name || t('common.aParticipant'));
  }
  for (const peerId of since.keys()) if (!room.participants.some((p) => p.peerId === peerId)) since.delete(peerId);
  if (stuck.length === 0) return null;
  const report = room.connectivity;
  const failed = report ? report.probes.filter((p) => p.outcome === ProbeOutcome.Failed).map(describeProbeIn) : [];
  const words = report ? explainIn(report) : null;
  return (
    <div className="banner" role="alert" data-testid="connect-trouble" data-verdict={report?.verdict ?? 'unknown'}>
      <Rich k="trouble.stuck" params={{ names: <b>{list(stuck)}</b> }} />{' '}
      {words && !words.ok
        ? `${words.headline} ${words.advice}`
        : failed.length > 0
          ? t('trouble.failedPaths', { paths: list(failed) })
          : t('trouble.fine')}
    </div>
  );
}
