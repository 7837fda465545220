import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { levelFromSamples } from '../sdk/active-speaker';
import { mediaConstraints } from '../sdk/media-controller';
import { rememberDevice, rememberedDevice, type RememberedKind } from './device-memory';
import { usePreviewEffects } from './Effects';
import { t } from './i18n';

/** What the person chose before joining; passed to `joinRoom`'s media options. */
export interface JoinChoice {
  name: string;
  audioDeviceId?: string;
  videoDeviceId?: string;
  /** An `audiooutput` deviceId for `HTMLMediaElement.setSinkId`, where the browser supports it. */
  speakerId?: string;
  startMuted: boolean;
  startCameraOff: boolean;
  /** The preview's camera and microphone, opened for these choices: the call keeps them (no second prompt or wait). */
  stream?: MediaStream;
  /**
   * When Join is pressed before the preview's camera has opened: the preview still opening (null if it fails or is
   * dropped), for the call to take over instead of asking for the camera a second time.
   */
  opening?: Promise<MediaStream | null>;
}

type Problem = 'denied' | 'missing' | null;

const CAN_PICK_SPEAKER = typeof HTMLMediaElement !== 'undefined' && 'setSinkId' in HTMLMediaElement.prototype;

/**
 * The pre-join screen: camera preview, microphone level, device pickers, "join muted / camera off", and the
 * name (remembered). The preview's tracks are handed to the call on Join, so the camera is not opened twice.
 */
export function PreJoin({
  initialName,
  fixedName,
  busy,
  onJoin,
  onPreviewSettled,
  children,
}: {
  initialName: string;
  /** The name a per-person link gives (`GET /room/{id}`'s `displayName`): shown, and not editable. */
  fixedName?: string;
  busy: boolean;
  onJoin: (choice: JoinChoice) => void;
  /** Called when the preview's camera has opened or failed to (each attempt): heavier pre-join work waits for it. */
  onPreviewSettled?: () => void;
  /** Shown under the preview: the network check's result. */
  children?: ReactNode;
}) {
  const [typedName, setName] = useState(initialName);
  const name = fixedName ?? typedName;
  const [startMuted, setStartMuted] = useState(false);
  const [startCameraOff, setStartCameraOff] = useState(false);
  const [devices, setDevices] = useState<MediaDeviceInfo[]>([]);
  const [videoDeviceId, setVideoDeviceId] = useState('');
  const [audioDeviceId, setAudioDeviceId] = useState('');
  const [speakerId, setSpeakerId] = useState('');
  const [problem, setProblem] = useState<Problem>(null);
  const [attempt, setAttempt] = useState(0);
  const [stream, setStream] = useState<MediaStream | null>(null);
  const video = useRef<HTMLVideoElement>(null);
  const meter = useRef<HTMLDivElement>(null);
  /** The stream handed to the call on Join: from then on the call owns (and stops) its tracks. */
  const handedOver = useRef<MediaStream | null>(null);
  /** The preview's getUserMedia of the current choices while it runs (see JoinChoice.opening). */
  const opening = useRef<Promise<MediaStream | null> | null>(null);
  /** The devices remembered from an earlier call are chosen once, when the first list shows they are here. */
  const recalled = useRef(false);
  const trimmed = name.trim();
  const effects = usePreviewEffects(stream);

  useEffect(() => {
    let cancelled = false;
    let opened: MediaStream | null = null;
    // The call's own devices and audio processing, so the call can keep these tracks.
    const constraints = mediaConstraints(
      { audioDeviceId: audioDeviceId || undefined, videoDeviceId: videoDeviceId || undefined, startCameraOff },
      { preview: true },
    );
    const mediaDevices = navigator.mediaDevices as MediaDevices | undefined;
    if (!mediaDevices?.getUserMedia) {
      // An insecure address or a web view that gives pages no camera: the problem screen, not a blank page.
      setProblem('missing');
      onPreviewSettled?.();
      return;
    }
    const request = mediaDevices.getUserMedia(constraints);
    opening.current = request.then(
      (s) => (cancelled ? null : s),
      () => null,
    );
    request
      .then(async (s) => {
        opened = s;
        if (cancelled) return s.getTracks().forEach((t) => t.stop());
        onPreviewSettled?.();
        setProblem(null);
        setStream(s);
        const listed = await mediaDevices.enumerateDevices();
        setDevices(listed);
        if (!recalled.current) {
          recalled.current = true;
          setVideoDeviceId((id) => id || rememberedDevice('videoinput', listed));
          setAudioDeviceId((id) => id || rememberedDevice('audioinput', listed));
          setSpeakerId((id) => id || rememberedDevice('audiooutput', listed));
        }
      })
      .catch((error: { name?: string }) => {
        if (cancelled) return;
        onPreviewSettled?.();
        setStream(null);
        setProblem(error?.name === 'NotAllowedError' || error?.name === 'SecurityError' ? 'denied' : 'missing');
      });
    return () => {
      cancelled = true;
      if (opened !== handedOver.current) opened?.getTracks().forEach((t) => t.stop());
    };
  }, [audioDeviceId, videoDeviceId, startCameraOff, attempt]);

  useEffect(() => {
    if (!stream || stream.getAudioTracks().length === 0) return;
    // The level meter reads the microphone through an analyser and paints without re-rendering React.
    const context = new AudioContext();
    const analyser = context.createAnalyser();
    analyser.fftSize = 512;
    context.createMediaStreamSource(stream).connect(analyser);
    const samples = new Float32Array(analyser.fftSize);
    let frame = 0;
    const paint = () => {
      analyser.getFloatTimeDomainData(samples);
      const level = levelFromSamples(samples);
      if (meter.current) {
        meter.current.style.transform = `scaleX(${Math.min(1, level * 2)})`;
        meter.current.dataset.level = level.toFixed(3);
      }
      frame = requestAnimationFrame(paint);
    };
    paint();
    // Browsers with a strict autoplay policy (Safari) start the context suspended until the person interacts, and a
    // page coming back from the background may find it interrupted: resume on the next tap or key, or when visible.
    const resume = () => {
      if (context.state !== 'running' && document.visibilityState === 'visible') void context.resume().catch(() => undefined);
    };
    const wakers = ['pointerdown', 'keydown', 'visibilitychange'] as const;
    wakers.forEach((event) => document.addEventListener(event, resume));
    return () => {
      wakers.forEach((event) => document.removeEventListener(event, resume));
      cancelAnimationFrame(frame);
      void context.close();
    };
  }, [stream]);

  useEffect(() => {
    if (video.current) video.current.srcObject = effects.preview;
  }, [effects.preview]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!trimmed) return;
    handedOver.current = stream;
    // Pressed before the camera opened: the call takes over the preview when it opens (set before the call's own
    // wait on it resumes, so the unmount that follows the join keeps its tracks running).
    const pending = stream ? undefined : (opening.current ?? undefined);
    pending?.then((s) => (handedOver.current = s));
    onJoin({
      name: trimmed,
      audioDeviceId: audioDeviceId || undefined,
      videoDeviceId: videoDeviceId || undefined,
      speakerId: speakerId || undefined,
      startMuted,
      startCameraOff,
      stream: stream ?? undefined,
      opening: pending,
    });
  };

  const of = (kind: MediaDeviceKind) => devices.filter((d) => d.kind === kind && d.deviceId);
  const picker = (kind: MediaDeviceKind, label: string, value: string, set: (id: string) => void, testId: string) =>
    of(kind).length > 0 && (
      <label className="field">
        {label}
        <select
          value={value}
          onChange={(e) => {
            set(e.target.value);
            rememberDevice(kind as RememberedKind, e.target.value);
          }}
          data-testid={testId}
        >
          <option value="">{t('common.default')}</option>
          {of(kind).map((d, i) => (
            <option key={d.deviceId} value={d.deviceId}>
              {d.label || t('common.numberedDevice', { device: label, number: i + 1 })}
            </option>
          ))}
        </select>
      </label>
    );

  return (
    <main className="screen">
      <form onSubmit={submit} className="card prejoin" data-testid="name-prompt">
        <h1>{t('prejoin.title')}</h1>
        <div className="preview" data-testid="preview">
          <video ref={video} autoPlay playsInline muted className="mirror" hidden={!stream || startCameraOff} data-testid="preview-video" />
          {(startCameraOff || !stream) && <div className="preview-off">{t(startCameraOff ? 'prejoin.cameraOff' : 'prejoin.noPreview')}</div>}
        </div>
        {problem && (
          <div className="problem" role="alert" data-testid="media-problem" data-problem={problem}>
            {problem === 'denied' ? (
              <p>
                <b>{t('prejoin.denied.title')}</b> {t('prejoin.denied.text')}
              </p>
            ) : (
              <p>
                <b>{t('prejoin.missing.title')}</b> {t('prejoin.missing.text')}
              </p>
            )}
            <button type="button" onClick={() => setAttempt((n) => n + 1)} data-testid="media-retry">
              {t('common.tryAgain')}
            </button>
          </div>
        )}
        {children}
        {stream && stream.getAudioTracks().length > 0 && (
          <div className="meter" title={t('prejoin.micLevel')} aria-hidden="true">
            <div ref={meter} data-testid="mic-level" />
          </div>
        )}
        {picker('videoinput', t('common.camera'), videoDeviceId, setVideoDeviceId, 'pick-camera')}
        {picker('audioinput', t('common.microphone'), audioDeviceId, setAudioDeviceId, 'pick-mic')}
        {CAN_PICK_SPEAKER && picker('audiooutput', t('common.speaker'), speakerId, setSpeakerId, 'pick-speaker')}
        {effects.controls}
        <div className="toggles">
          <label>
            <input type="checkbox" checked={startMuted} onChange={(e) => setStartMuted(e.target.checked)} data-testid="start-muted" />{' '}
            {t('prejoin.joinMuted')}
          </label>
          <label>
            <input type="checkbox" checked={startCameraOff} onChange={(e) => setStartCameraOff(e.target.checked)} data-testid="start-camera-off" />{' '}
            {t('prejoin.joinCameraOff')}
          </label>
        </div>
        <label htmlFor="name">{t('prejoin.yourName')}</label>
        <input
          id="name"
          value={name}
          onChange={(e) => setName(e.target.value)}
          maxLength={fixedName ? undefined : 60}
          readOnly={fixedName !== undefined}
          autoFocus={fixedName === undefined}
          autoComplete="name"
          required
          data-testid="name"
          data-fixed={fixedName !== undefined}
        />
        {fixedName !== undefined && <p className="hint">{t('prejoin.givenName')}</p>}
        <button type="submit" className="primary" disabled={!trimmed || busy} data-testid="join">
          {t(busy ? 'prejoin.joining' : 'prejoin.join')}
        </button>
        <p className="hint">{t('prejoin.private')}</p>
      </form>
    </main>
  );
}
