import { SmilePlus } from 'lucide-react';
import { REACTIONS, type Reaction } from '../sdk';
import { ControlButton } from './ControlButton';
import { usePopover } from './dismiss';
import { t, type MessageKey } from './i18n';

/** Each reaction's name in the catalog, and its test id (`react-<id>`), the same in every language. */
const REACTION_NAMES: Record<Reaction, { key: MessageKey; id: string }> = {
  '👍': { key: 'reaction.thumbsUp', id: 'thumbs-up' },
  '👏': { key: 'reaction.applause', id: 'applause' },
  '❤️': { key: 'reaction.heart', id: 'heart' },
  '😂': { key: 'reaction.laughing', id: 'laughing' },
  '😮': { key: 'reaction.surprised', id: 'surprised' },
  '🎉': { key: 'reaction.celebrate', id: 'celebrate' },
};

/** The React button of the call controls and its row of emoji; picking one shows it on your tile everywhere. */
export function ReactionMenu({ onReact }: { onReact: (emoji: Reaction) => void }) {
  const { open, setOpen, toggle, button, popover } = usePopover();
  return (
    <div className="device-menu">
      <ControlButton
        icon={SmilePlus}
        label={t('controls.react')}
        name={t('controls.reactName')}
        title={t('controls.reactTitle')}
        expanded={open}
        onClick={toggle}
        testId="toggle-reactions"
        ref={button}
      />
      {open && (
        <div ref={popover} className="device-popover reactions" role="group" aria-label={t('controls.reactions')} data-testid="reactions">
          {REACTIONS.map((emoji) => (
            <button
              type="button"
              key={emoji}
              aria-label={t(REACTION_NAMES[emoji].key)}
              title={t(REACTION_NAMES[emoji].key)}
              onClick={() => {
                onReact(emoji);
                setOpen(false);
              }}
              data-testid={`react-${REACTION_NAMES[emoji].id}`}
            >
              {emoji}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
