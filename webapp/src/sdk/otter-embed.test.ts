import { readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';

/** `public/otter-embed.js`, the script developers load with a plain <script> tag; run here against fake DOM objects. */
const SOURCE = readFileSync(new URL('../../public/otter-embed.js', import.meta.url), 'utf8');
const ROOM = 'https://meet.example.com/room/r1#token=eyJhbGciOiJIUzI1NiJ9.e30.c2ln';
const ROOM_ORIGIN = 'https://meet.example.com';

class FakeFrameWindow {
  readonly posted: { message: unknown; targetOrigin: string }[] = [];
  postMessage(message: unknown, targetOrigin: string): void {
    this.posted.push({ message, targetOrigin });
  }
}

class FakeIframe {
  readonly attributes: Record<string, string> = {};
  readonly style: Record<string, string> = {};
  readonly contentWindow = new FakeFrameWindow();
  src = '';
  parentNode: FakeElement | null = null;
  setAttribute(name: string, value: string): void {
    this.attributes[name] = value;
  }
}

class FakeElement {
  readonly children: FakeIframe[] = [];
  appendChild(child: FakeIframe): void {
    child.parentNode = this;
    this.children.push(child);
  }
  removeChild(child: FakeIframe): void {
    this.children.splice(this.children.indexOf(child), 1);
    child.parentNode = null;
  }
}

interface Handle {
  iframe: FakeIframe;
  leave(): void;
  toggleMic(): void;
  toggleCamera(): void;
  destroy(): void;
}

function loadPage() {
  const listeners = new Set<(event: unknown) => void>();
  const container = new FakeElement();
  const window = {
    addEventListener: (_: string, l: (event: unknown) => void) => listeners.add(l),
    removeEventListener: (_: string, l: (event: unknown) => void) => listeners.delete(l),
  } as Record<string, unknown>;
  const document = {
    createElement: (tag: string) => {
      expect(tag).toBe('iframe');
      return new FakeIframe();
    },
    querySelector: (selector: string) => (selector === '#call' ? container : null),
  };
  runInNewContext(SOURCE, { window, document, location: { href: 'https://shop.example/account' }, URL });
  const Otter = window.Otter as { embed(container: unknown, url: string, options?: unknown): Handle };
  const deliver = (data: unknown, origin: string, source: unknown) => listeners.forEach((l) => l({ data, origin, source }));
  return { Otter, container, listeners, deliver };
}

describe('otter-embed.js', () => {
  it('stays under 3 kB', () => {
    expect(Buffer.byteLength(SOURCE)).toBeLessThan(3 * 1024);
  });

  it('creates the room iframe with the media permissions and an origin-only referrer', () => {
    const { Otter, container } = loadPage();
    const call = Otter.embed(container, ROOM);
    expect(container.children).toEqual([call.iframe]);
    expect(call.iframe.src).toBe(ROOM);
    expect(call.iframe.attributes.allow).toBe('camera; microphone; display-capture; autoplay');
    expect(call.iframe.attributes.referrerpolicy).toBe('origin');
  });

  it('passes the lang option on to the room as ?lang=, keeping the link fragment', () => {
    const { Otter, container } = loadPage();
    expect(Otter.embed(container, ROOM, { lang: 'de' }).iframe.src).toBe('https://meet.example.com/room/r1?lang=de#token=eyJhbGciOiJIUzI1NiJ9.e30.c2ln');
    expect(Otter.embed(container, `${ROOM.replace('#', '?debug#')}`, { lang: 'es' }).iframe.src).toMatch(/\/room\/r1\?debug=&lang=es#token=/);
  });

  it('finds the container by selector', () => {
    const { Otter, container } = loadPage();
    Otter.embed('#call', ROOM);
    expect(container.children).toHaveLength(1);
    expect(() => Otter.embed('#nothing', ROOM)).toThrow(/container/);
  });

  it('refuses a room link that is not https', () => {
    const { Otter, container } = loadPage();
    expect(() => Otter.embed(container, 'http://meet.example.com/room/r1#token=x')).toThrow(/https/);
    expect(() => Otter.embed(container, 'javascript:alert(1)')).toThrow(/https/);
    expect(() => Otter.embed(container, 'http://localhost:5173/room/r1#token=x')).not.toThrow();
  });

  it('passes on events from the room iframe and its origin only', () => {
    const { Otter, container, deliver } = loadPage();
    const events: unknown[] = [];
    const call = Otter.embed(container, ROOM, { onEvent: (e: unknown) => events.push(e) });
    const joined = { source: 'otter', type: 'joined', roomId: 'r1', peerId: 'p1', role: 'guest' };
    deliver(joined, ROOM_ORIGIN, call.iframe.contentWindow);
    deliver({ source: 'otter', type: 'ended' }, 'https://evil.example', call.iframe.contentWindow);
    deliver({ source: 'otter', type: 'ended' }, ROOM_ORIGIN, new FakeFrameWindow());
    deliver({ type: 'ended' }, ROOM_ORIGIN, call.iframe.contentWindow);
    deliver('ended', ROOM_ORIGIN, call.iframe.contentWindow);
    expect(events).toEqual([joined]);
  });

  it('sends commands to the room origin only', () => {
    const { Otter, container } = loadPage();
    const call = Otter.embed(container, ROOM);
    call.toggleMic();
    call.toggleCamera();
    call.leave();
    expect(call.iframe.contentWindow.posted).toEqual([
      { message: { source: 'otter', type: 'toggle-mic' }, targetOrigin: ROOM_ORIGIN },
      { message: { source: 'otter', type: 'toggle-camera' }, targetOrigin: ROOM_ORIGIN },
      { message: { source: 'otter', type: 'leave' }, targetOrigin: ROOM_ORIGIN },
    ]);
  });

  it('removes the iframe and stops listening on destroy', () => {
    const { Otter, container, listeners } = loadPage();
    const call = Otter.embed(container, ROOM);
    expect(listeners.size).toBe(1);
    call.destroy();
    expect(container.children).toEqual([]);
    expect(listeners.size).toBe(0);
  });
});
