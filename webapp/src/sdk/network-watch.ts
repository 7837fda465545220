import { NETWORK_DEFAULTS } from './defaults';

/** `navigator.connection` where the browser has it (Chromium): only its `type` says the device changed networks. */
export interface ConnectionLike extends EventTarget {
  readonly type?: string;
}

export interface NetworkSources {
  /** Fires `online` when the device is back on a network (the page's `window`). */
  window?: EventTarget | null;
  /** Fires `change`; only a change of `type` (wifi, cellular, ethernet…) counts, not of the bandwidth estimate. */
  connection?: ConnectionLike | null;
  now?: () => number;
}

export type NetworkChange = 'online' | 'connection-type';

function browserSources(): NetworkSources {
  const hasWindow = typeof window !== 'undefined';
  const connection = typeof navigator !== 'undefined' ? (navigator as { connection?: ConnectionLike }).connection : undefined;
  return { window: hasWindow ? window : null, connection: connection ?? null };
}

/**
 * Calls `onChange` when the device's network changes: the browser says it is `online` again, or the connection type
 * changed. Changes within NETWORK_DEFAULTS.coalesceMs of the last one reported are one change (both events
 * usually fire for one move). Returns the unsubscribe function.
 */
export function watchNetwork(onChange: (change: NetworkChange) => void, sources: NetworkSources = browserSources()): () => void {
  const now = sources.now ?? Date.now;
  let lastReported = -Infinity;
  let lastType = sources.connection?.type;
  const report = (change: NetworkChange) => {
    const at = now();
    if (at - lastReported < NETWORK_DEFAULTS.coalesceMs) return;
    lastReported = at;
    onChange(change);
  };
  const onOnline = () => report('online');
  const onConnection = () => {
    const type = sources.connection?.type;
    if (type === undefined || type === lastType) return;
    lastType = type;
    report('connection-type');
  };
  sources.window?.addEventListener('online', onOnline);
  sources.connection?.addEventListener('change', onConnection);
  return () => {
    sources.window?.removeEventListener('online', onOnline);
    sources.connection?.removeEventListener('change', onConnection);
  };
}
