import type { Room } from '../sdk/room';

/** The parts of a Room the guard uses. */
export type GuardedRoom = Pick<Room, 'leave' | 'media'>;

/**
 * The rooms this page joined, so that a render crash can end them: React unmounting the call screen does not
 * leave the room. Each mount of the app is one generation; a room that an app of an earlier generation joins
 * after the crash (its join was under way) is left as soon as it arrives.
 */
export class CallGuard {
  private readonly rooms = new Set<GuardedRoom>();
  private current = 0;

  /** The generation of the app mounted now; pass it to `track`. */
  get generation(): number {
    return this.current;
  }

  /** A room joined by the app of `generation`; left at once if that app has crashed since. */
  track(room: GuardedRoom, generation: number): void {
    if (generation !== this.current) {
      for (const error of leave(room)) console.error('Leaving a room after a crash failed.', error);
      return;
    }
    this.rooms.add(room);
  }

  /**
   * Leaves every room (closing its connections, stopping camera, microphone and screen) and starts a new
   * generation. A room whose `leave` throws still has its media stopped, and the others are still left;
   * the errors are returned for the caller to report.
   */
  crash(): unknown[] {
    this.current++;
    const errors = [...this.rooms].flatMap((room) => leave(room));
    this.rooms.clear();
    return errors;
  }
}

function leave(room: GuardedRoom): unknown[] {
  const errors: unknown[] = [];
  for (const step of [() => room.leave(), () => room.media.stop()]) {
    try {
      step();
    } catch (error) {
      errors.push(error);
    }
  }
  return errors;
}
