// The in-page timeline of a call's start, for e2e/bench/call-setup.mjs --timeline: every fetch, getUserMedia, the
// signaling socket's messages by type, each RTCPeerConnection's descriptions and ICE/connection states, the Join
// click, and the first frame painted in every <video> (requestVideoFrameCallback, the frame a person sees). Each
// event is stamped in wall-clock milliseconds (performance.timeOrigin + performance.now()), so the events of both
// people's pages line up on the clock the bench starts its stopwatch with.

/** Runs in every page before its scripts (after the harness's RTCPeerConnection tracker): records `window.__timeline`. */
export const TIMELINE_PROBE = () => {
  const events = [];
  Object.defineProperty(window, '__timeline', { value: events });
  const mark = (name) => events.push({ t: performance.timeOrigin + performance.now(), name });
  mark('page start');
  // Main-thread tasks over 50 ms: while one runs, a socket message or a description waits.
  if (PerformanceObserver.supportedEntryTypes?.includes('longtask')) {
    let longTasks = 0;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        const n = ++longTasks;
        events.push({ t: performance.timeOrigin + entry.startTime, name: `long task #${n} start` });
        events.push({ t: performance.timeOrigin + entry.startTime + entry.duration, name: `long task #${n} end` });
      }
    }).observe({ type: 'longtask', buffered: true });
  }
  document.addEventListener('DOMContentLoaded', () => mark('dom ready'));
  document.addEventListener('submit', () => mark('join click'), true);
  // When the name field, and then an enabled Join button, first show: how long the driver takes to press it.
  const watchForm = () => {
    if (!events.some((e) => e.name === 'name field shown') && document.querySelector('#name')) mark('name field shown');
    const button = document.querySelector('[data-testid="join"]');
    if (button && !button.disabled) return mark('join button enabled');
    setTimeout(watchForm, 4);
  };
  setTimeout(watchForm, 4);

  const nativeFetch = window.fetch;
  window.fetch = function (input, init) {
    const url = new URL(typeof input === 'string' ? input : (input.url ?? String(input)), location.href);
    const what = `${init?.method ?? 'GET'} ${url.pathname.replace(/\/room\/[^/]+/, '/room/{id}')}${url.searchParams.get('purpose') ? `?purpose=${url.searchParams.get('purpose')}` : ''}`;
    mark(`${what} sent`);
    const pending = nativeFetch.call(this, input, init);
    pending.then(
      () => mark(`${what} answered`),
      () => mark(`${what} failed`),
    );
    return pending;
  };

  const devices = navigator.mediaDevices;
  if (devices?.getUserMedia) {
    const nativeGum = devices.getUserMedia.bind(devices);
    let calls = 0;
    devices.getUserMedia = (constraints) => {
      const n = ++calls;
      mark(`getUserMedia #${n} asked`);
      const pending = nativeGum(constraints);
      pending.then(
        () => mark(`getUserMedia #${n} opened`),
        () => mark(`getUserMedia #${n} failed`),
      );
      return pending;
    };
  }

  const NativeSocket = window.WebSocket;
  window.WebSocket = class extends NativeSocket {
    constructor(...args) {
      super(...args);
      mark('socket created');
      this.addEventListener('open', () => mark('socket open'));
      this.addEventListener('message', (event) => {
        try {
          const type = JSON.parse(event.data).type;
          // A signal's payload is sealed: its kind (offer, answer, candidate) is not readable here, only its arrival.
          mark(`socket ← ${type}`);
        } catch {
          mark('socket ← (unparsed)');
        }
      });
    }
    send(data) {
      try {
        mark(`socket → ${JSON.parse(data).action}`);
      } catch {
        mark('socket → (unparsed)');
      }
      return super.send(data);
    }
  };

  const NativePeer = window.RTCPeerConnection;
  let peers = 0;
  window.RTCPeerConnection = class extends NativePeer {
    constructor(config, ...rest) {
      super(config, ...rest);
      // The connectivity check's and capability probe's connections are told apart from the call's afterwards
      // (timelineOf): only the call receives media.
      const id = ++peers;
      const label = () => `pc${id}`;
      mark(`pc${id} created${config?.iceTransportPolicy === 'relay' ? ' (relay-only)' : ''}`);
      this.addEventListener('track', (event) => mark(`pc${id} remote ${event.track.kind} track`));
      this.addEventListener('iceconnectionstatechange', () => mark(`${label()} ice ${this.iceConnectionState}`));
      this.addEventListener('connectionstatechange', () => mark(`${label()} connection ${this.connectionState}`));
      this.__label = label;
    }
    async setLocalDescription(...args) {
      mark(`${this.__label()} setLocalDescription asked`);
      const done = await super.setLocalDescription(...args);
      mark(`${this.__label()} local ${this.localDescription?.type} set`);
      return done;
    }
    async setRemoteDescription(description, ...rest) {
      mark(`${this.__label()} remote ${description?.type} asked`);
      const done = await super.setRemoteDescription(description, ...rest);
      mark(`${this.__label()} remote ${description?.type} set`);
      return done;
    }
  };

  // The first frame painted by every <video>: the preview's own camera, or a remote person's (whose stream holds a
  // track received on one of this page's connections).
  const source = Object.getOwnPropertyDescriptor(HTMLMediaElement.prototype, 'srcObject');
  const watched = new WeakSet();
  Object.defineProperty(HTMLMediaElement.prototype, 'srcObject', {
    configurable: true,
    get() {
      return source.get.call(this);
    },
    set(stream) {
      source.set.call(this, stream);
      if (!(this instanceof HTMLVideoElement) || !stream || watched.has(this) || !this.requestVideoFrameCallback) return;
      watched.add(this);
      this.requestVideoFrameCallback(() => {
        const tracks = (source.get.call(this) ?? stream).getVideoTracks();
        const remote = (window.__otterPeerConnections ?? []).some((pc) =>
          pc.getReceivers().some((r) => tracks.includes(r.track)),
        );
        mark(remote ? 'first remote frame painted' : 'first preview frame painted');
      });
    },
  });
};

const median = (values) => {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/**
 * The timeline of one page, as offsets in ms from `start` (a wall-clock instant), first occurrence of each event.
 * The call's connection (the one that received a track) is named `call pc`; the others (connectivity check,
 * capability probe) `other pc`, so calls whose pages opened different numbers of connections line up.
 */
export async function timelineOf(p, start) {
  const events = (await p.evaluate(() => window.__timeline ?? [])) ?? [];
  const calls = new Set(events.map((e) => /^pc(\d+) remote (audio|video) track/.exec(e.name)?.[1]).filter(Boolean));
  const first = new Map();
  for (const { t, name } of events) {
    const named = name.replace(/^pc(\d+)/, (_, id) => (calls.has(id) ? 'call pc' : 'other pc'));
    if (!first.has(named)) first.set(named, Math.round(t - start));
  }
  return first;
}

/**
 * Median offset of every event over the calls, per person, in time order; an event seen in fewer than half of the
 * calls is marked with how often it was seen.
 */
export function summarise(calls) {
  const lines = [];
  for (const who of ['first', 'second']) {
    const all = new Map();
    for (const call of calls) for (const [name, t] of call[who]) all.set(name, [...(all.get(name) ?? []), t]);
    const rows = [...all.entries()].map(([name, ts]) => ({ name, median: median(ts), seen: ts.length }));
    rows.sort((x, y) => x.median - y.median);
    lines.push(`${who} person's page (median ms from opening the first link, ${calls.length} calls):`);
    for (const r of rows) lines.push(`  ${String(Math.round(r.median)).padStart(6)}  ${r.name}${r.seen < calls.length ? `  (in ${r.seen}/${calls.length})` : ''}`);
  }
  return lines.join('\n');
}
