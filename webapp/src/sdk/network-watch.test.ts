import { describe, expect, it } from 'vitest';
import { NETWORK_DEFAULTS } from './defaults';
import { watchNetwork, watchPageWake, type ConnectionLike, type NetworkChange, type PageWake } from './network-watch';

class FakeConnection extends EventTarget implements ConnectionLike {
  type?: string = 'wifi';
}

function watched() {
  const window = new EventTarget();
  const connection = new FakeConnection();
  let clock = 1_000_000;
  const changes: NetworkChange[] = [];
  const stop = watchNetwork((c) => changes.push(c), { window, connection, now: () => clock });
  return { window, connection, changes, stop, advance: (ms: number) => (clock += ms) };
}

describe('watchNetwork', () => {
  it('reports the device coming back online', () => {
    const { window, changes } = watched();
    window.dispatchEvent(new Event('online'));
    expect(changes).toEqual(['online']);
  });

  it('reports a change of connection type, but not a change of the bandwidth estimate alone', () => {
    const { connection, changes, advance } = watched();
    connection.dispatchEvent(new Event('change'));
    expect(changes).toEqual([]);
    connection.type = 'cellular';
    connection.dispatchEvent(new Event('change'));
    advance(NETWORK_DEFAULTS.coalesceMs);
    connection.dispatchEvent(new Event('change'));
    expect(changes).toEqual(['connection-type']);
  });

  it('counts events of one move as one change, and a later move again', () => {
    const { window, connection, changes, advance } = watched();
    window.dispatchEvent(new Event('online'));
    connection.type = 'ethernet';
    connection.dispatchEvent(new Event('change'));
    expect(changes).toEqual(['online']);
    advance(NETWORK_DEFAULTS.coalesceMs);
    window.dispatchEvent(new Event('online'));
    expect(changes).toEqual(['online', 'online']);
  });

  it('stops listening when unsubscribed', () => {
    const { window, changes, stop } = watched();
    stop();
    window.dispatchEvent(new Event('online'));
    expect(changes).toEqual([]);
  });
});

describe('watchPageWake', () => {
  function woken() {
    const window = new EventTarget();
    const document = Object.assign(new EventTarget(), { visibilityState: 'hidden' });
    const wakes: PageWake[] = [];
    const stop = watchPageWake((w) => wakes.push(w), { window, document });
    return { window, document, wakes, stop };
  }

  it('reports the page becoming visible, but not hidden', () => {
    const { document, wakes } = woken();
    document.dispatchEvent(new Event('visibilitychange'));
    expect(wakes).toEqual([]);
    document.visibilityState = 'visible';
    document.dispatchEvent(new Event('visibilitychange'));
    expect(wakes).toEqual(['visible']);
  });

  it('reports a page restored from the back/forward cache and a resumed page, not a first load', () => {
    const { window, document, wakes } = woken();
    window.dispatchEvent(Object.assign(new Event('pageshow'), { persisted: false }));
    window.dispatchEvent(Object.assign(new Event('pageshow'), { persisted: true }));
    document.dispatchEvent(new Event('resume'));
    expect(wakes).toEqual(['pageshow', 'resume']);
  });

  it('stops listening when unsubscribed', () => {
    const { document, wakes, stop } = woken();
    stop();
    document.dispatchEvent(new Event('resume'));
    expect(wakes).toEqual([]);
  });
});
