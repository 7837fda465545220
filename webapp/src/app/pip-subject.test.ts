import { describe, expect, it } from 'vitest';
import { choosePipSubject } from './pip-subject';

const others = [
  { peerId: 'ada', hasVideo: false },
  { peerId: 'bob', hasVideo: true },
  { peerId: 'cy', hasVideo: true },
];

describe('choosePipSubject', () => {
  it('shows the active speaker when that is someone else', () => {
    expect(choosePipSubject({ activeSpeaker: 'cy', previous: 'bob', localPeerId: 'me', others })).toBe('cy');
  });

  it('keeps whom it showed while we speak ourselves', () => {
    expect(choosePipSubject({ activeSpeaker: 'me', previous: 'ada', localPeerId: 'me', others })).toBe('ada');
  });

  it('moves on when the person it showed left', () => {
    expect(choosePipSubject({ activeSpeaker: 'gone', previous: 'gone', localPeerId: 'me', others })).toBe('bob');
  });

  it('prefers someone with video before anyone spoke, then anyone, then ourselves alone', () => {
    expect(choosePipSubject({ activeSpeaker: null, previous: null, localPeerId: 'me', others })).toBe('bob');
    expect(choosePipSubject({ activeSpeaker: null, previous: null, localPeerId: 'me', others: [others[0]!] })).toBe('ada');
    expect(choosePipSubject({ activeSpeaker: 'me', previous: null, localPeerId: 'me', others: [] })).toBe('me');
  });
});
