import { SCREENS } from './messages';

/** A full-page message: an error, an ended call, or having left. */
export function StatusScreen({ kind, onRetry }: { kind: keyof typeof SCREENS; onRetry?: () => void }) {
  const screen = SCREENS[kind];
  return (
    <main className="screen">
      <section className="card" role={kind === 'lobby-waiting' ? 'status' : 'alert'} data-testid="status-screen" data-kind={kind}>
        <h1>{screen.title}</h1>
        <p>{screen.text}</p>
        {screen.retry && onRetry && (
          <button type="button" onClick={onRetry} data-testid="retry">
            {kind === 'left' || kind === 'crashed' ? 'Rejoin' : 'Try again'}
          </button>
        )}
      </section>
    </main>
  );
}
