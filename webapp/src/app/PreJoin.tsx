import { useEffect, useRef, useState, type FormEvent } from 'react';
import { levelFromSamples } from '../sdk/active-speaker';
import { mediaConstraints } from '../sdk/media-controller';
import { usePreviewEffects } from './Effects';

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
}

type Problem = 'denied' | 'missing' | null;

const CAN_PICK_SPEAKER = typeof HTMLMediaElement !== 'undefined' && 'setSinkId' in HTMLMediaElement.prototype;

/**
 * The pre-join screen: camera preview, microphone level, device pickers, "join muted / camera off", and the
 * name (remembered). The preview's tracks are handed to the call on Join, so the camera is not opened twice.
 */
export function PreJoin({ initialName, busy, onJoin }: { initialName: string; busy: boolean; onJoin: (choice: JoinChoice) => void }) {
  const [name, setName] = useState(initialName);
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
    navigator.mediaDevices
      .getUserMedia(constraints)
      .then(async (s) => {
        opened = s;
        if (cancelled) return s.getTracks().forEach((t) => t.stop());
        setProblem(null);
        setStream(s);
        setDevices(await navigator.mediaDevices.enumerateDevices());
      })
      .catch((error: { name?: string }) => {
        if (cancelled) return;
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
    return () => {
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
    onJoin({
      name: trimmed,
      audioDeviceId: audioDeviceId || undefined,
      videoDeviceId: videoDeviceId || undefined,
      speakerId: speakerId || undefined,
      startMuted,
      startCameraOff,
      stream: stream ?? undefined,
    });
  };

  const of = (kind: MediaDeviceKind) => devices.filter((d) => d.kind === kind && d.deviceId);
  const picker = (kind: MediaDeviceKind, label: string, value: string, set: (id: string) => void, testId: string) =>
    of(kind).length > 0 && (
      <label className="field">
        {label}
        <select value={value} onChange={(e) => set(e.target.value)} data-testid={testId}>
          <option value="">Default</option>
          {of(kind).map((d, i) => (
            <option key={d.deviceId} value={d.deviceId}>
              {d.label || `${label} ${i + 1}`}
            </option>
          ))}
        </select>
      </label>
    );

  return (
    <main className="screen">
      <form onSubmit={submit} className="card prejoin" data-testid="name-prompt">
        <h1>Join the call</h1>
        <div className="preview" data-testid="preview">
          <video ref={video} autoPlay playsInline muted className="mirror" hidden={!stream || startCameraOff} data-testid="preview-video" />
          {(startCameraOff || !stream) && <div className="preview-off">{startCameraOff ? 'Camera off' : 'No preview'}</div>}
        </div>
        {problem && (
          <div className="problem" role="alert" data-testid="media-problem" data-problem={problem}>
            {problem === 'denied' ? (
              <p>
                <b>Camera and microphone are blocked.</b> Click the camera icon next to the address bar (or your browser's site
                settings), allow both for this site, then press Try again.
              </p>
            ) : (
              <p>
                <b>No camera or microphone found.</b> Connect one, or close other programs using it, then press Try again. You can
                also join with the camera off.
              </p>
            )}
            <button type="button" onClick={() => setAttempt((n) => n + 1)} data-testid="media-retry">
              Try again
            </button>
          </div>
        )}
        {stream && stream.getAudioTracks().length > 0 && (
          <div className="meter" title="Microphone level: speak to see it move" aria-hidden="true">
            <div ref={meter} data-testid="mic-level" />
          </div>
        )}
        {picker('videoinput', 'Camera', videoDeviceId, setVideoDeviceId, 'pick-camera')}
        {picker('audioinput', 'Microphone', audioDeviceId, setAudioDeviceId, 'pick-mic')}
        {CAN_PICK_SPEAKER && picker('audiooutput', 'Speaker', speakerId, setSpeakerId, 'pick-speaker')}
        {effects.controls}
        <div className="toggles">
          <label>
            <input type="checkbox" checked={startMuted} onChange={(e) => setStartMuted(e.target.checked)} data-testid="start-muted" /> Join
            muted
          </label>
          <label>
            <input type="checkbox" checked={startCameraOff} onChange={(e) => setStartCameraOff(e.target.checked)} data-testid="start-camera-off" />{' '}
            Join with camera off
          </label>
        </div>
        <label htmlFor="name">Your name</label>
        <input id="name" value={name} onChange={(e) => setName(e.target.value)} maxLength={60} autoFocus autoComplete="name" required />
        <button type="submit" className="primary" disabled={!trimmed || busy} data-testid="join">
          {busy ? 'Joining…' : 'Join'}
        </button>
        <p className="hint">Audio, video, chat and files go directly between you and the others, never through a server.</p>
      </form>
    </main>
  );
}
