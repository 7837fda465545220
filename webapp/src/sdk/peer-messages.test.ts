import { describe, expect, it } from 'vitest';
import { parseFileChannelMessage, parsePeerMessage, parseSignalData } from './peer-messages';

const DIGEST = 'a'.repeat(64);

function refused(result: { ok: boolean; reason?: string }): string {
  expect(result.ok).toBe(false);
  return result.reason!;
}

describe('parsePeerMessage', () => {
  it('accepts each kind the SDK sends and keeps only the known fields', () => {
    expect(parsePeerMessage('{"t":"chat","id":"m-1","text":"hi","sentAt":1767225600000,"name":"Dr. Host","from":"p2","role":"host"}')).toEqual({
      ok: true,
      value: { t: 'chat', id: 'm-1', text: 'hi', sentAt: 1767225600000 },
    });
    expect(parsePeerMessage('{"t":"file-offer","id":"f_1","name":"scan.pdf","size":1024,"type":"application/pdf","x":1}')).toEqual({
      ok: true,
      value: { t: 'file-offer', id: 'f_1', name: 'scan.pdf', size: 1024, type: 'application/pdf' },
    });
    for (const t of ['file-accept', 'file-decline', 'file-cancel', 'mute-request']) {
      expect(parsePeerMessage(`{"t":"${t}","id":"x"}`)).toEqual({ ok: true, value: { t, id: 'x' } });
    }
    expect(parsePeerMessage('{"t":"file-done","id":"x","ok":false}')).toEqual({ ok: true, value: { t: 'file-done', id: 'x', ok: false } });
  });

  it('accepts recording consent messages with only their own fields, so an answer cannot name another peer', () => {
    expect(parsePeerMessage('{"t":"rec-request","id":"r-1"}')).toEqual({ ok: true, value: { t: 'rec-request', id: 'r-1' } });
    expect(parsePeerMessage('{"t":"rec-request","id":"r-1","running":true}')).toEqual({ ok: true, value: { t: 'rec-request', id: 'r-1', running: true } });
    expect(parsePeerMessage('{"t":"rec-stop","id":"r-1","by":"p9"}')).toEqual({ ok: true, value: { t: 'rec-stop', id: 'r-1' } });
    expect(parsePeerMessage('{"t":"rec-answer","id":"r-1","yes":true,"peerId":"p9","from":"p9"}')).toEqual({
      ok: true,
      value: { t: 'rec-answer', id: 'r-1', yes: true },
    });
  });

  it('refuses a malformed recording consent', () => {
    expect(refused(parsePeerMessage('{"t":"rec-answer","id":"r-1","yes":"yes"}'))).toBe('rec-answer.yes: not a boolean');
    expect(refused(parsePeerMessage('{"t":"rec-answer","id":"r-1"}'))).toBe('rec-answer.yes: not a boolean');
    expect(refused(parsePeerMessage('{"t":"rec-answer","id":"<b>","yes":true}'))).toBe('rec-answer.id: not an id');
    expect(refused(parsePeerMessage('{"t":"rec-request"}'))).toBe('rec-request.id: not a string');
    expect(refused(parsePeerMessage('{"t":"rec-request","id":"r-1","running":1}'))).toBe('rec-request.running: not true');
    expect(refused(parsePeerMessage(`{"t":"rec-stop","id":"${'r'.repeat(65)}"}`))).toBe('rec-stop.id: length 65 outside 1–64');
  });

  it('refuses a chat message whose sentAt is no time a Date can hold', () => {
    for (const sentAt of ['1e300', '-1', '8640000000000001', '"1767225600000"', 'null', '{}']) {
      expect(refused(parsePeerMessage(`{"t":"chat","id":"m","text":"hi","sentAt":${sentAt}}`))).toBe('chat.sentAt: not a time');
    }
    expect(refused(parsePeerMessage('{"t":"chat","id":"m","text":"hi"}'))).toBe('chat.sentAt: not a time');
    expect(parsePeerMessage('{"t":"chat","id":"m","text":"hi","sentAt":8640000000000000}').ok).toBe(true);
  });

  it('refuses chat text that is missing, blank, not a string or too long', () => {
    expect(refused(parsePeerMessage('{"t":"chat","id":"m","sentAt":1}'))).toBe('chat.text: not a string');
    expect(refused(parsePeerMessage('{"t":"chat","id":"m","text":{"toString":1},"sentAt":1}'))).toBe('chat.text: not a string');
    expect(refused(parsePeerMessage('{"t":"chat","id":"m","text":"  \\n ","sentAt":1}'))).toBe('chat.text: blank');
    expect(refused(parsePeerMessage(`{"t":"chat","id":"m","text":"${'x'.repeat(4001)}","sentAt":1}`))).toBe(
      'chat.text: length 4001 outside 1–4000',
    );
    expect(parsePeerMessage(`{"t":"chat","id":"m","text":"${'x'.repeat(4000)}","sentAt":1}`).ok).toBe(true);
  });

  it('refuses ids that are not short plain tokens', () => {
    expect(refused(parsePeerMessage('{"t":"file-accept","id":""}'))).toBe('file-accept.id: length 0 outside 1–64');
    expect(refused(parsePeerMessage(`{"t":"file-accept","id":"${'a'.repeat(65)}"}`))).toBe('file-accept.id: length 65 outside 1–64');
    expect(refused(parsePeerMessage('{"t":"file-accept","id":"a/../b"}'))).toBe('file-accept.id: not an id');
    expect(refused(parsePeerMessage('{"t":"mute-request","id":7}'))).toBe('mute-request.id: not a string');
  });

  it('refuses file offers with a bad name, size or type', () => {
    const offer = (fields: string) => parsePeerMessage(`{"t":"file-offer","id":"f",${fields}}`);
    expect(refused(offer('"name":"","size":1,"type":""'))).toBe('file-offer.name: length 0 outside 1–255');
    expect(refused(offer(`"name":"${'n'.repeat(256)}","size":1,"type":""`))).toBe('file-offer.name: length 256 outside 1–255');
    expect(refused(offer('"name":"a","size":-1,"type":""'))).toBe(`file-offer.size: outside 0–${Number.MAX_SAFE_INTEGER}`);
    expect(refused(offer('"name":"a","size":1.5,"type":""'))).toBe('file-offer.size: not an integer');
    expect(refused(offer('"name":"a","size":1e300,"type":""'))).toBe('file-offer.size: not an integer');
    expect(refused(offer('"name":"a","size":"1","type":""'))).toBe('file-offer.size: not an integer');
    expect(refused(offer('"name":"a","size":1,"type":null'))).toBe('file-offer.type: not a string');
    expect(refused(offer(`"name":"a","size":1,"type":"${'t'.repeat(256)}"`))).toBe('file-offer.type: length 256 outside 0–255');
  });

  it('accepts hands, host lowerings and reactions from the set, and refuses anything else in them', () => {
    expect(parsePeerMessage('{"t":"hand","raised":true,"at":1000,"name":"x"}')).toEqual({ ok: true, value: { t: 'hand', raised: true, at: 1000 } });
    expect(parsePeerMessage('{"t":"hand-lower","peerId":"p-1"}')).toEqual({ ok: true, value: { t: 'hand-lower', peerId: 'p-1' } });
    expect(parsePeerMessage('{"t":"reaction","emoji":"👍"}')).toEqual({ ok: true, value: { t: 'reaction', emoji: '👍' } });
    expect(refused(parsePeerMessage('{"t":"hand","raised":"yes","at":1000}'))).toBe('hand.raised: not a boolean');
    expect(refused(parsePeerMessage('{"t":"hand","raised":true,"at":1e300}'))).toBe('hand.at: not a time');
    expect(refused(parsePeerMessage('{"t":"hand-lower","peerId":"../x"}'))).toBe('hand-lower.peerId: not an id');
    expect(refused(parsePeerMessage('{"t":"reaction","emoji":"<img src=x onerror=alert(1)>"}'))).toBe('reaction.emoji: not one of the reactions');
    expect(refused(parsePeerMessage('{"t":"reaction"}'))).toBe('reaction.emoji: not one of the reactions');
  });

  it('refuses a verdict that is not a boolean', () => {
    expect(refused(parsePeerMessage('{"t":"file-done","id":"x","ok":"yes"}'))).toBe('file-done.ok: not a boolean');
  });

  it('refuses frames that are not JSON objects of a known kind, or too long to parse', () => {
    expect(refused(parsePeerMessage('not json'))).toBe('not JSON');
    expect(refused(parsePeerMessage(new ArrayBuffer(8)))).toBe('not text');
    expect(refused(parsePeerMessage('[1,2]'))).toBe('message: not an object');
    expect(refused(parsePeerMessage('null'))).toBe('message: not an object');
    expect(refused(parsePeerMessage('{"t":"exec","id":"x"}'))).toBe('unknown kind "exec"');
    expect(refused(parsePeerMessage('{"id":"x"}'))).toBe('no kind');
    expect(refused(parsePeerMessage(' '.repeat(65 * 1024)))).toBe('frame of 66560 characters over 65536');
  });
});

describe('parseFileChannelMessage', () => {
  it('accepts the end marker and the in-band cancel', () => {
    expect(parseFileChannelMessage(`{"t":"end","chunks":3,"digest":"${DIGEST}"}`)).toEqual({ ok: true, value: { t: 'end', chunks: 3, digest: DIGEST } });
    expect(parseFileChannelMessage('{"t":"cancel"}')).toEqual({ ok: true, value: { t: 'cancel' } });
  });

  it('refuses an end marker with a bad digest or chunk count, and anything else', () => {
    expect(refused(parseFileChannelMessage(`{"t":"end","chunks":3,"digest":"${'A'.repeat(64)}"}`))).toBe('end.digest: not a SHA-256 in hex');
    expect(refused(parseFileChannelMessage('{"t":"end","chunks":3,"digest":"abc"}'))).toBe('end.digest: length 3 outside 64–64');
    expect(refused(parseFileChannelMessage(`{"t":"end","chunks":-1,"digest":"${DIGEST}"}`))).toBe(
      `end.chunks: outside 0–${Number.MAX_SAFE_INTEGER}`,
    );
    expect(refused(parseFileChannelMessage('{"t":"chat"}'))).toBe('file message: unknown kind');
    expect(refused(parseFileChannelMessage('x'.repeat(2000)))).toBe('frame of 2000 characters over 1024');
  });
});

describe('parseSignalData', () => {
  it('accepts descriptions, candidates, media state and screen ids, keeping only those fields', () => {
    expect(parseSignalData({ description: { type: 'offer', sdp: 'v=0\r\n', extra: 1 }, state: { audio: true, video: false }, evil: 1 })).toEqual({
      ok: true,
      value: { description: { type: 'offer', sdp: 'v=0\r\n' }, state: { audio: true, video: false } },
    });
    expect(parseSignalData({ candidate: { candidate: 'candidate:1 1 udp 1 127.0.0.1 5000 typ host', sdpMid: '0', sdpMLineIndex: 0, usernameFragment: 'abcd' } })).toEqual({
      ok: true,
      value: { candidate: { candidate: 'candidate:1 1 udp 1 127.0.0.1 5000 typ host', sdpMid: '0', sdpMLineIndex: 0, usernameFragment: 'abcd' } },
    });
    expect(parseSignalData({ candidate: { candidate: '', sdpMid: null, sdpMLineIndex: null } })).toEqual({
      ok: true,
      value: { candidate: { candidate: '', sdpMid: null, sdpMLineIndex: null } },
    });
    expect(parseSignalData({ screen: 'stream-1' })).toEqual({ ok: true, value: { screen: 'stream-1' } });
    expect(parseSignalData({ screen: null })).toEqual({ ok: true, value: { screen: null } });
    expect(parseSignalData({ gen: 3, iceRestart: true })).toEqual({ ok: true, value: { gen: 3, iceRestart: true } });
  });

  it('refuses fields of the wrong type, range or length', () => {
    expect(refused(parseSignalData({ state: { audio: 'yes', video: true } }))).toBe('state.audio: not a boolean');
    expect(refused(parseSignalData({ state: null }))).toBe('state: not an object');
    expect(refused(parseSignalData({ description: { type: 'evil', sdp: '' } }))).toBe('description.type: not an SDP type');
    expect(refused(parseSignalData({ description: { type: 'offer', sdp: 'x'.repeat(128 * 1024 + 1) } }))).toBe(
      'description.sdp: length 131073 outside 0–131072',
    );
    expect(refused(parseSignalData({ candidate: { candidate: 42 } }))).toBe('candidate.candidate: not a string');
    expect(refused(parseSignalData({ candidate: { candidate: '', sdpMLineIndex: -1 } }))).toBe('candidate.sdpMLineIndex: outside 0–65535');
    expect(refused(parseSignalData({ screen: 5 }))).toBe('screen: not a string');
    expect(refused(parseSignalData({ screen: 'x'.repeat(257) }))).toBe('screen: length 257 outside 1–256');
    expect(refused(parseSignalData({ gen: -1 }))).toBe('gen: outside 0–1000000');
    expect(refused(parseSignalData({ gen: 1.5 }))).toBe('gen: not an integer');
    expect(refused(parseSignalData({ gen: 1_000_001 }))).toBe('gen: outside 0–1000000');
    expect(refused(parseSignalData({ iceRestart: false }))).toBe('iceRestart: not true');
    expect(refused(parseSignalData({ iceRestart: 'yes' }))).toBe('iceRestart: not true');
    expect(refused(parseSignalData([]))).toBe('data: not an object');
    expect(refused(parseSignalData('{}'))).toBe('data: not an object');
  });
});
