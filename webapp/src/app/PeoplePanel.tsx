import type { Room } from '../sdk';
import { t } from './i18n';

/** Everyone in the call; the host can ask someone to mute or remove them, and stop or reopen the guest link. */
export function PeoplePanel({ room, onClose }: { room: Room; onClose: () => void }) {
  return (
    <aside className="panel" aria-label={t('people.title')} data-testid="people-panel">
      <header>
        <h2>{t('people.title')}</h2>
        <button type="button" onClick={onClose} aria-label={t('people.close')}>
          {t('common.close')}
        </button>
      </header>
      {room.isHost && (
        <section className="guest-link" data-testid="guest-link" data-stopped={room.guestLinkStopped}>
          <p role="status">
            {t(room.guestLinkStopped ? 'people.linkStopped' : 'people.linkOpen')}
          </p>
          {room.guestLinkStopped ? (
            <button type="button" onClick={() => room.reopenGuestLink()} title={t('people.reopenTitle')} data-testid="reopen-guest-link">
              {t('people.reopen')}
            </button>
          ) : (
            <button type="button" className="danger" onClick={() => room.stopGuestLink()} title={t('people.stopTitle')} data-testid="stop-guest-link">
              {t('people.stop')}
            </button>
          )}
        </section>
      )}
      {room.raisedHands.length > 0 && (
        <section aria-label={t('people.hands')} data-testid="hand-queue">
          <h3>{t('people.hands')}</h3>
          <ol>
            {room.raisedHands.map(({ peerId }) => {
              const who = peerId === room.localPeerId ? t('common.you') : room.participants.find((p) => p.peerId === peerId)?.name || t('common.guest');
              return (
                <li key={peerId} data-testid={`queued-${peerId}`}>
                  <span>✋ {who}</span>
                  {(room.isHost || peerId === room.localPeerId) && (
                    <button type="button" onClick={() => room.lowerHand(peerId)} aria-label={peerId === room.localPeerId ? t('people.lowerYours') : t('people.lowerTheirs', { name: who })} data-testid="lower-hand">
                      {t('people.lower')}
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
            {t('common.nameYou', { name: room.name })}
            {room.isHost && <small> · {t('people.host')}</small>}
          </span>
        </li>
        {room.participants.map((p) => (
          <li key={p.peerId} data-testid={`person-${p.peerId}`}>
            <span>
              {p.name || t('common.guest')}
              {p.role === 'host' && <small> · {t('people.host')}</small>}
              {!p.media.audio && <small> · {t('people.muted')}</small>}
            </span>
            {room.isHost && (
              <span className="row">
                <button
                  type="button"
                  disabled={!p.media.audio}
                  onClick={() => room.requestMute(p.peerId)}
                  aria-label={t('people.askMuteName', { name: p.name || t('common.guest') })}
                  title={t('people.askMuteTitle')}
                  data-testid="ask-mute"
                >
                  {t('people.askMute')}
                </button>
                <button type="button" className="danger" onClick={() => room.removeParticipant(p.peerId)} aria-label={t('people.removeName', { name: p.name || t('common.guest') })} title={t('common.removeFromCall')}>
                  {t('common.remove')}
                </button>
              </span>
            )}
          </li>
        ))}
      </ul>
    </aside>
  );
}
