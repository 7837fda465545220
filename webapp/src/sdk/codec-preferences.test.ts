import { describe, expect, it } from 'vitest';
import { preferCodec } from './codec-preferences';

const codecs = [
  { mimeType: 'video/H264', sdpFmtpLine: 'profile-level-id=42e01f' },
  { mimeType: 'video/rtx' },
  { mimeType: 'video/VP8' },
  { mimeType: 'video/H264', sdpFmtpLine: 'profile-level-id=640c1f' },
  { mimeType: 'video/red' },
];

describe('preferCodec', () => {
  it('puts VP8 first and keeps the rest in their order, rtx and red included', () => {
    expect(preferCodec(codecs).map((c) => c.mimeType)).toEqual(['video/VP8', 'video/H264', 'video/rtx', 'video/H264', 'video/red']);
  });

  it('matches the mime type case-insensitively', () => {
    expect(preferCodec([{ mimeType: 'video/h264' }, { mimeType: 'video/vp8' }])[0]!.mimeType).toBe('video/vp8');
  });

  it('leaves a list without the codec as it is', () => {
    const list = [{ mimeType: 'video/H264' }, { mimeType: 'video/rtx' }];
    expect(preferCodec(list)).toEqual(list);
  });
});
