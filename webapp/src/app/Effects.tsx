import { useEffect, useState } from 'react';
import { Sparkles } from 'lucide-react';
import type { Room } from '../sdk';
import { loadEffects, saveEffects, type Background, type EffectSettings } from '../sdk/effects/settings';
import { ControlButton } from './ControlButton';
import { usePopover } from './dismiss';
import { t, type MessageKey } from './i18n';
import { describeError } from './messages';

/** The backgrounds offered in the app; the SDK takes any `#rrggbb` colour. */
const CHOICES: { value: string; label: MessageKey; background: Background }[] = [
  { value: 'none', label: 'effects.none', background: { mode: 'none' } },
  { value: 'blur', label: 'effects.blur', background: { mode: 'blur' } },
  { value: 'landscape', label: 'effects.landscape', background: { mode: 'image' } },
  { value: 'slate', label: 'effects.slate', background: { mode: 'color', color: '#475569' } },
  { value: 'green', label: 'effects.green', background: { mode: 'color', color: '#166534' } },
];

const valueOf = (background: Background) =>
  CHOICES.find((c) => c.background.mode === background.mode && (background.mode !== 'color' || (c.background as { color: string }).color === background.color))?.value ??
  'none';
const backgroundOf = (value: string) => CHOICES.find((c) => c.value === value)?.background ?? CHOICES[0]!.background;

function BackgroundSelect({ value, onChange, disabled }: { value: Background; onChange: (b: Background) => void; disabled?: boolean }) {
  return (
    <label className="field" title={t('effects.backgroundHint')}>
      {t('effects.background')}
      <select value={valueOf(value)} onChange={(e) => onChange(backgroundOf(e.target.value))} disabled={disabled} data-testid="pick-background">
        {CHOICES.map((c) => (
          <option key={c.value} value={c.value}>
            {t(c.label)}
          </option>
        ))}
      </select>
    </label>
  );
}

/**
 * Pre-join: the chosen background on the preview (the same effect the call sends) and the noise suppression
 * choice, both remembered on this device; the call applies them when it starts. Returns the stream to preview.
 */
export function usePreviewEffects(stream: MediaStream | null): { preview: MediaStream | null; controls: JSX.Element } {
  const [settings, setSettings] = useState<EffectSettings>(() => loadEffects());
  const [preview, setPreview] = useState<MediaStream | null>(null);
  const [problem, setProblem] = useState('');
  const change = (next: EffectSettings) => {
    saveEffects(next);
    setSettings(next);
  };
  const camera = stream?.getVideoTracks()[0] ?? null;

  useEffect(() => {
    setPreview(null);
    if (!camera || settings.background.mode === 'none') return;
    let stop: (() => void) | null = null;
    let cancelled = false;
    import('../sdk/effects/background')
      .then(({ startBackground }) => startBackground(camera, settings.background))
      .then((effect) => {
        if (cancelled) return effect.stop();
        stop = () => effect.stop();
        setProblem('');
        setPreview(new MediaStream([effect.track]));
      })
      .catch((error: Error) => !cancelled && setProblem(t('effects.unsupported', { detail: error.message })));
    return () => {
      cancelled = true;
      stop?.();
    };
  }, [camera, settings.background]);

  const controls = (
    <>
      {camera && <BackgroundSelect value={settings.background} onChange={(background) => change({ ...settings, background })} />}
      {problem && <p className="hint" role="alert">{problem}</p>}
      <label className="toggles">
        <input
          type="checkbox"
          checked={settings.noiseSuppression}
          onChange={(e) => change({ ...settings, noiseSuppression: e.target.checked })}
          data-testid="noise-suppression"
        />
        {t('effects.reduceNoise')}
      </label>
    </>
  );
  return { preview: settings.background.mode === 'none' ? stream : preview, controls };
}

/** In the call: background and noise suppression, switched live (peers get the new track without renegotiation). */
export function EffectsControls({ room, onError }: { room: Room; onError: (message: string) => void }) {
  const [background, setBackground] = useState(room.background);
  const [noise, setNoise] = useState(room.noiseSuppression);
  const [busy, setBusy] = useState(false);
  const { open, toggle, button, popover } = usePopover();
  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    try {
      await action();
      onError('');
    } catch (error) {
      onError(describeError(error));
    } finally {
      setBackground(room.background);
      setNoise(room.noiseSuppression);
      setBusy(false);
    }
  };
  return (
    <div className="device-menu">
      <ControlButton
        icon={Sparkles}
        label={t('effects.button')}
        name={t('effects.buttonName')}
        title={t('effects.buttonTitle')}
        expanded={open}
        pressed={background.mode !== 'none' || noise}
        onClick={toggle}
        testId="toggle-effects"
        ref={button}
      />
      {open && (
        <div ref={popover} className="device-popover" role="group" aria-label={t('effects.button')} data-testid="effects">
          <BackgroundSelect value={background} disabled={busy} onChange={(next) => run(() => room.setBackground(next))} />
          <button
            type="button"
            aria-pressed={noise}
            title={t('effects.noiseTitle')}
            disabled={busy}
            onClick={() => run(() => room.setNoiseSuppression(!noise))}
            data-testid="toggle-noise"
          >
            {t(noise ? 'effects.noiseOn' : 'effects.noiseOff')}
          </button>
        </div>
      )}
    </div>
  );
}
