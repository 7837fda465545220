import { useState, type FormEvent } from 'react';
import type { ChatMessage, Room } from '../sdk';
import { formatTime, t } from './i18n';
import { describeError } from './messages';

export function ChatPanel({ room, messages, onClose }: { room: Room; messages: ChatMessage[]; onClose: () => void }) {
  const [text, setText] = useState('');
  const [error, setError] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    try {
      room.sendChat(text);
      setText('');
      setError('');
    } catch (e) {
      setError(describeError(e));
    }
  };
  return (
    <aside className="panel" aria-label={t('chat.title')} data-testid="chat-panel">
      <header>
        <h2>{t('chat.title')}</h2>
        <button type="button" onClick={onClose} aria-label={t('chat.close')}>
          {t('common.close')}
        </button>
      </header>
      <ol className="messages" aria-live="polite" data-testid="chat-messages">
        {messages.map((m) => (
          <li key={m.id} data-testid="chat-message" data-from={m.from}>
            {/* The name and role signaling announced for the sender; a message carries neither. */}
            <b data-testid="chat-sender">{m.from === room.localPeerId ? t('common.you') : m.role === 'host' ? t('common.nameHost', { name: m.name || t('common.guest') }) : m.name || t('common.guest')}</b>{' '}
            <time dateTime={new Date(m.sentAt).toISOString()}>
              {formatTime(m.sentAt)}
            </time>
            <p>{m.text}</p>
          </li>
        ))}
      </ol>
      <form onSubmit={submit}>
        <input
          aria-label={t('chat.message')}
          data-autofocus
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder={t('chat.placeholder')}
          maxLength={4000}
          data-testid="chat-input"
        />
        <button type="submit" disabled={!text.trim()}>
          {t('chat.send')}
        </button>
      </form>
      {error && <p role="alert">{error}</p>}
    </aside>
  );
}
