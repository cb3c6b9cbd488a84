import type { RegisterOfflineStatus } from '../../../offline/register-offline';
import './offline.css';

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/**
 * One line above the sale: online or not, what is waiting to be sent, syncing; red with a button when the
 * server refused sales (they are kept for a manager).
 */
export function OfflineBanner({
  status,
  onShowRejected,
}: {
  status: RegisterOfflineStatus;
  onShowRejected: () => void;
}) {
  const { outbox, catalog } = status;
  const isOffline = !status.isBrowserOnline || !outbox.isReachable;
  const parts: string[] = [];
  if (isOffline) {
    parts.push('sales are saved on this till and sent when the server is back');
  }
  if (outbox.isSending) {
    parts.push('syncing…');
  } else if (outbox.needsSignIn && outbox.queued > 0) {
    parts.push('sign in again to send the queue');
  }
  if (catalog.isSyncing) {
    parts.push(catalog.syncedAt === null ? 'loading products for offline use…' : 'updating products…');
  }
  const hasRejected = outbox.rejected > 0;
  const tone = hasRejected ? 'rejected' : isOffline ? 'offline' : 'online';
  return (
    <output
      className={`offline-banner offline-banner-${tone}`}
      data-testid="offline-banner"
      data-state={isOffline ? 'offline' : 'online'}
      data-catalog={catalog.syncedAt !== null && !catalog.isSyncing ? 'synced' : 'syncing'}
    >
      <strong data-testid="offline-state">{isOffline ? 'Offline' : 'Online'}</strong>
      <span className="offline-banner-text">{parts.join(' · ')}</span>
      <span className="offline-banner-count" data-testid="offline-queued-count" data-count={outbox.queued}>
        {plural(outbox.queued, 'sale', 'sales')} to send
      </span>
      {hasRejected && (
        <span className="offline-banner-rejected-part" role="alert" data-testid="offline-rejected">
          <strong>{plural(outbox.rejected, 'sale', 'sales')} refused, kept here</strong>
          <button
            type="button"
            className="button button-secondary offline-banner-button"
            onClick={onShowRejected}
          >
            Show <kbd>Alt+Q</kbd>
          </button>
        </span>
      )}
    </output>
  );
}
