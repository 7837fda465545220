import { t } from './i18n';
import { SCREENS, type ScreenKind } from './messages';

/** A full-page message: an error, an ended call, or having left. */
export function StatusScreen({ kind, onRetry }: { kind: ScreenKind; onRetry?: () => void }) {
  const screen = SCREENS[kind];
  return (
    <main className="screen">
      <section className="card" role={kind === 'lobby-waiting' ? 'status' : 'alert'} data-testid="status-screen" data-kind={kind}>
        <h1>{t(screen.title)}</h1>
        <p>{t(screen.text)}</p>
        {screen.retry && onRetry && (
          <button type="button" onClick={onRetry} data-testid="retry">
            {kind === 'left' || kind === 'crashed' ? t('status.rejoin') : t('common.tryAgain')}
          </button>
        )}
      </section>
    </main>
  );
}
