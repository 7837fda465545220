/**
 * Mesh video prefers VP8. Each peer connection of a mesh encodes its own copy of our camera, and an iPhone has only
 * about three hardware H.264 encoders: beyond them further copies are silently not encoded (twilio-video-ios#17),
 * while Safari, left to itself, offers H.264 first. VP8 is mandatory to implement in every WebRTC browser
 * (RFC 7742) and is encoded in software, so any number of copies work, at some CPU cost on a phone. Chrome and
 * Firefox put VP8 first by default anyway: only WebKit's choice changes.
 */
export const PREFERRED_VIDEO_CODEC = 'video/VP8';

/** The codecs in the same order, except that those of `mimeType` come first (case-insensitive, as in SDP). */
export function preferCodec<T extends { mimeType: string }>(codecs: readonly T[], mimeType = PREFERRED_VIDEO_CODEC): T[] {
  const wanted = mimeType.toLowerCase();
  const first = codecs.filter((c) => c.mimeType.toLowerCase() === wanted);
  if (first.length === 0) return [...codecs];
  return [...first, ...codecs.filter((c) => c.mimeType.toLowerCase() !== wanted)];
}

/**
 * Puts VP8 first on every video transceiver of `pc` that can take codec preferences; call before each offer and
 * answer (transceivers created by a remote offer included). Browsers without `setCodecPreferences` keep their order.
 */
export function preferMeshVideoCodec(pc: RTCPeerConnection): void {
  const capabilities = typeof RTCRtpReceiver !== 'undefined' ? RTCRtpReceiver.getCapabilities?.('video') : null;
  if (!capabilities || typeof pc.getTransceivers !== 'function') return;
  const codecs = preferCodec(capabilities.codecs);
  for (const transceiver of pc.getTransceivers()) {
    if (transceiver.receiver.track?.kind !== 'video' || transceiver.currentDirection === 'stopped') continue;
    if (typeof transceiver.setCodecPreferences !== 'function') return;
    try {
      transceiver.setCodecPreferences(codecs);
    } catch {
      // A transceiver stopping meanwhile (InvalidStateError): it negotiates nothing.
    }
  }
}
