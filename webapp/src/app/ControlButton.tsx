import { forwardRef } from 'react';
import type { LucideIcon } from 'lucide-react';

export interface ControlButtonProps {
  icon: LucideIcon;
  /** The short words shown beside the icon where there is room for them (the "more" menu on a phone). */
  label: string;
  /** The accessible name; the label when not given. */
  name?: string;
  /** The tooltip. */
  title: string;
  onClick: () => void;
  pressed?: boolean;
  expanded?: boolean;
  disabled?: boolean;
  danger?: boolean;
  /** A number badge (unread messages, files waiting). */
  count?: number;
  testId: string;
}

/** One button of the call's toolbar: an icon with an accessible name and a tooltip. Its ref is the <button>. */
export const ControlButton = forwardRef<HTMLButtonElement, ControlButtonProps>(function ControlButton(
  { icon: Icon, label, name, title, onClick, pressed, expanded, disabled, danger, count, testId },
  ref,
) {
  return (
    <button
      ref={ref}
      type="button"
      className={`control${danger ? ' danger' : ''}`}
      aria-label={name ?? label}
      aria-pressed={pressed}
      aria-expanded={expanded}
      title={title}
      onClick={onClick}
      disabled={disabled}
      data-testid={testId}
    >
      <Icon aria-hidden="true" size={20} strokeWidth={2} />
      <span className="label">{label}</span>
      {count !== undefined && count > 0 && <span className="count">{count}</span>}
    </button>
  );
});
