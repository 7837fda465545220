import { NETWORK_DEFAULTS } from './defaults';

/** `navigator.connection` where the browser has it (Chromium): only its `type` says the device changed networks. */
export interface ConnectionLike extends EventTarget {
  readonly type?: string;
}

/** The page's `document`: `visibilitychange` and `resume` (Page Lifecycle) fire on it. */
export interface DocumentLike extends EventTarget {
  readonly visibilityState?: string;
}

export interface NetworkSources {
  /** Fires `online` when the device is back on a network, `pageshow` when restored (the page's `window`). */
  window?: EventTarget | null;
  document?: DocumentLike | null;
  /** Fires `change`; only a change of `type` (wifi, cellular, ethernet…) counts, not of the bandwidth estimate. */
  connection?: ConnectionLike | null;
  now?: () => number;
}

export type NetworkChange = 'online' | 'connection-type';

function browserSources(): NetworkSources {
  const hasWindow = typeof window !== 'undefined';
  const connection = typeof navigator !== 'undefined' ? (navigator as { connection?: ConnectionLike }).connection : undefined;
  const document = typeof globalThis.document !== 'undefined' ? globalThis.document : null;
  return { window: hasWindow ? window : null, document, connection: connection ?? null };
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

export type PageWake = 'visible' | 'pageshow' | 'resume';

/**
 * Calls `onWake` when the page comes back from the background: it became visible, was restored from the
 * back/forward cache (only `pageshow` fires then) or was resumed after being frozen. A page in the background may
 * have been suspended (iOS does so within seconds), so whatever it holds open may have died meanwhile. Returns
 * the unsubscribe function.
 */
export function watchPageWake(onWake: (wake: PageWake) => void, sources: NetworkSources = browserSources()): () => void {
  const doc = sources.document;
  const onVisibility = () => {
    if (doc?.visibilityState === 'visible') onWake('visible');
  };
  const onPageShow = (event: Event) => {
    if ((event as { persisted?: boolean }).persisted) onWake('pageshow');
  };
  const onResume = () => onWake('resume');
  doc?.addEventListener('visibilitychange', onVisibility);
  doc?.addEventListener('resume', onResume);
  sources.window?.addEventListener('pageshow', onPageShow);
  return () => {
    doc?.removeEventListener('visibilitychange', onVisibility);
    doc?.removeEventListener('resume', onResume);
    sources.window?.removeEventListener('pageshow', onPageShow);
  };
}
