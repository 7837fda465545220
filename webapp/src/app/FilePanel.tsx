import type { Room } from '../sdk';
import type { TransferView } from './use-room';

export function FilePanel({ room, transfers, onClose }: { room: Room; transfers: TransferView[]; onClose: () => void }) {
  const nameOf = (peerId: string) => room.participants.find((p) => p.peerId === peerId)?.name || 'Guest';
  return (
    <aside className="panel" aria-label="Files" data-testid="file-panel">
      <header>
        <h2>Files</h2>
        <button type="button" onClick={onClose} aria-label="Close files">
          Close
        </button>
      </header>
      {transfers.length === 0 && <p>Files you send or receive appear here. They go straight to the others, never via a server.</p>}
      <ul className="transfers">
        {transfers.map((t) => (
          <li key={t.id} data-testid="transfer" data-transfer-id={t.id} data-status={t.status} data-direction={t.direction}>
            <div>
              <b>{t.meta.name}</b> ({formatBytes(t.meta.size)}) {t.direction === 'send' ? 'to' : 'from'} {nameOf(t.peerId)}
            </div>
            {(t.status === 'active' || t.status === 'waiting') && (
              <progress max={t.meta.size || 1} value={t.bytes} aria-label={`${t.meta.name} progress`} />
            )}
            <div className="row">
              {t.status === 'offered' && (
                <>
                  <button type="button" onClick={() => room.files.accept(t.id)} data-testid="file-accept">
                    Accept
                  </button>
                  <button type="button" onClick={() => room.files.decline(t.id)} data-testid="file-decline">
                    Decline
                  </button>
                </>
              )}
              {t.status === 'waiting' && <span>Waiting for them to accept…</span>}
              {(t.status === 'active' || t.status === 'waiting') && (
                <button type="button" onClick={() => room.files.cancel(t.id)} aria-label={`Cancel ${t.meta.name}`}>
                  Cancel
                </button>
              )}
              {t.detail && <span>{t.detail}</span>}
              {t.url && (
                // A download of a neutral-typed Blob (the SDK's RECEIVED_FILE_TYPE): never opened as a page of ours.
                <a href={t.url} download={t.meta.name} type="application/octet-stream" rel="noopener" data-testid="file-save">
                  Save
                </a>
              )}
            </div>
          </li>
        ))}
      </ul>
    </aside>
  );
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}
