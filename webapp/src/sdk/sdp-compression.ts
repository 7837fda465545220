/**
 * Compression of large session descriptions for signaling. An offer with a screen share next to camera and
 * microphone runs past 10 KB, and a signaling path may refuse large messages (API Gateway: 32 KB frames;
 * local Otter was seen closing sockets on client messages of about 9 KB). SDP is repetitive text, so deflate
 * shrinks it about fourfold.
 */

export const SDP_COMPRESSION = {
  /** Descriptions longer than this (characters of SDP) travel compressed. */
  aboveChars: 5_000,
  format: 'deflate',
} as const;

/** A compressed description as it rides in `signal.data.sdpz`. */
export interface CompressedDescription {
  type: RTCSdpType;
  /** Base64 of the deflated SDP. */
  z: string;
}

export function shouldCompress(sdp: string | undefined): boolean {
  return typeof CompressionStream !== 'undefined' && (sdp?.length ?? 0) > SDP_COMPRESSION.aboveChars;
}

export async function compressDescription(description: RTCSessionDescriptionInit): Promise<CompressedDescription> {
  const stream = new Blob([description.sdp ?? '']).stream().pipeThrough(new CompressionStream(SDP_COMPRESSION.format));
  const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return { type: description.type, z: btoa(binary) };
}

export async function decompressDescription(compressed: CompressedDescription): Promise<RTCSessionDescriptionInit> {
  const bytes = Uint8Array.from(atob(compressed.z), (c) => c.charCodeAt(0));
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream(SDP_COMPRESSION.format));
  return { type: compressed.type, sdp: await new Response(stream).text() };
}
