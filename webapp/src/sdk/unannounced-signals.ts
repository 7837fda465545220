import { UNANNOUNCED_PEER_DEFAULTS } from './defaults';
import type { SignalData } from './protocol';

export interface UnannouncedSignalsOptions {
  /** Called once per peer whose held signals were dropped because signaling never announced it in time. */
  onExpired: (peerId: string, signals: number) => void;
  holdMs?: number;
  maxPeers?: number;
  maxSignalsPerPeer?: number;
  setTimer?: (run: () => void, ms: number) => unknown;
  clearTimer?: (timer: unknown) => void;
}

interface Held {
  signals: SignalData[];
  timer: unknown;
}

/**
 * Signals from peers that signaling has not announced to us. The SDK never opens a connection for such a peer:
 * their signals wait here, briefly and in bounded number, for the `peer-joined` that may still be on its way
 * (docs/signaling.md, "Order": the server answers the newcomer before it tells the others), and are dropped if
 * it does not come.
 */
export class UnannouncedSignals {
  private readonly held = new Map<string, Held>();
  private readonly holdMs: number;
  private readonly maxPeers: number;
  private readonly maxSignalsPerPeer: number;
  private readonly setTimer: (run: () => void, ms: number) => unknown;
  private readonly clearTimer: (timer: unknown) => void;

  constructor(private readonly options: UnannouncedSignalsOptions) {
    this.holdMs = options.holdMs ?? UNANNOUNCED_PEER_DEFAULTS.holdMs;
    this.maxPeers = options.maxPeers ?? UNANNOUNCED_PEER_DEFAULTS.maxPeers;
    this.maxSignalsPerPeer = options.maxSignalsPerPeer ?? UNANNOUNCED_PEER_DEFAULTS.maxSignalsPerPeer;
    this.setTimer = options.setTimer ?? ((run, ms) => setTimeout(run, ms));
    this.clearTimer = options.clearTimer ?? ((timer) => clearTimeout(timer as ReturnType<typeof setTimeout>));
  }

  /** Holds one signal; false when it was refused (too many peers or signals held), so the caller drops it. */
  hold(peerId: string, data: SignalData): boolean {
    let entry = this.held.get(peerId);
    if (!entry) {
      if (this.held.size >= this.maxPeers) return false;
      entry = { signals: [], timer: null };
      const held = entry;
      entry.timer = this.setTimer(() => {
        if (this.held.get(peerId) !== held) return;
        this.held.delete(peerId);
        this.options.onExpired(peerId, held.signals.length);
      }, this.holdMs);
      this.held.set(peerId, entry);
    }
    if (entry.signals.length >= this.maxSignalsPerPeer) return false;
    entry.signals.push(data);
    return true;
  }

  /** The peer was announced: its held signals, in arrival order, to be handled now. */
  take(peerId: string): SignalData[] {
    const entry = this.held.get(peerId);
    if (!entry) return [];
    this.forget(peerId);
    return entry.signals;
  }

  /** Drops whatever a peer that left had sent. */
  forget(peerId: string): void {
    const entry = this.held.get(peerId);
    if (!entry) return;
    this.clearTimer(entry.timer);
    this.held.delete(peerId);
  }

  clear(): void {
    for (const peerId of [...this.held.keys()]) this.forget(peerId);
  }

  get peers(): string[] {
    return [...this.held.keys()];
  }
}
