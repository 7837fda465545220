import type { Room } from '../sdk';

/** Everyone in the call; the host can ask someone to mute or remove them, and stop or reopen the guest link. */
export function PeoplePanel({ room, onClose }: { room: Room; onClose: () => void }) {
  return (
    <aside className="panel" aria-label="People" data-testid="people-panel">
      <header>
        <h2>People</h2>
        <button type="button" onClick={onClose} aria-label="Close the people list">
          Close
        </button>
      </header>
      {room.isHost && (
        <section className="guest-link" data-testid="guest-link" data-stopped={room.guestLinkStopped}>
          <p role="status">
            {room.guestLinkStopped
              ? 'The guest link is stopped: new guests are turned away. Everyone here stays in the call.'
              : 'Anyone with the guest link can join.'}
          </p>
          {room.guestLinkStopped ? (
            <button type="button" onClick={() => room.reopenGuestLink()} title="Let new guests join with the link again" data-testid="reopen-guest-link">
              Reopen guest link
            </button>
          ) : (
            <button type="button" className="danger" onClick={() => room.stopGuestLink()} title="Turn away anyone new who opens the guest link" data-testid="stop-guest-link">
              Stop guest link
            </button>
          )}
        </section>
      )}
      {room.raisedHands.length > 0 && (
        <section aria-label="Raised hands" data-testid="hand-queue">
          <h3>Raised hands</h3>
          <ol>
            {room.raisedHands.map(({ peerId }) => {
              const who = peerId === room.localPeerId ? 'You' : room.participants.find((p) => p.peerId === peerId)?.name || 'Guest';
              return (
                <li key={peerId} data-testid={`queued-${peerId}`}>
                  <span>✋ {who}</span>
                  {(room.isHost || peerId === room.localPeerId) && (
                    <button type="button" onClick={() => room.lowerHand(peerId)} aria-label={`Lower ${peerId === room.localPeerId ? 'your' : `${who}'s`} hand`} data-testid="lower-hand">
                      Lower
                    </button>
                  )}
                </li>
              );
            })}
          </ol>
        </section>
      )}
      <ul className="people">
        <li>
          <span>
            {room.name} (you){room.isHost && <small> · host</small>}
          </span>
        </li>
        {room.participants.map((p) => (
          <li key={p.peerId} data-testid={`person-${p.peerId}`}>
            <span>
              {p.name || 'Guest'}
              {p.role === 'host' && <small> · host</small>}
              {!p.media.audio && <small> · muted</small>}
            </span>
            {room.isHost && (
              <span className="row">
                <button
                  type="button"
                  disabled={!p.media.audio}
                  onClick={() => room.requestMute(p.peerId)}
                  aria-label={`Ask to mute: ${p.name || 'Guest'}`}
                  title="They see your request and decide"
                  data-testid="ask-mute"
                >
                  Ask to mute
                </button>
                <button type="button" className="danger" onClick={() => room.removeParticipant(p.peerId)} aria-label={`Remove ${p.name || 'Guest'}`} title="Remove from the call">
                  Remove
                </button>
              </span>
            )}
          </li>
        ))}
      </ul>
    </aside>
  );
}
