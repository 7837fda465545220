import { describe, expect, it } from 'vitest';
import { displayMedia, missingCallCapabilities, requireCallCapabilities } from './capabilities';
import { ErrorReason, UnsupportedError } from './errors';

/** A peer connection whose offers are plain objects; `rollback` says whether it has implicit rollback. */
function fakePeer({ rollback = true, restartIce = true, argumentLess = true } = {}) {
  class FakePeer {
    signalingState = 'stable';
    createDataChannel() {}
    async createOffer() {
      return { type: 'offer', sdp: 'v=0' };
    }
    async setRemoteDescription() {
      if (this.signalingState === 'have-local-offer' && !rollback) throw Object.assign(new Error('wrong state'), { name: 'InvalidStateError' });
      this.signalingState = 'have-remote-offer';
    }
    close() {}
  }
  const proto = FakePeer.prototype as unknown as Record<string, unknown>;
  proto.setLocalDescription = argumentLess
    ? async function (this: FakePeer) {
        this.signalingState = 'have-local-offer';
      }
    : async function (this: FakePeer, _description: unknown) {
        this.signalingState = 'have-local-offer';
      };
  if (restartIce) proto.restartIce = () => undefined;
  return FakePeer as unknown as typeof RTCPeerConnection;
}

describe('missingCallCapabilities', () => {
  it('finds nothing missing in a current browser', async () => {
    expect(await missingCallCapabilities(fakePeer())).toEqual([]);
  });

  it('names each missing capability: no WebRTC, no restartIce, a required description, no implicit rollback', async () => {
    expect(await missingCallCapabilities(null)).toEqual(['RTCPeerConnection']);
    expect(await missingCallCapabilities(fakePeer({ restartIce: false }))).toEqual(['restartIce']);
    expect(await missingCallCapabilities(fakePeer({ argumentLess: false }))).toEqual(['setLocalDescription()']);
    expect(await missingCallCapabilities(fakePeer({ rollback: false }))).toEqual(['implicit rollback']);
  });

  it('does not count a failure other than InvalidStateError against the browser', async () => {
    const Busy = fakePeer();
    (Busy.prototype as unknown as { createOffer: () => Promise<never> }).createOffer = async () => {
      throw Object.assign(new Error('busy'), { name: 'OperationError' });
    };
    expect(await missingCallCapabilities(Busy)).toEqual([]);
  });

  it('requireCallCapabilities throws UnsupportedError', async () => {
    await expect(requireCallCapabilities(fakePeer({ rollback: false }))).rejects.toMatchObject({ reason: ErrorReason.Unsupported });
  });
});

describe('displayMedia', () => {
  it('rejects with UnsupportedError where the browser cannot share a screen', async () => {
    await expect(displayMedia({ video: true }, {})).rejects.toBeInstanceOf(UnsupportedError);
    await expect(displayMedia({ video: true }, undefined)).rejects.toMatchObject({ reason: ErrorReason.Unsupported, feature: 'screen sharing' });
  });

  it('asks the browser where it can', async () => {
    const stream = {} as MediaStream;
    expect(await displayMedia({ video: true }, { getDisplayMedia: async () => stream })).toBe(stream);
  });
});
