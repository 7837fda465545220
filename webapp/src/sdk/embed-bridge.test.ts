import { describe, expect, it } from 'vitest';
import { allowedParentOrigin, EmbedBridge, type EmbedCommand, type EmbedHost } from './embed-bridge';

// The real window must fit the interface the bridge asks for (compile-time check).
export const windowFits: (w: Window) => EmbedHost = (w) => w;

const APP = 'https://app.example.com';
const OTHER = 'https://partner.example.org:8443';

class FakeParent {
  readonly posted: { message: unknown; targetOrigin: string }[] = [];
  postMessage(message: unknown, targetOrigin: string): void {
    this.posted.push({ message, targetOrigin });
  }
}

class FakeFrame implements EmbedHost {
  readonly parent: FakeParent | FakeFrame;
  readonly location: { ancestorOrigins?: string[] };
  readonly document: { referrer: string };
  private readonly listeners = new Set<(event: MessageEvent) => void>();

  constructor({ ancestorOrigins, referrer = '', top = false }: { ancestorOrigins?: string[]; referrer?: string; top?: boolean }) {
    this.parent = top ? this : new FakeParent();
    this.location = { ancestorOrigins };
    this.document = { referrer };
  }

  get posted() {
    return (this.parent as FakeParent).posted;
  }

  postMessage(): void {}

  addEventListener(_type: 'message', listener: (event: MessageEvent) => void): void {
    this.listeners.add(listener);
  }

  removeEventListener(_type: 'message', listener: (event: MessageEvent) => void): void {
    this.listeners.delete(listener);
  }

  /** Delivers a message as the browser would, with the sender's real origin and window. */
  receive(data: unknown, origin: string, source: unknown = this.parent): void {
    for (const l of [...this.listeners]) l({ data, origin, source } as unknown as MessageEvent);
  }

  get listening(): number {
    return this.listeners.size;
  }
}

function attach(host: FakeFrame, embedOrigins: string[] = [APP]) {
  const commands: EmbedCommand[] = [];
  const bridge = EmbedBridge.attach({ host, embedOrigins, onCommand: (c) => commands.push(c) });
  return { bridge, commands };
}

describe('allowedParentOrigin', () => {
  it('takes the parent origin from ancestorOrigins when the browser gives it', () => {
    expect(allowedParentOrigin(new FakeFrame({ ancestorOrigins: [APP, 'https://top.example'] }), [APP])).toBe(APP);
  });

  it('falls back to the referrer`s origin without ancestorOrigins (Firefox)', () => {
    expect(allowedParentOrigin(new FakeFrame({ referrer: `${APP}/calls/42?tab=video` }), [APP])).toBe(APP);
  });

  it('trusts ancestorOrigins over a referrer that names an allowed origin', () => {
    expect(allowedParentOrigin(new FakeFrame({ ancestorOrigins: ['https://evil.example'], referrer: `${APP}/` }), [APP])).toBeNull();
  });

  it('is null for a parent that is not allowed, or unknown, or when not framed', () => {
    expect(allowedParentOrigin(new FakeFrame({ referrer: 'https://evil.example/' }), [APP])).toBeNull();
    expect(allowedParentOrigin(new FakeFrame({ referrer: 'not a url' }), [APP])).toBeNull();
    expect(allowedParentOrigin(new FakeFrame({}), [APP])).toBeNull();
    expect(allowedParentOrigin(new FakeFrame({ top: true, referrer: `${APP}/` }), [APP])).toBeNull();
  });
});

describe('EmbedBridge events', () => {
  it('posts events to the parent with its origin as targetOrigin, in the documented format', () => {
    const host = new FakeFrame({ ancestorOrigins: [APP] });
    const { bridge } = attach(host);
    expect(bridge!.post('joined', { roomId: 'r1', peerId: 'p1', role: 'guest' })).toBe(true);
    bridge!.post('participant-left', { peerId: 'p2', reason: 'removed' });
    bridge!.post('ended', {});
    expect(host.posted).toEqual([
      { message: { source: 'otter', type: 'joined', roomId: 'r1', peerId: 'p1', role: 'guest' }, targetOrigin: APP },
      { message: { source: 'otter', type: 'participant-left', peerId: 'p2', reason: 'removed' }, targetOrigin: APP },
      { message: { source: 'otter', type: 'ended' }, targetOrigin: APP },
    ]);
  });

  it('posts nothing to a parent whose origin is not allowed', () => {
    const host = new FakeFrame({ ancestorOrigins: ['https://evil.example'] });
    const { bridge } = attach(host);
    expect(bridge!.post('joined', { roomId: 'r1', peerId: 'p1', role: 'guest' })).toBe(false);
    expect(host.posted).toEqual([]);
  });

  it('is not started when the room is not framed or lists no origin', () => {
    expect(attach(new FakeFrame({ top: true }), [APP]).bridge).toBeNull();
    const host = new FakeFrame({ ancestorOrigins: [APP] });
    expect(attach(host, []).bridge).toBeNull();
    expect(host.listening).toBe(0);
  });

  it('learns the parent origin from a valid command when the browser told it nothing', () => {
    const host = new FakeFrame({});
    const { bridge, commands } = attach(host, [APP, OTHER]);
    expect(bridge!.post('left', { reason: 'left' })).toBe(false);
    host.receive({ source: 'otter', type: 'toggle-mic' }, OTHER);
    expect(commands).toEqual(['toggle-mic']);
    expect(bridge!.parentOrigin).toBe(OTHER);
    bridge!.post('left', { reason: 'left' });
    expect(host.posted).toEqual([{ message: { source: 'otter', type: 'left', reason: 'left' }, targetOrigin: OTHER }]);
  });

  it('never lets a payload overwrite the source or type', () => {
    const host = new FakeFrame({ ancestorOrigins: [APP] });
    const { bridge } = attach(host);
    bridge!.post('left', { reason: 'left', source: 'x', type: 'ended' } as never);
    expect(host.posted[0].message).toMatchObject({ source: 'otter', type: 'left' });
  });
});

describe('EmbedBridge commands', () => {
  it('accepts leave, toggle-mic and toggle-camera from the allowed parent', () => {
    const host = new FakeFrame({ ancestorOrigins: [APP] });
    const { commands } = attach(host);
    for (const type of ['toggle-mic', 'toggle-camera', 'leave']) host.receive({ source: 'otter', type }, APP);
    expect(commands).toEqual(['toggle-mic', 'toggle-camera', 'leave']);
  });

  it('ignores commands from an origin that is not allowed', () => {
    const host = new FakeFrame({ ancestorOrigins: [APP] });
    const { commands } = attach(host);
    host.receive({ source: 'otter', type: 'leave' }, 'https://evil.example');
    host.receive({ source: 'otter', type: 'leave' }, 'null');
    expect(commands).toEqual([]);
  });

  it('ignores commands from any window but the parent, even with an allowed origin', () => {
    const host = new FakeFrame({ ancestorOrigins: [APP] });
    const { commands } = attach(host);
    host.receive({ source: 'otter', type: 'leave' }, APP, new FakeParent()); // a popup or sibling frame of the app
    host.receive({ source: 'otter', type: 'leave' }, APP, host); // the room itself
    host.receive({ source: 'otter', type: 'leave' }, APP, null);
    expect(commands).toEqual([]);
  });

  it('ignores an allowed origin other than the known parent`s', () => {
    const host = new FakeFrame({ ancestorOrigins: [APP] });
    const { commands } = attach(host, [APP, OTHER]);
    host.receive({ source: 'otter', type: 'leave' }, OTHER);
    expect(commands).toEqual([]);
  });

  it('ignores malformed and unknown messages', () => {
    const host = new FakeFrame({ ancestorOrigins: [APP] });
    const { commands } = attach(host);
    for (const data of [
      'leave',
      null,
      42,
      { type: 'leave' },
      { source: 'daily', type: 'leave' },
      { source: 'otter', type: 'end-for-all' },
      { source: 'otter', type: 'joined' },
      { source: 'otter', type: ['leave'] },
    ]) {
      host.receive(data, APP);
    }
    expect(commands).toEqual([]);
  });

  it('stops listening and posting once closed', () => {
    const host = new FakeFrame({ ancestorOrigins: [APP] });
    const { bridge, commands } = attach(host);
    bridge!.close();
    host.receive({ source: 'otter', type: 'leave' }, APP);
    expect(bridge!.post('ended', {})).toBe(false);
    expect(commands).toEqual([]);
    expect(host.listening).toBe(0);
    expect(host.posted).toEqual([]);
  });
});
