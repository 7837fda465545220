import { useRef, useState, type KeyboardEvent, type PointerEvent, type ReactNode } from 'react';
import { t } from './i18n';
import { clampShift, cornerAfterKey, nearestCorner, rememberedCorner, rememberCorner, type Corner } from './self-view-corner';

interface Drag {
  pointerId: number;
  startX: number;
  startY: number;
  box: DOMRect;
  area: DOMRect;
}

/**
 * Your own tile. Alone, it is an ordinary grid tile. Once others are present (`floating`), it becomes a small tile
 * over the grid's corner: drag it with a pointer or move it with the arrow keys when focused; it snaps to the nearest
 * corner of the grid (so it never leaves the screen) and the corner is remembered for the next call.
 */
export function SelfView({ floating, children }: { floating: boolean; children: ReactNode }) {
  const [corner, setCorner] = useState<Corner>(rememberedCorner);
  const [shift, setShift] = useState<{ dx: number; dy: number } | null>(null);
  const drag = useRef<Drag | null>(null);
  const element = useRef<HTMLDivElement>(null);

  if (!floating) return <div className="self-view">{children}</div>;

  const settle = (next: Corner) => {
    setCorner(next);
    rememberCorner(next);
  };
  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    const area = element.current?.parentElement?.getBoundingClientRect();
    if (!element.current || !area || (event.pointerType === 'mouse' && event.button !== 0)) return;
    // Buttons on the tile (Verify on a remote tile; none on ours today) keep their clicks.
    if ((event.target as HTMLElement).closest('button')) return;
    element.current.setPointerCapture(event.pointerId);
    drag.current = { pointerId: event.pointerId, startX: event.clientX, startY: event.clientY, box: element.current.getBoundingClientRect(), area };
  };
  const onPointerMove = (event: PointerEvent<HTMLDivElement>) => {
    const d = drag.current;
    if (!d || d.pointerId !== event.pointerId) return;
    setShift(clampShift(event.clientX - d.startX, event.clientY - d.startY, d.box, d.area));
  };
  const onPointerEnd = (event: PointerEvent<HTMLDivElement>) => {
    const d = drag.current;
    if (!d || d.pointerId !== event.pointerId) return;
    drag.current = null;
    const moved = clampShift(event.clientX - d.startX, event.clientY - d.startY, d.box, d.area);
    setShift(null);
    const centreX = d.box.left + d.box.width / 2 + moved.dx;
    const centreY = d.box.top + d.box.height / 2 + moved.dy;
    settle(nearestCorner(centreX, centreY, d.area));
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.target !== event.currentTarget) return;
    const next = cornerAfterKey(corner, event.key);
    if (next === corner) return;
    event.preventDefault();
    settle(next);
  };

  return (
    <div
      ref={element}
      className={`self-view floating ${corner}${shift ? ' dragging' : ''}`}
      style={shift ? { transform: `translate(${shift.dx}px, ${shift.dy}px)` } : undefined}
      data-testid="self-view"
      data-corner={corner}
      tabIndex={0}
      role="group"
      aria-label={t('selfView.label')}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerEnd}
      onPointerCancel={onPointerEnd}
      onKeyDown={onKeyDown}
    >
      {children}
    </div>
  );
}
