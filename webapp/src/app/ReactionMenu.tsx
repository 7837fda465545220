import { useState } from 'react';
import { SmilePlus } from 'lucide-react';
import { REACTIONS, type Reaction } from '../sdk';
import { ControlButton } from './ControlButton';

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
  const [open, setOpen] = useState(false);
  return (
    <div className="device-menu">
      <ControlButton
        icon={SmilePlus}
        label="React"
        name="Send a reaction"
        title="Send a reaction everyone sees on your tile"
        expanded={open}
        onClick={() => setOpen(!open)}
        testId="toggle-reactions"
      />
      {open && (
        <div className="device-popover reactions" role="group" aria-label="Reactions" data-testid="reactions">
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
