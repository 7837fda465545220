import { AUDIO_CAPS, VIDEO_CAPS } from './defaults';

export interface VideoCaps {
  maxBitrate: number;
  scaleResolutionDownBy: number;
  maxFramerate: number;
}

/** The video caps for a room of `people`: each sender uploads people − 1 copies, so they tighten as it grows. */
export function capsForPeople(people: number): VideoCaps {
  const row = VIDEO_CAPS.find((c) => people <= c.maxPeople) ?? VIDEO_CAPS[VIDEO_CAPS.length - 1];
  return { maxBitrate: row.maxBitrate, scaleResolutionDownBy: row.scaleResolutionDownBy, maxFramerate: row.maxFramerate };
}

/**
 * Applies caps to a sender through getParameters/setParameters (the transactionId must come from the same
 * getParameters; the encodings' number and order must not change). Before negotiation some browsers report
 * no encodings; the caps are applied again once connected.
 */
export async function applySenderCaps(sender: RTCRtpSender, kind: 'audio' | 'video', caps: VideoCaps): Promise<void> {
  const params = sender.getParameters();
  if (!params.encodings || params.encodings.length === 0) return;
  const encoding = params.encodings[0];
  if (kind === 'audio') {
    if (encoding.maxBitrate === AUDIO_CAPS.maxBitrate) return;
    encoding.maxBitrate = AUDIO_CAPS.maxBitrate;
  } else {
    if (
      encoding.maxBitrate === caps.maxBitrate &&
      encoding.scaleResolutionDownBy === caps.scaleResolutionDownBy &&
      encoding.maxFramerate === caps.maxFramerate
    ) {
      return;
    }
    encoding.maxBitrate = caps.maxBitrate;
    encoding.scaleResolutionDownBy = caps.scaleResolutionDownBy;
    encoding.maxFramerate = caps.maxFramerate;
  }
  await sender.setParameters(params);
}
