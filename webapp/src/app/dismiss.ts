import { useEffect, useRef, useState, type RefObject } from 'react';

/** The popovers, menus and panels open now, the most recently opened last: Escape closes only that one. */
const openLayers: symbol[] = [];

const FOCUSABLE = 'button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), a[href], [tabindex]:not([tabindex="-1"])';

/** The element to focus when `container` opens: one marked `data-autofocus`, else its first focusable control. */
export function firstFocusTarget(container: ParentNode): HTMLElement | null {
  return container.querySelector<HTMLElement>('[data-autofocus]') ?? container.querySelector<HTMLElement>(FOCUSABLE);
}

/** Whether a keydown should close the top layer: Escape with no modifier, not already handled (a native picker). */
export function isDismissKey(event: Pick<KeyboardEvent, 'key' | 'defaultPrevented' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>): boolean {
  return event.key === 'Escape' && !event.defaultPrevented && !event.ctrlKey && !event.metaKey && !event.altKey && !event.shiftKey;
}

/**
 * Keyboard behaviour of something a button opens (a popover, the More menu, a side panel). `openKey` is null or
 * false while closed; any other value means open, and a new value counts as opening anew (chat → people).
 * - When it opens, focus moves into `container` (see firstFocusTarget), so the keyboard continues there.
 * - Escape closes it (only the most recently opened one, when several are open) and focus returns to `opener`.
 * - Closed any other way while focus was inside it (its Close button), focus returns to `opener` too, instead of
 *   falling to the top of the page.
 */
export function useDismiss(
  openKey: unknown,
  close: () => void,
  opener: RefObject<HTMLElement | null> | null,
  container: RefObject<HTMLElement | null>,
): void {
  const latestClose = useRef(close);
  latestClose.current = close;
  const latestOpener = useRef(opener);
  latestOpener.current = opener;
  const open = openKey !== null && openKey !== undefined && openKey !== false;
  useEffect(() => {
    if (!open) return;
    const layer = Symbol('layer');
    openLayers.push(layer);
    const box = container.current;
    const returnTo = latestOpener.current;
    if (box) firstFocusTarget(box)?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (!isDismissKey(event) || openLayers[openLayers.length - 1] !== layer) return;
      event.preventDefault();
      latestClose.current();
      returnTo?.current?.focus();
    };
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('keydown', onKey);
      openLayers.splice(openLayers.indexOf(layer), 1);
      // Its content is gone from the page by now; focus that was in it has fallen to <body>.
      const lost = !document.activeElement || document.activeElement === document.body || (box !== null && box.contains(document.activeElement));
      if (lost) returnTo?.current?.focus();
    };
  }, [open, openKey]);
}

/** A button and the popover it opens, with the keyboard behaviour of useDismiss. Put the refs on both. */
export function usePopover() {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const popover = useRef<HTMLDivElement>(null);
  useDismiss(open, () => setOpen(false), button, popover);
  return { open, setOpen, toggle: () => setOpen((was) => !was), button, popover };
}
