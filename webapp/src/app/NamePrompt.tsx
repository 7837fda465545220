import { useState, type FormEvent } from 'react';

/** Asks for the name the others will see; the full pre-join screen with device previews comes later. */
export function NamePrompt({ initialName, busy, onJoin }: { initialName: string; busy: boolean; onJoin: (name: string) => void }) {
  const [name, setName] = useState(initialName);
  const trimmed = name.trim();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (trimmed) onJoin(trimmed);
  };
  return (
    <main className="screen">
      <form onSubmit={submit} className="card" data-testid="name-prompt">
        <h1>Join the call</h1>
        <label htmlFor="name">Your name</label>
        <input id="name" value={name} onChange={(e) => setName(e.target.value)} maxLength={60} autoFocus autoComplete="name" required />
        <button type="submit" disabled={!trimmed || busy} data-testid="join">
          {busy ? 'Joining…' : 'Join'}
        </button>
        <p className="hint">Your browser will ask for your camera and microphone. Audio, video, chat and files go directly between you and the others.</p>
      </form>
    </main>
  );
}
