import type { RegisterOfflineStatus } from '../../../offline/register-offline';
import './offline.css';

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** One line above the sale: online or not, what is waiting to be sent, and refused sales in red. */
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
  if (outbox.queued > 0) {
    parts.push(`${plural(outbox.queued, 'sale', 'sales')} waiting to be sent`);
  }
  if (outbox.isSending) {
    parts.push('syncing…');
  } else if (outbox.needsSignIn && outbox.queued > 0) {
    parts.push('sign in again to send them');
  }
  if (catalog.isSyncing) {
    parts.push(catalog.syncedAt === null ? 'loading products for offline use…' : 'updating products…');
  }
  return (
    <div className="offline-banners">
      <output
        className={`offline-banner ${isOffline ? 'offline-banner-offline' : 'offline-banner-online'}`}
        data-testid="offline-banner"
        data-state={isOffline ? 'offline' : 'online'}
        data-catalog={catalog.syncedAt !== null && !catalog.isSyncing ? 'synced' : 'syncing'}
      >
        <strong data-testid="offline-state">{isOffline ? 'Offline' : 'Online'}</strong>
        <span>
          {isOffline ? 'Sales are saved on this till and sent when the server is back.' : ''}
          {parts.length > 0 ? ` ${parts.join(' · ')}` : ''}
        </span>
        <span className="offline-banner-count" data-testid="offline-queued-count" data-count={outbox.queued}>
          Queue: {outbox.queued}
        </span>
      </output>
      {outbox.rejected > 0 && (
        <div className="offline-banner offline-banner-rejected" role="alert" data-testid="offline-rejected">
          <strong>
            {plural(outbox.rejected, 'sale was', 'sales were')} refused by the server and kept on this till.
          </strong>
          <span>A manager must look at {outbox.rejected === 1 ? 'it' : 'them'}.</span>
          <button
            type="button"
            className="button button-secondary offline-banner-button"
            onClick={onShowRejected}
          >
            Show refused sales <kbd>Alt+Q</kbd>
          </button>
        </div>
      )}
    </div>
  );
}
