/**
 * The room app's side of embedding: when the room runs in an iframe, it tells the parent page what happens
 * and takes a few commands from it, over `postMessage`, with origins checked against the room's
 * `embedOrigins` (docs/http-api.md). With no origin listed it talks to no parent.
 *
 * Every message, both ways, is a plain object `{ source: 'otter', type, ...payload }`:
 *
 * | direction | type | payload |
 * |-----------|------|---------|
 * | room → parent | `joined` | `roomId`, `peerId`, `role` (`host`/`guest`) |
 * | room → parent | `participant-joined` | `peerId`, `name`, `role` |
 * | room → parent | `participant-left` | `peerId`, `reason` (`left`, `removed`, `gone`) |
 * | room → parent | `left` | `reason`: `left` (the user or a `leave` command), `removed` (by the host), `error` |
 * | room → parent | `ended` | — (the room was ended for everyone) |
 * | parent → room | `leave`, `toggle-mic`, `toggle-camera` | — |
 *
 * Events go to `window.parent` only, and always with the parent's own origin as `targetOrigin` (never `'*'`),
 * so the browser drops them if the parent is not that origin. Commands count only when they come from
 * `window.parent` with an allowed `event.origin`; anything else is ignored without an answer.
 */

import type { PeerLeftReason, Role } from './protocol';

export const EMBED_SOURCE = 'otter';

export interface EmbedEventMap {
  joined: { roomId: string; peerId: string; role: Role };
  'participant-joined': { peerId: string; name: string; role: Role };
  'participant-left': { peerId: string; reason: PeerLeftReason };
  left: { reason: 'left' | 'removed' | 'error' };
  ended: Record<string, never>;
}

export type EmbedEventType = keyof EmbedEventMap;

/** An event as the parent page receives it in `event.data`. */
export type EmbedEventMessage = {
  [K in EmbedEventType]: { source: typeof EMBED_SOURCE; type: K } & EmbedEventMap[K];
}[EmbedEventType];

export const EMBED_COMMANDS = ['leave', 'toggle-mic', 'toggle-camera'] as const;
export type EmbedCommand = (typeof EMBED_COMMANDS)[number];

/** A command as the parent page sends it. */
export interface EmbedCommandMessage {
  source: typeof EMBED_SOURCE;
  type: EmbedCommand;
}

/** The part of `window` the bridge uses; the real `window` fits it, and tests pass a fake. */
export interface EmbedHost {
  readonly parent: { postMessage(message: unknown, targetOrigin: string): void };
  readonly location: { readonly ancestorOrigins?: { readonly length: number; readonly [index: number]: string } };
  readonly document: { readonly referrer: string };
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  removeEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
}

export interface EmbedBridgeOptions {
  host: EmbedHost;
  /** The room's `embedOrigins`, as `GET /room/{id}` returns them. */
  embedOrigins: readonly string[];
  onCommand: (command: EmbedCommand) => void;
}

/**
 * The parent page's origin if it is allowed, else null. `location.ancestorOrigins` (Chromium, Safari) is set
 * by the browser; Firefox lacks it, so the referrer's origin stands in (the `otter-embed.js` iframe sends one
 * with `referrerpolicy="origin"`). A wrong guess cannot leak anything: `postMessage` delivers only to a
 * parent that really has the target origin.
 */
export function allowedParentOrigin(host: EmbedHost, embedOrigins: readonly string[]): string | null {
  if (!isFramed(host)) return null;
  const ancestors = host.location.ancestorOrigins;
  let origin: string | null = null;
  if (ancestors && ancestors.length > 0) {
    origin = ancestors[0];
  } else if (host.document.referrer) {
    try {
      origin = new URL(host.document.referrer).origin;
    } catch {
      origin = null;
    }
  }
  return origin !== null && embedOrigins.includes(origin) ? origin : null;
}

function isFramed(host: EmbedHost): boolean {
  return (host.parent as unknown) !== host;
}

export class EmbedBridge {
  private origin: string | null;
  private closed = false;
  private readonly listener = (event: MessageEvent) => this.onMessage(event);

  /** Starts listening when the room runs framed and lists at least one origin; otherwise null (nothing to do). */
  static attach(options: EmbedBridgeOptions): EmbedBridge | null {
    if (!isFramed(options.host) || options.embedOrigins.length === 0) return null;
    return new EmbedBridge(options);
  }

  private constructor(private readonly options: EmbedBridgeOptions) {
    this.origin = allowedParentOrigin(options.host, options.embedOrigins);
    options.host.addEventListener('message', this.listener);
  }

  /**
   * The origin events go to: known from the start, or learned from the first valid command when the browser
   * gave neither ancestor origins nor a referrer.
   */
  get parentOrigin(): string | null {
    return this.origin;
  }

  /** Posts an event to the parent; false when no allowed parent origin is known (the event is dropped). */
  post<K extends EmbedEventType>(type: K, payload: EmbedEventMap[K]): boolean {
    if (this.closed || this.origin === null) return false;
    this.options.host.parent.postMessage({ ...payload, source: EMBED_SOURCE, type }, this.origin);
    return true;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.options.host.removeEventListener('message', this.listener);
  }

  private onMessage(event: MessageEvent): void {
    if ((event.source as unknown) !== this.options.host.parent) return;
    if (!this.options.embedOrigins.includes(event.origin)) return;
    if (this.origin !== null && event.origin !== this.origin) return;
    const command = parseCommand(event.data);
    if (command === null) return;
    this.origin ??= event.origin;
    this.options.onCommand(command);
  }
}

function parseCommand(data: unknown): EmbedCommand | null {
  if (typeof data !== 'object' || data === null) return null;
  const { source, type } = data as { source?: unknown; type?: unknown };
  if (source !== EMBED_SOURCE) return null;
  return (EMBED_COMMANDS as readonly unknown[]).includes(type) ? (type as EmbedCommand) : null;
}
