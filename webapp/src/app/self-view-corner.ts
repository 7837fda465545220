// Where the small self-view sits over the call's grid: pure placement rules, kept apart from the component for tests.

/** A corner of the call's grid where the small self-view sits. */
export type Corner = 'top-left' | 'top-right' | 'bottom-left' | 'bottom-right';

const CORNERS: readonly Corner[] = ['top-left', 'top-right', 'bottom-left', 'bottom-right'];
const STORAGE_KEY = 'otter.selfViewCorner';
const DEFAULT_CORNER: Corner = 'bottom-right';

/** The corner chosen in an earlier call on this device, or the default. */
export function rememberedCorner(): Corner {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    return CORNERS.includes(stored as Corner) ? (stored as Corner) : DEFAULT_CORNER;
  } catch {
    return DEFAULT_CORNER;
  }
}

/** The corner an arrow key moves the self-view to: it changes one side (left/right or top/bottom), keeping the other. */
export function cornerAfterKey(corner: Corner, key: string): Corner {
  const [vertical, horizontal] = corner.split('-') as ['top' | 'bottom', 'left' | 'right'];
  switch (key) {
    case 'ArrowLeft':
      return `${vertical}-left`;
    case 'ArrowRight':
      return `${vertical}-right`;
    case 'ArrowUp':
      return `top-${horizontal}`;
    case 'ArrowDown':
      return `bottom-${horizontal}`;
    default:
      return corner;
  }
}

/** The corner nearest to a point, within an area: the quarter of the area the point lies in. */
export function nearestCorner(x: number, y: number, area: { left: number; top: number; width: number; height: number }): Corner {
  const vertical = y < area.top + area.height / 2 ? 'top' : 'bottom';
  const horizontal = x < area.left + area.width / 2 ? 'left' : 'right';
  return `${vertical}-${horizontal}`;
}

/** How far a box may move from where it is and stay inside an area, per axis. */
export function clampShift(
  dx: number,
  dy: number,
  box: { left: number; top: number; right: number; bottom: number },
  area: { left: number; top: number; right: number; bottom: number },
): { dx: number; dy: number } {
  const clamp = (v: number, min: number, max: number) => Math.min(Math.max(v, min), max);
  return { dx: clamp(dx, area.left - box.left, area.right - box.right), dy: clamp(dy, area.top - box.top, area.bottom - box.bottom) };
}

/** Keeps the corner for the next call; storage can be off (private mode, blocked cookies): it then lasts this call. */
export function rememberCorner(corner: Corner): void {
  try {
    localStorage.setItem(STORAGE_KEY, corner);
  } catch {
    // See above: nothing to keep it in.
  }
}
