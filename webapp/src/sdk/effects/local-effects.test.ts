import { describe, expect, it } from 'vitest';
import { LocalEffects, type BackgroundEffect, type EffectLoaders, type TrackEffect } from './local-effects';
import { DEFAULT_EFFECTS, type Background, type EffectSettings } from './settings';

const track = (id: string) => ({ id }) as unknown as MediaStreamTrack;

/** In-memory effects: each processed track is named after its source; `gate` holds a background effect's start. */
function fakes() {
  const started: string[] = [];
  const stopped: string[] = [];
  let release: () => void = () => undefined;
  let gate: Promise<void> | null = null;
  const loaders: EffectLoaders = {
    async background(source, background) {
      started.push(`video:${source.id}`);
      if (gate) await gate;
      let current: Background = background;
      const effect: BackgroundEffect = {
        track: track(`blurred-${source.id}`),
        setBackground: (b) => (current = b),
        stats: () => ({ frames: 0, masks: 0, msPerFrame: 0, msPerMask: 0, path: 'canvas', current }) as never,
        stop: () => stopped.push(`video:${source.id}`),
      };
      return effect;
    },
    async noiseSuppression(source) {
      started.push(`audio:${source.id}`);
      const effect: TrackEffect = { track: track(`clean-${source.id}`), stop: () => stopped.push(`audio:${source.id}`) };
      return effect;
    },
  };
  return {
    loaders,
    started,
    stopped,
    hold: () => (gate = new Promise((r) => (release = r))),
    release: () => release(),
  };
}

function store(initial: EffectSettings = DEFAULT_EFFECTS) {
  const saved: EffectSettings[] = [];
  return { load: () => initial, save: (s: EffectSettings) => void saved.push(s), saved };
}

describe('LocalEffects', () => {
  it('sends the sources as they are while no effect is on, and starts nothing', async () => {
    const f = fakes();
    const effects = new LocalEffects(f.loaders, store());
    expect(await effects.setSource('video', track('cam'))).toEqual(track('cam'));
    expect(await effects.setSource('audio', track('mic'))).toEqual(track('mic'));
    expect(f.started).toEqual([]);
  });

  it('sends the processed track once the effect runs, remembers the choice, and the source again when turned off', async () => {
    const f = fakes();
    const storage = store();
    const effects = new LocalEffects(f.loaders, storage);
    await effects.setSource('video', track('cam'));
    expect(await effects.setBackground({ mode: 'blur' })).toEqual(track('blurred-cam'));
    expect(storage.saved.at(-1)?.background).toEqual({ mode: 'blur' });
    expect(await effects.setBackground({ mode: 'none' })).toEqual(track('cam'));
    expect(f.stopped).toEqual(['video:cam']);
  });

  it('sends no video, never the unprocessed camera, while a remembered background effect is starting', async () => {
    const f = fakes();
    f.hold();
    const effects = new LocalEffects(f.loaders, store({ background: { mode: 'blur' }, noiseSuppression: false }));
    const sent = effects.setSource('video', track('cam'));
    await Promise.resolve();
    expect(effects.outgoing('video')).toBeNull();
    f.release();
    expect(await sent).toEqual(track('blurred-cam'));
  });

  it('restarts the effect on a new source (device switch) and stops it with the camera', async () => {
    const f = fakes();
    const effects = new LocalEffects(f.loaders, store({ background: { mode: 'blur' }, noiseSuppression: true }));
    await effects.setSource('audio', track('mic1'));
    expect(await effects.setSource('audio', track('mic2'))).toEqual(track('clean-mic2'));
    expect(await effects.setSource('video', track('cam'))).toEqual(track('blurred-cam'));
    expect(await effects.setSource('video', null)).toBeNull();
    expect(f.stopped).toEqual(['audio:mic1', 'video:cam']);
  });

  it('changes the background of a running effect without restarting it', async () => {
    const f = fakes();
    const effects = new LocalEffects(f.loaders, store());
    await effects.setSource('video', track('cam'));
    await effects.setBackground({ mode: 'blur' });
    await effects.setBackground({ mode: 'color', color: '#475569' });
    expect(f.started).toEqual(['video:cam']);
    expect(effects.settings.background).toEqual({ mode: 'color', color: '#475569' });
  });

  it('falls back to the source, and reports, when the effect cannot start', async () => {
    const f = fakes();
    f.loaders.noiseSuppression = () => Promise.reject(new Error('no AudioWorklet'));
    const effects = new LocalEffects(f.loaders, store());
    await effects.setSource('audio', track('mic'));
    await expect(effects.setNoiseSuppression(true)).rejects.toThrow('no AudioWorklet');
    expect(effects.outgoing('audio')).toEqual(track('mic'));
    expect(effects.settings.noiseSuppression).toBe(false);
  });

  it('refuses a malformed background without changing anything', async () => {
    const effects = new LocalEffects(fakes().loaders, store());
    expect(() => effects.setBackground({ mode: 'color', color: 'javascript:' } as Background)).toThrow(TypeError);
    expect(effects.settings).toEqual(DEFAULT_EFFECTS);
  });
});
