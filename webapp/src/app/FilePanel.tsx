import type { Room } from '../sdk';
import { formatBytes, t } from './i18n';
import { Rich } from './i18n/Rich';
import type { TransferView } from './use-room';

export function FilePanel({ room, transfers, onClose }: { room: Room; transfers: TransferView[]; onClose: () => void }) {
  const nameOf = (peerId: string) => room.participants.find((p) => p.peerId === peerId)?.name || t('common.guest');
  return (
    <aside className="panel" aria-label={t('files.title')} data-testid="file-panel">
      <header>
        <h2>{t('files.title')}</h2>
        <button type="button" onClick={onClose} aria-label={t('files.close')}>
          {t('common.close')}
        </button>
      </header>
      {transfers.length === 0 && <p>{t('files.empty')}</p>}
      <ul className="transfers">
        {transfers.map((transfer) => (
          <li key={transfer.id} data-testid="transfer" data-transfer-id={transfer.id} data-status={transfer.status} data-direction={transfer.direction}>
            <div>
              <Rich
                k={transfer.direction === 'send' ? 'files.to' : 'files.from'}
                params={{ file: <b>{transfer.meta.name}</b>, size: formatBytes(transfer.meta.size), name: nameOf(transfer.peerId) }}
              />
            </div>
            {(transfer.status === 'active' || transfer.status === 'waiting') && (
              <progress max={transfer.meta.size || 1} value={transfer.bytes} aria-label={t('files.progress', { file: transfer.meta.name })} />
            )}
            <div className="row">
              {transfer.status === 'offered' && (
                <>
                  <button type="button" onClick={() => room.files.accept(transfer.id)} data-testid="file-accept">
                    {t('files.accept')}
                  </button>
                  <button type="button" onClick={() => room.files.decline(transfer.id)} data-testid="file-decline">
                    {t('files.decline')}
                  </button>
                </>
              )}
              {transfer.status === 'waiting' && <span>{t('files.waiting')}</span>}
              {(transfer.status === 'active' || transfer.status === 'waiting') && (
                <button type="button" onClick={() => room.files.cancel(transfer.id)} aria-label={t('files.cancelName', { file: transfer.meta.name })}>
                  {t('files.cancel')}
                </button>
              )}
              {transfer.detail && <span>{transfer.detail}</span>}
              {transfer.url && (
                // A download of a neutral-typed Blob (the SDK's RECEIVED_FILE_TYPE): never opened as a page of ours.
                <a href={transfer.url} download={transfer.meta.name} type="application/octet-stream" rel="noopener" data-testid="file-save">
                  {t('files.save')}
                </a>
              )}
            </div>
          </li>
        ))}
      </ul>
    </aside>
  );
}
