import { describe, expect, it } from 'vitest';
import { chooseLargeTile, ScreenShareTracker } from './screen-share';

describe('ScreenShareTracker', () => {
  it('orders running shares by when they started, the most recent last', () => {
    const t = new ScreenShareTracker();
    t.start('bo:screen', 2000);
    t.start('ada:screen', 1000);
    expect(t.shares).toEqual(['ada:screen', 'bo:screen']);
  });

  it('drops a stopped share and keeps the others in order', () => {
    const t = new ScreenShareTracker();
    t.start('ada:screen', 1000);
    t.start('bo:screen', 2000);
    t.start('cy:screen', 3000);
    t.stop('bo:screen');
    expect(t.shares).toEqual(['ada:screen', 'cy:screen']);
  });

  it('keeps both shares that started at the same instant, in a stable order', () => {
    const one = new ScreenShareTracker();
    one.start('bo:screen', 5000);
    one.start('ada:screen', 5000);
    const other = new ScreenShareTracker();
    other.start('ada:screen', 5000);
    other.start('bo:screen', 5000);
    expect(one.shares).toEqual(['ada:screen', 'bo:screen']);
    expect(other.shares).toEqual(one.shares);
  });

  it('makes a restarted share the most recent again', () => {
    const t = new ScreenShareTracker();
    t.start('ada:screen', 1000);
    t.start('bo:screen', 2000);
    t.start('ada:screen', 3000);
    expect(t.shares).toEqual(['bo:screen', 'ada:screen']);
  });

  it('ignores stopping a share that is not running', () => {
    const t = new ScreenShareTracker();
    t.start('ada:screen', 1000);
    t.stop('bo:screen');
    expect(t.shares).toEqual(['ada:screen']);
  });
});

describe('chooseLargeTile', () => {
  it('gives the large tile to the most recent share', () => {
    expect(chooseLargeTile({ shares: ['ada:screen', 'bo:screen'], activeSpeaker: 'cy' })).toEqual({ kind: 'screen', tileId: 'bo:screen' });
  });

  it('falls back to the earlier share when the most recent one stops', () => {
    const t = new ScreenShareTracker();
    t.start('ada:screen', 1000);
    t.start('bo:screen', 2000);
    t.stop('bo:screen');
    expect(chooseLargeTile({ shares: t.shares, activeSpeaker: 'cy' })).toEqual({ kind: 'screen', tileId: 'ada:screen' });
  });

  it('falls back to the active speaker when no share runs, and to nothing before anyone spoke', () => {
    expect(chooseLargeTile({ shares: [], activeSpeaker: 'cy' })).toEqual({ kind: 'speaker', tileId: 'cy' });
    expect(chooseLargeTile({ shares: [], activeSpeaker: null })).toBeNull();
  });

  it('never puts the sharer`s own screen in the large tile on their side', () => {
    expect(chooseLargeTile({ shares: ['ada:screen', 'me:screen'], activeSpeaker: 'cy', localShare: 'me:screen' })).toEqual({
      kind: 'screen',
      tileId: 'ada:screen',
    });
    expect(chooseLargeTile({ shares: ['me:screen'], activeSpeaker: 'cy', localShare: 'me:screen' })).toEqual({
      kind: 'speaker',
      tileId: 'cy',
    });
  });
});
