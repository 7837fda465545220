import { describe, expect, it } from 'vitest';
import { clampShift, cornerAfterKey, nearestCorner } from './self-view-corner';

describe('self-view corner', () => {
  it('arrow keys change one side and keep the other', () => {
    expect(cornerAfterKey('bottom-right', 'ArrowLeft')).toBe('bottom-left');
    expect(cornerAfterKey('bottom-left', 'ArrowUp')).toBe('top-left');
    expect(cornerAfterKey('top-left', 'ArrowRight')).toBe('top-right');
    expect(cornerAfterKey('top-right', 'ArrowDown')).toBe('bottom-right');
    expect(cornerAfterKey('top-right', 'ArrowUp')).toBe('top-right');
    expect(cornerAfterKey('top-right', 'Enter')).toBe('top-right');
  });

  it('a drop lands in the corner of the quarter it ends in', () => {
    const area = { left: 0, top: 50, width: 400, height: 600 };
    expect(nearestCorner(10, 60, area)).toBe('top-left');
    expect(nearestCorner(390, 60, area)).toBe('top-right');
    expect(nearestCorner(10, 640, area)).toBe('bottom-left');
    expect(nearestCorner(201, 351, area)).toBe('bottom-right');
  });

  it('a drag never takes the tile outside the area', () => {
    const area = { left: 0, top: 0, right: 400, bottom: 600 };
    const box = { left: 280, top: 500, right: 380, bottom: 580 };
    expect(clampShift(500, 500, box, area)).toEqual({ dx: 20, dy: 20 });
    expect(clampShift(-1000, -1000, box, area)).toEqual({ dx: -280, dy: -500 });
    expect(clampShift(-30, 10, box, area)).toEqual({ dx: -30, dy: 10 });
  });
});
