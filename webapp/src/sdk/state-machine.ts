/**
 * One explicit state with a table of the transitions allowed from each state. A connection's life (the signaling
 * socket's, a peer pair's) lives in one of these instead of boolean flags, so every change is checked against the
 * table and reported once, as a typed event.
 */

/** A transition the table does not allow: a bug in the SDK, never the network's or the other peer's doing. */
export class IllegalTransitionError extends Error {
  override readonly name = 'IllegalTransitionError';

  constructor(
    readonly machine: string,
    readonly from: string,
    readonly to: string,
  ) {
    super(`${machine}: no transition from ${from} to ${to}`);
  }
}

export interface StateChange<S extends string> {
  state: S;
  previous: S;
}

export interface StateMachineOptions<S extends string> {
  /** Names the machine in errors, e.g. `signaling` or `pair peer-1`. */
  name: string;
  initial: S;
  /** For every state, the states it may move to (a state absent from its own list stays put silently). */
  transitions: { readonly [K in S]: readonly S[] };
  /** Called after every change, once. */
  onChange: (change: StateChange<S>) => void;
  /**
   * Called instead of throwing when an impossible transition is asked for and `strict` is off (production builds):
   * the state stays as it was and the application hears of the bug as an error.
   */
  onIllegal: (error: IllegalTransitionError) => void;
  /** Throw on an impossible transition (default: in development builds and tests). */
  strict?: boolean;
}

/** Development builds (and tests) throw on an impossible transition; production builds report it. */
export const STRICT_TRANSITIONS: boolean = import.meta.env.DEV === true;

export class StateMachine<S extends string> {
  private current: S;

  constructor(private readonly options: StateMachineOptions<S>) {
    this.current = options.initial;
  }

  get state(): S {
    return this.current;
  }

  /** Whether the table allows moving from the current state to `next`. */
  can(next: S): boolean {
    return this.options.transitions[this.current].includes(next);
  }

  /**
   * Moves to `next`; returns whether the state changed. Staying in the same state is not a transition and changes
   * nothing. An impossible transition throws IllegalTransitionError (strict) or is reported and ignored.
   */
  to(next: S): boolean {
    const previous = this.current;
    if (next === previous) return false;
    if (!this.can(next)) {
      const error = new IllegalTransitionError(this.options.name, previous, next);
      if (this.options.strict ?? STRICT_TRANSITIONS) throw error;
      this.options.onIllegal(error);
      return false;
    }
    this.current = next;
    this.options.onChange({ state: next, previous });
    return true;
  }
}
