import { useState, type FormEvent } from 'react';
import type { ChatMessage, Room } from '../sdk';

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
      setError((e as Error).message);
    }
  };
  return (
    <aside className="panel" aria-label="Chat" data-testid="chat-panel">
      <header>
        <h2>Chat</h2>
        <button type="button" onClick={onClose} aria-label="Close chat">
          Close
        </button>
      </header>
      <ol className="messages" aria-live="polite" data-testid="chat-messages">
        {messages.map((m) => (
          <li key={m.id} data-testid="chat-message" data-from={m.from}>
            {/* The name and role signaling announced for the sender; a message carries neither. */}
            <b data-testid="chat-sender">{m.from === room.localPeerId ? 'You' : `${m.name || 'Guest'}${m.role === 'host' ? ' (host)' : ''}`}</b>{' '}
            <time dateTime={new Date(m.sentAt).toISOString()}>
              {new Date(m.sentAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}
            </time>
            <p>{m.text}</p>
          </li>
        ))}
      </ol>
      <form onSubmit={submit}>
        <input
          aria-label="Message"
          data-autofocus
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder="Message everyone"
          maxLength={4000}
          data-testid="chat-input"
        />
        <button type="submit" disabled={!text.trim()}>
          Send
        </button>
      </form>
      {error && <p role="alert">{error}</p>}
    </aside>
  );
}
