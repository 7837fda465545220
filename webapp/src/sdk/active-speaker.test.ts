import { describe, expect, it } from 'vitest';
import { ActiveSpeakerDetector, audioLevelFromStats, levelFromSamples } from './active-speaker';

/** Feeds one reading per 200 ms tick and returns the active speaker after each. */
function play(detector: ActiveSpeakerDetector, ticks: Record<string, number>[], startMs = 0): (string | null)[] {
  return ticks.map((levels, i) => detector.update(levels, startMs + i * 200));
}

const repeat = (levels: Record<string, number>, n: number) => Array.from({ length: n }, () => levels);

describe('ActiveSpeakerDetector', () => {
  it('has no speaker while everyone is below the threshold', () => {
    expect(play(new ActiveSpeakerDetector(), repeat({ ada: 0.01, bo: 0.02 }, 5))).toEqual([null, null, null, null, null]);
  });

  it('highlights the first person to speak at once', () => {
    expect(play(new ActiveSpeakerDetector(), [{ ada: 0.01, bo: 0.01 }, { ada: 0.3, bo: 0.01 }])).toEqual([null, 'ada']);
  });

  it('keeps the speaker through pauses between words', () => {
    const ticks = [{ ada: 0.4 }, { ada: 0.0 }, { ada: 0.01 }, { ada: 0.5 }, { ada: 0 }, { ada: 0 }, { ada: 0 }];
    expect(play(new ActiveSpeakerDetector(), ticks).every((s) => s === 'ada')).toBe(true);
  });

  it('ignores a short burst from someone else, such as a cough', () => {
    const ticks = [...repeat({ ada: 0.3, bo: 0 }, 10), ...repeat({ ada: 0.1, bo: 0.6 }, 2), ...repeat({ ada: 0.3, bo: 0 }, 5)];
    expect(play(new ActiveSpeakerDetector(), ticks).every((s) => s === 'ada')).toBe(true);
  });

  it('switches once someone else has been the loudest for long enough', () => {
    const ticks = [...repeat({ ada: 0.3, bo: 0 }, 10), ...repeat({ ada: 0, bo: 0.4 }, 5)];
    const seen = play(new ActiveSpeakerDetector(), ticks);
    // Bo leads from tick 10 (2000 ms); 600 ms later, at tick 13, the highlight moves.
    expect(seen.slice(10)).toEqual(['ada', 'ada', 'ada', 'bo', 'bo']);
  });

  it('holds a new speaker for the minimum time even if the previous one answers at once', () => {
    const d = new ActiveSpeakerDetector({ minHoldMs: 1500, switchAfterMs: 200 });
    const ticks = [{ ada: 0.3 }, ...repeat({ ada: 0, bo: 0.5 }, 10), ...repeat({ ada: 0.6, bo: 0 }, 10)];
    const seen = play(d, ticks);
    const boFrom = seen.indexOf('bo');
    const adaAgain = seen.indexOf('ada', boFrom);
    expect(boFrom).toBe(8); // ada held from 0 ms until 1500 ms; bo has led since 200 ms
    expect(adaAgain).toBe(16); // bo took over at 1600 ms, so ada may come back at 3100 ms (tick 16 is 3200 ms)
  });

  it('restarts a challenger`s count when the current speaker is loudest again', () => {
    const ticks = [
      ...repeat({ ada: 0.3 }, 10),
      { ada: 0.1, bo: 0.4 },
      { ada: 0.1, bo: 0.4 },
      { ada: 0.5, bo: 0.4 },
      { ada: 0.1, bo: 0.4 },
      { ada: 0.1, bo: 0.4 },
      { ada: 0.1, bo: 0.4 },
      { ada: 0.1, bo: 0.4 },
    ];
    // Without the interruption bo would take over at tick 13; counting again from tick 13, it does at tick 16.
    expect(play(new ActiveSpeakerDetector(), ticks).slice(10)).toEqual(['ada', 'ada', 'ada', 'ada', 'ada', 'ada', 'bo']);
  });

  it('accepts a Map of levels and breaks exact ties by keeping the current speaker', () => {
    const d = new ActiveSpeakerDetector({ switchAfterMs: 0, minHoldMs: 0 });
    expect(d.update(new Map([['zed', 0.5], ['amy', 0.5]]), 0)).toBe('amy');
    expect(d.update(new Map([['amy', 0.5], ['zed', 0.5]]), 1000)).toBe('amy');
  });

  it('forgets a speaker who left', () => {
    const d = new ActiveSpeakerDetector();
    d.update({ ada: 0.5 }, 0);
    d.remove('ada');
    expect(d.speaker).toBeNull();
    expect(d.update({ bo: 0.2 }, 200)).toBe('bo');
  });
});

describe('audioLevelFromStats', () => {
  const report = (energy: number, duration: number, level: number) =>
    new Map<string, unknown>([
      ['IT01A', { id: 'IT01A', type: 'inbound-rtp', kind: 'audio', audioLevel: level, totalAudioEnergy: energy, totalSamplesDuration: duration }],
      ['IT01V', { id: 'IT01V', type: 'inbound-rtp', kind: 'video' }],
      ['SA1', { id: 'SA1', type: 'media-source', kind: 'audio', audioLevel: 0.7 }],
    ]);

  it('averages over the interval from the energy counters', () => {
    // 0.5 s of audio at level 0.2 adds 0.2² × 0.5 = 0.02 of energy.
    expect(audioLevelFromStats(report(1.02, 10.5, 0), report(1.0, 10.0, 0.9))).toBeCloseTo(0.2);
  });

  it('uses the instantaneous level without a previous report', () => {
    expect(audioLevelFromStats(report(1, 10, 0.25))).toBe(0.25);
  });

  it('reads the local microphone from media-source', () => {
    expect(audioLevelFromStats(report(1, 10, 0.25), undefined, 'local')).toBe(0.7);
  });

  it('is undefined for a report without received audio', () => {
    expect(audioLevelFromStats(new Map([['v', { type: 'inbound-rtp', kind: 'video' }]]))).toBeUndefined();
  });
});

describe('levelFromSamples', () => {
  it('is the peak absolute amplitude, clamped to 1', () => {
    expect(levelFromSamples(new Float32Array([0.1, -0.4, 0.2]))).toBeCloseTo(0.4);
    expect(levelFromSamples([0, 1.3])).toBe(1);
    expect(levelFromSamples([])).toBe(0);
  });
});
