import { describe, expect, it } from 'vitest';
import { ANNOUNCEMENTS_KEPT, newlyRaised, withAnnouncement } from './Announcer';

describe('withAnnouncement', () => {
  it('adds the new announcement last', () => {
    expect(withAnnouncement([{ id: 1, text: 'Ada joined' }], { id: 2, text: 'Ada left' })).toEqual([
      { id: 1, text: 'Ada joined' },
      { id: 2, text: 'Ada left' },
    ]);
  });

  it(`keeps only the latest ${ANNOUNCEMENTS_KEPT}`, () => {
    let all: { id: number; text: string }[] = [];
    for (let id = 1; id <= ANNOUNCEMENTS_KEPT + 2; id++) all = withAnnouncement(all, { id, text: `news ${id}` });
    expect(all.map((a) => a.id)).toEqual([3, 4, 5, 6, 7]);
  });
});

describe('newlyRaised', () => {
  it('is the hands up now that were not before, in queue order', () => {
    expect(newlyRaised(['a'], ['a', 'c', 'b'])).toEqual(['c', 'b']);
  });

  it('is empty when hands only went down', () => {
    expect(newlyRaised(['a', 'b'], ['b'])).toEqual([]);
  });
});
