import { describe, expect, it } from 'vitest';
import { PAIR_TRANSITIONS, PairState } from './peer-session';
import { SIGNALING_TRANSITIONS, SignalingState } from './signaling-client';
import { IllegalTransitionError, StateMachine, type StateChange } from './state-machine';

type Light = 'red' | 'green' | 'amber';
const LIGHTS = { red: ['green'], green: ['amber'], amber: ['red'] } as const;

function light(strict: boolean) {
  const changes: StateChange<Light>[] = [];
  const illegal: IllegalTransitionError[] = [];
  const machine = new StateMachine<Light>({
    name: 'light',
    initial: 'red',
    transitions: LIGHTS,
    strict,
    onChange: (c) => changes.push(c),
    onIllegal: (e) => illegal.push(e),
  });
  return { machine, changes, illegal };
}

describe('StateMachine', () => {
  it('moves along the table and reports each change once, with the state it left', () => {
    const { machine, changes } = light(true);
    expect(machine.to('green')).toBe(true);
    expect(machine.to('amber')).toBe(true);
    expect(machine.state).toBe('amber');
    expect(changes).toEqual([
      { state: 'green', previous: 'red' },
      { state: 'amber', previous: 'green' },
    ]);
  });

  it('treats staying in the same state as no change', () => {
    const { machine, changes } = light(true);
    expect(machine.to('red')).toBe(false);
    expect(changes).toEqual([]);
  });

  it('throws on an impossible transition when strict (development builds) and keeps the state', () => {
    const { machine, changes } = light(true);
    expect(() => machine.to('amber')).toThrow(IllegalTransitionError);
    expect(() => machine.to('amber')).toThrow('light: no transition from red to amber');
    expect(machine.state).toBe('red');
    expect(changes).toEqual([]);
  });

  it('reports an impossible transition instead of throwing when not strict (production builds)', () => {
    const { machine, changes, illegal } = light(false);
    expect(machine.to('amber')).toBe(false);
    expect(machine.state).toBe('red');
    expect(changes).toEqual([]);
    expect(illegal.map((e) => [e.from, e.to])).toEqual([['red', 'amber']]);
  });

  it('is strict by default under test (a development build)', () => {
    const machine = new StateMachine<Light>({ name: 'light', initial: 'red', transitions: LIGHTS, onChange: () => {}, onIllegal: () => {} });
    expect(() => machine.to('amber')).toThrow(IllegalTransitionError);
  });
});

/** Every state reachable from `initial` along `table`. */
function reachable<S extends string>(table: { readonly [K in S]: readonly S[] }, initial: S): Set<S> {
  const seen = new Set<S>([initial]);
  const queue: S[] = [initial];
  while (queue.length) for (const next of table[queue.shift()!]) if (!seen.has(next)) seen.add(next), queue.push(next);
  return seen;
}

describe('the transition tables', () => {
  it('signaling: every state is reachable from idle, closed is final and reachable from every other state', () => {
    expect(reachable(SIGNALING_TRANSITIONS, SignalingState.Idle)).toEqual(new Set(Object.values(SignalingState)));
    expect(SIGNALING_TRANSITIONS[SignalingState.Closed]).toEqual([]);
    for (const state of Object.values(SignalingState)) {
      if (state !== SignalingState.Closed) expect(SIGNALING_TRANSITIONS[state]).toContain(SignalingState.Closed);
    }
  });

  it('signaling: only a resume attempt reopens a dropped connection, and a failed attempt goes back to reconnecting', () => {
    expect(SIGNALING_TRANSITIONS[SignalingState.Reconnecting]).not.toContain(SignalingState.Open);
    expect(SIGNALING_TRANSITIONS[SignalingState.Resuming]).toContain(SignalingState.Open);
    expect(SIGNALING_TRANSITIONS[SignalingState.Resuming]).toContain(SignalingState.Reconnecting);
    expect(SIGNALING_TRANSITIONS[SignalingState.Connecting]).not.toContain(SignalingState.Reconnecting);
  });

  it('pair: every state is reachable from new, closed is final, failed only closes, and recovery returns to connected', () => {
    expect(reachable(PAIR_TRANSITIONS, PairState.New)).toEqual(new Set(Object.values(PairState)));
    expect(PAIR_TRANSITIONS[PairState.Closed]).toEqual([]);
    expect(PAIR_TRANSITIONS[PairState.Failed]).toEqual([PairState.Closed]);
    expect(PAIR_TRANSITIONS[PairState.Recovering]).toContain(PairState.Connected);
    expect(PAIR_TRANSITIONS[PairState.New]).not.toContain(PairState.Connected);
  });
});
