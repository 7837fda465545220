import { UnsupportedError } from './errors';

/**
 * What perfect negotiation (peer-session.ts) needs of RTCPeerConnection, which Safari gained only in 14.1
 * (argument-less `setLocalDescription`, `restartIce`) and 15.4 (implicit rollback: an offer applied while our own is
 * pending rolls ours back instead of failing). Without them a pair whose offers cross never connects, so a call is
 * refused up front with a screen that says what to do.
 */
export async function missingCallCapabilities(Peer: typeof RTCPeerConnection | null = globalThis.RTCPeerConnection ?? null): Promise<string[]> {
  if (typeof Peer !== 'function') return ['RTCPeerConnection'];
  const missing: string[] = [];
  if (typeof Peer.prototype.restartIce !== 'function') missing.push('restartIce');
  // Before Safari 14.1 the description argument was required.
  if (Peer.prototype.setLocalDescription.length > 0) missing.push('setLocalDescription()');
  if (!(await implicitRollback(Peer))) missing.push('implicit rollback');
  return missing;
}

/** Throws UnsupportedError naming what is missing (see missingCallCapabilities). */
export async function requireCallCapabilities(Peer?: typeof RTCPeerConnection | null): Promise<void> {
  const missing = await missingCallCapabilities(Peer);
  if (missing.length > 0) throw new UnsupportedError(missing.join(', '), `This browser lacks what calls need: ${missing.join(', ')}.`);
}

/**
 * Applies a remote offer while our own is pending: browsers with implicit rollback accept it, older ones throw
 * InvalidStateError. Any other failure (a busy machine, a connection limit) says nothing about the browser and
 * does not turn the person away.
 */
async function implicitRollback(Peer: typeof RTCPeerConnection): Promise<boolean> {
  let ours: RTCPeerConnection | null = null;
  let theirs: RTCPeerConnection | null = null;
  try {
    ours = new Peer();
    theirs = new Peer();
    ours.createDataChannel('probe');
    theirs.createDataChannel('probe');
    await ours.setLocalDescription(await ours.createOffer());
    const offer = await theirs.createOffer();
    try {
      await ours.setRemoteDescription(offer);
    } catch (error) {
      return (error as { name?: string } | null)?.name !== 'InvalidStateError';
    }
    return true;
  } catch {
    return true;
  } finally {
    ours?.close();
    theirs?.close();
  }
}

/** `getDisplayMedia`, or UnsupportedError where the browser has none (every browser on iOS, most web views). */
export function displayMedia(options: DisplayMediaStreamOptions, devices: Partial<MediaDevices> | undefined = globalThis.navigator?.mediaDevices): Promise<MediaStream> {
  if (typeof devices?.getDisplayMedia !== 'function') {
    return Promise.reject(new UnsupportedError('screen sharing', 'This browser cannot share a screen.'));
  }
  return devices.getDisplayMedia(options);
}
