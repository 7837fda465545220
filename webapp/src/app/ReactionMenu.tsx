import { SmilePlus } from 'lucide-react';
import { REACTIONS, type Reaction } from '../sdk';
import { ControlButton } from './ControlButton';
import { usePopover } from './dismiss';

const REACTION_NAMES: Record<Reaction, string> = {
  '👍': 'Thumbs up',
  '👏': 'Applause',
  '❤️': 'Heart',
  '😂': 'Laughing',
  '😮': 'Surprised',
  '🎉': 'Celebrate',
};

/** The React button of the call controls and its row of emoji; picking one shows it on your tile everywhere. */
export function ReactionMenu({ onReact }: { onReact: (emoji: Reaction) => void }) {
  const { open, setOpen, toggle, button, popover } = usePopover();
  return (
    <div className="device-menu">
      <ControlButton
        icon={SmilePlus}
        label="React"
        name="React with an emoji"
        title="Send a reaction everyone sees on your tile"
        expanded={open}
        onClick={toggle}
        testId="toggle-reactions"
        ref={button}
      />
      {open && (
        <div ref={popover} className="device-popover reactions" role="group" aria-label="Reactions" data-testid="reactions">
          {REACTIONS.map((emoji) => (
            <button
              type="button"
              key={emoji}
              aria-label={REACTION_NAMES[emoji]}
              title={REACTION_NAMES[emoji]}
              onClick={() => {
                onReact(emoji);
                setOpen(false);
              }}
              data-testid={`react-${REACTION_NAMES[emoji].toLowerCase().replace(/\s+/g, '-')}`}
            >
              {emoji}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
