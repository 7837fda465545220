import { describe, expect, it } from 'vitest';
import { RECORDING_DEFAULTS } from './defaults';
import type { PeerMessage } from './peer-messages';
import { RecordingConsent, RecordingState, type RecordingEnd } from './recording';

type RecordingMessage = Extract<PeerMessage, { t: 'rec-request' | 'rec-answer' | 'rec-stop' }>;

/**
 * People in one room, each with their own RecordingConsent; what one broadcasts waits in a queue until `deliver()`
 * (so tests choose the order), and reaches only those present. The clock and timers are the test's.
 */
function roomOf(names: string[]) {
  const clock = { now: Date.now() };
  const timers: { at: number; fn: () => void; cancelled: boolean }[] = [];
  const present = new Set(names);
  const queue: { from: string; to: string; message: PeerMessage }[] = [];
  const ended = new Map<string, RecordingEnd[]>();
  const people = new Map<string, RecordingConsent>();
  let ids = 0;
  const add = (name: string) => {
    present.add(name);
    const consent = new RecordingConsent({
      selfId: () => name,
      present: () => [...present].filter((p) => p !== name),
      broadcast: (message) => {
        for (const to of present) if (to !== name) queue.push({ from: name, to, message });
      },
      newId: () => `req-${name}-${++ids}`,
      now: () => clock.now,
      after: (ms, fn) => {
        const timer = { at: clock.now + ms, fn, cancelled: false };
        timers.push(timer);
        return () => {
          timer.cancelled = true;
        };
      },
    });
    ended.set(name, []);
    consent.on('ended', (e) => ended.get(name)!.push(e));
    consent.on('illegal', (error) => {
      throw error;
    });
    people.set(name, consent);
    return consent;
  };
  for (const name of names) add(name);
  const of = (name: string) => people.get(name)!;
  return {
    clock,
    of,
    ended,
    states: () => Object.fromEntries([...present].map((p) => [p, of(p).state])),
    /** Delivers everything queued (and what that causes), in order. */
    deliver() {
      while (queue.length) {
        const { from, to, message } = queue.shift()!;
        if (present.has(to) && present.has(from)) of(to).receive(from, message as RecordingMessage);
      }
    },
    /** `name` joins: everyone sees them announced, then each side greets the new connection. */
    join(name: string) {
      const others = [...present];
      const consent = add(name);
      for (const other of others) {
        of(other).peerJoined();
        for (const message of of(other).greeting()) queue.push({ from: other, to: name, message });
        for (const message of consent.greeting()) queue.push({ from: name, to: other, message });
      }
      return consent;
    },
    leave(name: string) {
      present.delete(name);
      for (const other of present) of(other).peerLeft(name);
    },
    advance(ms: number) {
      clock.now += ms;
      for (const timer of timers.filter((t) => !t.cancelled && t.at <= clock.now)) {
        timer.cancelled = true;
        timer.fn();
      }
    },
  };
}

describe('RecordingConsent', () => {
  it('records only once everyone present agreed, on every screen', () => {
    const room = roomOf(['hana', 'ada', 'bob']);
    room.of('hana').request();
    expect(room.of('hana').view).toMatchObject({ state: RecordingState.Asking, isRecorder: true, mustAnswer: false, waitingFor: ['ada', 'bob'] });
    room.deliver();
    expect(room.of('ada').view).toMatchObject({ state: RecordingState.Asking, recorderId: 'hana', isRecorder: false, mustAnswer: true });
    room.of('ada').answer(true);
    room.deliver();
    // One consent missing: nobody records, on any screen.
    expect(room.states()).toEqual({ hana: 'asking', ada: 'asking', bob: 'asking' });
    expect(room.of('hana').view.waitingFor).toEqual(['bob']);
    room.clock.now += 5_000;
    room.of('bob').answer(true);
    room.deliver();
    expect(room.states()).toEqual({ hana: 'recording', ada: 'recording', bob: 'recording' });
    expect(room.of('hana').view.startedAt).toBe(room.clock.now);
  });

  it('lets anyone stop it by withdrawing consent, and the recorder by stopping', () => {
    const room = roomOf(['hana', 'ada', 'bob']);
    room.of('hana').request();
    room.deliver();
    room.of('ada').answer(true);
    room.of('bob').answer(true);
    room.deliver();
    room.of('bob').stop();
    room.deliver();
    expect(room.states()).toEqual({ hana: 'idle', ada: 'idle', bob: 'idle' });
    expect(room.ended.get('hana')).toEqual([{ reason: 'declined', by: 'bob', recorded: true }]);

    room.of('ada').request();
    room.deliver();
    room.of('hana').answer(true);
    room.of('bob').answer(true);
    room.deliver();
    expect(room.states()).toEqual({ hana: 'recording', ada: 'recording', bob: 'recording' });
    room.of('ada').stop();
    room.deliver();
    expect(room.states()).toEqual({ hana: 'idle', ada: 'idle', bob: 'idle' });
    expect(room.ended.get('bob')!.at(-1)).toEqual({ reason: 'stopped', by: 'ada', recorded: true });
  });

  it('ends a request that someone declines before anything was recorded', () => {
    const room = roomOf(['hana', 'ada']);
    room.of('hana').request();
    room.deliver();
    room.of('ada').answer(false);
    room.deliver();
    expect(room.states()).toEqual({ hana: 'idle', ada: 'idle' });
    expect(room.ended.get('hana')).toEqual([{ reason: 'declined', by: 'ada', recorded: false }]);
  });

  it('does not let one peer agree for another, nor anyone but the recorder send a stop', () => {
    const room = roomOf(['hana', 'ada', 'bob']);
    room.of('hana').request();
    room.deliver();
    const id = (room.of('hana').greeting()[0] as { id: string }).id;
    // Ada agrees, then sends another agreement as if it were Bob's: only the channel it came on counts.
    room.of('hana').receive('ada', { t: 'rec-answer', id, yes: true });
    room.of('hana').receive('ada', { t: 'rec-answer', id, yes: true });
    expect(room.of('hana').view).toMatchObject({ state: RecordingState.Asking, waitingFor: ['bob'] });
    // An agreement to another request, or from someone signaling never announced, counts for nothing.
    room.of('hana').receive('bob', { t: 'rec-answer', id: 'another-request', yes: true });
    room.of('hana').receive('mallory', { t: 'rec-answer', id, yes: true });
    room.of('hana').receive('mallory', { t: 'rec-stop', id });
    expect(room.of('hana').view).toMatchObject({ state: RecordingState.Asking, waitingFor: ['bob'] });
    // Only the recorder's channel can stop it with rec-stop.
    room.of('bob').receive('ada', { t: 'rec-stop', id });
    expect(room.of('bob').state).toBe(RecordingState.Asking);
  });

  it('ignores a request from someone signaling never announced', () => {
    const room = roomOf(['hana', 'ada']);
    room.of('ada').receive('mallory', { t: 'rec-request', id: 'req-mallory' });
    expect(room.of('ada').view).toMatchObject({ state: RecordingState.Idle, mustAnswer: false });
  });

  it('asks a late joiner at once and pauses until they agree; their refusal stops it', () => {
    const room = roomOf(['hana', 'ada']);
    room.of('hana').request();
    room.deliver();
    room.of('ada').answer(true);
    room.deliver();
    expect(room.states()).toEqual({ hana: 'recording', ada: 'recording' });
    const started = room.of('hana').view.startedAt;

    room.join('bob');
    // Announced but not yet agreed: nothing is recorded.
    expect(room.of('hana').view).toMatchObject({ state: RecordingState.Paused, waitingFor: ['bob'], startedAt: started });
    room.deliver();
    expect(room.of('bob').view).toMatchObject({ state: RecordingState.Asking, recorderId: 'hana', mustAnswer: true, waitingFor: ['bob'], joinedRunning: true });
    room.of('bob').answer(true);
    room.deliver();
    expect(room.states()).toEqual({ hana: 'recording', ada: 'recording', bob: 'recording' });
    expect(room.of('hana').view.startedAt).toBe(started);

    room.join('cleo');
    room.deliver();
    expect(room.states()).toEqual({ hana: 'paused', ada: 'paused', bob: 'paused', cleo: 'asking' });
    room.of('cleo').answer(false);
    room.deliver();
    expect(room.states()).toEqual({ hana: 'idle', ada: 'idle', bob: 'idle', cleo: 'idle' });
  });

  it("counts a late joiner's greeting that overtook the recorder's request", () => {
    const room = roomOf(['hana', 'ada']);
    room.of('hana').request();
    room.deliver();
    room.of('ada').answer(true);
    room.deliver();
    const bob = room.join('bob');
    // Ada's consent arrives before Hana's request does.
    bob.receive('ada', { t: 'rec-answer', id: 'req-hana-1', yes: true });
    expect(bob.state).toBe(RecordingState.Idle);
    room.deliver();
    expect(bob.view).toMatchObject({ state: RecordingState.Asking, waitingFor: ['bob'] });
  });

  it('records again when the one who had not agreed leaves, and ends when the recorder leaves', () => {
    const room = roomOf(['hana', 'ada', 'bob']);
    room.of('hana').request();
    room.deliver();
    room.of('ada').answer(true);
    room.deliver();
    room.leave('bob');
    expect(room.states()).toEqual({ hana: 'recording', ada: 'recording' });
    room.leave('hana');
    expect(room.states()).toEqual({ ada: 'idle' });
    expect(room.ended.get('ada')).toEqual([{ reason: 'recorder-left', by: 'hana', recorded: true }]);
  });

  it('lets a request lapse everywhere when not everyone answered in time', () => {
    const room = roomOf(['hana', 'ada']);
    room.of('hana').request();
    room.deliver();
    room.advance(RECORDING_DEFAULTS.askTimeoutMs - 1);
    expect(room.of('hana').state).toBe(RecordingState.Asking);
    room.advance(1);
    room.deliver();
    expect(room.states()).toEqual({ hana: 'idle', ada: 'idle' });
    expect(room.ended.get('ada')).toEqual([{ reason: 'stopped', by: 'hana', recorded: false }]);
    expect(room.ended.get('hana')).toEqual([{ reason: 'timed-out', by: null, recorded: false }]);
  });

  it('does not time out a recording that started', () => {
    const room = roomOf(['hana', 'ada']);
    room.of('hana').request();
    room.deliver();
    room.of('ada').answer(true);
    room.deliver();
    room.advance(RECORDING_DEFAULTS.askTimeoutMs * 3);
    expect(room.states()).toEqual({ hana: 'recording', ada: 'recording' });
  });

  it('settles two requests made at the same moment on the same one everywhere', () => {
    const room = roomOf(['hana', 'ada', 'bob']);
    room.of('hana').request(); // req-hana-1
    room.of('ada').request(); // req-ada-2, the smaller id
    room.deliver();
    for (const name of ['hana', 'ada', 'bob']) expect(room.of(name).view.recorderId).toBe('ada');
    expect(room.ended.get('hana')).toEqual([{ reason: 'superseded', by: null, recorded: false }]);
    room.of('hana').answer(true);
    room.of('bob').answer(true);
    room.deliver();
    expect(room.states()).toEqual({ hana: 'recording', ada: 'recording', bob: 'recording' });
  });

  it('records at once for someone alone, and asks a newcomer before going on', () => {
    const room = roomOf(['hana']);
    room.of('hana').request();
    expect(room.of('hana').state).toBe(RecordingState.Recording);
    room.join('ada');
    expect(room.of('hana').state).toBe(RecordingState.Paused);
  });

  it('forgets what we agreed to when we come back as a new participant', () => {
    const room = roomOf(['hana', 'ada']);
    room.of('hana').request();
    room.deliver();
    room.of('ada').answer(true);
    room.deliver();
    room.of('ada').reset();
    expect(room.of('ada').state).toBe(RecordingState.Idle);
    expect(room.of('ada').greeting()).toEqual([]);
    expect(() => room.of('hana').request()).toThrow(RangeError);
  });
});
