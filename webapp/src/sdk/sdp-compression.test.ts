import { describe, expect, it } from 'vitest';
import { compressDescription, decompressDescription, shouldCompress } from './sdp-compression';

const sdp = Array.from({ length: 200 }, (_, i) => `a=rtpmap:${96 + (i % 30)} VP8/90000\r\na=rtcp-fb:${96 + (i % 30)} nack pli\r\n`).join('');

describe('SDP compression', () => {
  it('round-trips a description and makes a large one much smaller', async () => {
    const compressed = await compressDescription({ type: 'offer', sdp });
    expect(compressed.type).toBe('offer');
    expect(compressed.z.length).toBeLessThan(sdp.length / 4);
    expect(await decompressDescription(compressed)).toEqual({ type: 'offer', sdp });
  });

  it('compresses only descriptions above the threshold', () => {
    expect(shouldCompress(sdp)).toBe(true);
    expect(shouldCompress('v=0\r\n')).toBe(false);
    expect(shouldCompress(undefined)).toBe(false);
  });
});
