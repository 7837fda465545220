/**
 * Which tile gets the large spot of the call layout. The most recent screen share still running wins; when it
 * stops, the one before it takes over, and with no share left the active speaker does. Two people who start
 * sharing at the same instant both keep a tile: only the large spot is decided here.
 */

/** The running screen shares, ordered by when this client learned that each started. */
export class ScreenShareTracker {
  private readonly started = new Map<string, number>();

  /**
   * A share started (or restarted, which makes it the most recent again). `at` is this client's clock when it
   * learned of it: remote clocks differ, and "most recent" means most recent to the person looking.
   */
  start(tileId: string, at: number): void {
    this.started.delete(tileId);
    this.started.set(tileId, at);
  }

  /** A share stopped: from the app, from the browser's own "stop sharing" control, or because its peer left. */
  stop(tileId: string): void {
    this.started.delete(tileId);
  }

  /** Running shares, the most recent last; equal times are ordered by tile id so every run agrees. */
  get shares(): string[] {
    return [...this.started.entries()]
      .sort(([a, at], [b, bt]) => at - bt || (a < b ? -1 : a > b ? 1 : 0))
      .map(([id]) => id);
  }
}

export type LargeTile = { kind: 'screen'; tileId: string } | { kind: 'speaker'; tileId: string } | null;

export interface LargeTileInput {
  /** Running shares, the most recent last (`ScreenShareTracker.shares`). */
  shares: readonly string[];
  /** From `ActiveSpeakerDetector`; null when nobody has spoken yet. */
  activeSpeaker: string | null;
  /**
   * The tile of this client's own screen share. It never takes the large spot on the sharer's own screen: it
   * would show the sharer a picture of their screen inside their screen.
   */
  localShare?: string;
}

/** The large tile: the most recent running share other than our own, else the active speaker, else none. */
export function chooseLargeTile({ shares, activeSpeaker, localShare }: LargeTileInput): LargeTile {
  for (let i = shares.length - 1; i >= 0; i--) {
    if (shares[i] !== localShare) return { kind: 'screen', tileId: shares[i] };
  }
  return activeSpeaker === null ? null : { kind: 'speaker', tileId: activeSpeaker };
}
