import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { describeApiError, fieldErrors } from '../../../api/field-errors';
import { useVisibleStores } from '../../../api/stores';
import { type Column, DataTable } from '../../../ui/DataTable';
import { PageHeader } from '../../../ui/PageHeader';
import { StoreSelect } from '../../../ui/StoreSelect';
import { type AuditEntry, type AuditFilters, listAuditLog } from '../api/list-audit-log';
import { useUsers } from '../hooks/use-admin-data';
import { AdminTabs } from './AdminTabs';

/** The actions the server writes, for the filter's suggestions (any text may still be typed). */
const KNOWN_ACTIONS = [
  'auth.login',
  'auth.login_failed',
  'auth.lockout',
  'auth.login_refused_locked',
  'auth.logout',
  'auth.unlock',
  'user.created',
  'user.updated',
  'user.password_reset',
  'user.deactivated',
  'user.unlocked',
  'store.created',
  'store.updated',
  'sale.approved',
  'sale.voided',
  'product.created',
  'product.updated',
  'product.price_changed',
  'product.imported',
  'inventory.adjusted',
  'inventory.reorder_changed',
  'stock.received',
  'stock_count.started',
  'stock_count.submitted',
  'stock_count.cancelled',
  'transfer.sent',
  'transfer.received',
  'transfer.cancelled',
  'customer.created',
  'customer.updated',
  'loyalty_program.created',
  'loyalty_program.updated',
  'loyalty.goodwill_reward',
  'receipt.emailed',
];

type DateRange = { from: string; to: string };

/** Dates are the viewer's own calendar days: from midnight to the next midnight, in this browser's zone. */
function rangeFilters(range: DateRange): { from: string; to: string; error: string | null } {
  const start = range.from === '' ? '' : new Date(`${range.from}T00:00:00`).toISOString();
  let end = '';
  if (range.to !== '') {
    const next = new Date(`${range.to}T00:00:00`);
    next.setDate(next.getDate() + 1);
    end = next.toISOString();
  }
  const error =
    range.from !== '' && range.to !== '' && range.to < range.from ? 'must not be before From' : null;
  return { from: start, to: end, error };
}

const TIME_FORMAT = new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'medium' });

/** Store ids read as their codes; other text as is. */
function describeValue(value: unknown, storeCode: ReadonlyMap<string, string>): string {
  if (typeof value === 'string') {
    return storeCode.get(value) ?? value;
  }
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) {
    return value.map((item) => storeCode.get(item) ?? item).join(', ');
  }
  return JSON.stringify(value);
}

/** Details as "key: value" pairs on one line; the whole JSON is in the cell's tooltip. */
function describeDetails(details: Record<string, unknown>, storeCode: ReadonlyMap<string, string>): string {
  return Object.entries(details)
    .map(([key, value]) => `${key}: ${describeValue(value, storeCode)}`)
    .join(' · ');
}

type Props = { isAdmin: boolean };

/** Who did what, when, from where; managers see their stores' entries (the API scopes them). */
export function AuditLogPage({ isAdmin }: Props) {
  const stores = useVisibleStores();
  const users = useUsers(isAdmin);
  const [action, setAction] = useState('');
  const [userId, setUserId] = useState('');
  const [storeId, setStoreId] = useState('');
  const [range, setRange] = useState<DateRange>({ from: '', to: '' });
  const dates = rangeFilters(range);
  const filters: AuditFilters = {
    action: action.trim(),
    userId,
    storeId,
    from: dates.from,
    to: dates.to,
  };
  const log = useInfiniteQuery({
    queryKey: ['admin', 'audit', filters],
    queryFn: ({ pageParam, signal }) => listAuditLog(filters, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    enabled: dates.error === null,
  });
  const entries = log.data?.pages.flatMap((page) => page.items) ?? [];
  const errors = fieldErrors(log.error);
  const storeCode = new Map((stores.data ?? []).map((store) => [store.id, store.code]));

  // Managers cannot list users: their choice is everyone seen in the entries loaded so far.
  const userOptions = isAdmin
    ? (users.data ?? []).map((user) => ({ id: user.id, label: `${user.name} (${user.username})` }))
    : [
        ...new Map(
          entries
            .filter((entry) => entry.actorUserId !== null)
            .map((entry) => [entry.actorUserId!, entry.actorName ?? entry.actorUserId!]),
        ),
      ].map(([id, label]) => ({ id, label }));
  userOptions.sort((a, b) => a.label.localeCompare(b.label));

  const columns: Column<AuditEntry>[] = [
    {
      id: 'time',
      header: 'When',
      cell: (entry) => TIME_FORMAT.format(new Date(entry.occurredAt)),
      sortValue: (entry) => entry.occurredAt,
    },
    {
      id: 'action',
      header: 'Action',
      cell: (entry) => <code className="admin-action">{entry.action}</code>,
      sortValue: (entry) => entry.action,
    },
    {
      id: 'user',
      header: 'User',
      cell: (entry) => (
        <>
          {entry.actorName ?? (entry.actorUserId ? entry.actorUserId.slice(0, 8) : '—')}
          {entry.approverUserId && (
            <span className="admin-approver">
              approved by {entry.approverName ?? entry.approverUserId.slice(0, 8)}
            </span>
          )}
        </>
      ),
      sortValue: (entry) => entry.actorName,
    },
    {
      id: 'store',
      header: 'Store',
      cell: (entry) => (entry.storeId ? (storeCode.get(entry.storeId) ?? entry.storeId.slice(0, 8)) : '—'),
      sortValue: (entry) => (entry.storeId ? (storeCode.get(entry.storeId) ?? entry.storeId) : null),
    },
    {
      id: 'details',
      header: 'Subject and details',
      cell: (entry) => {
        const text = describeDetails(entry.details, storeCode);
        const subject = entry.entityType
          ? `${entry.entityType}${entry.entityId ? ` ${entry.entityId.slice(0, 8)}` : ''}`
          : null;
        return (
          <span className="admin-details" title={JSON.stringify(entry.details, null, 2)}>
            {subject && <strong className="admin-subject">{subject}</strong>}
            {subject && text ? ' · ' : ''}
            {text}
          </span>
        );
      },
    },
    { id: 'ip', header: 'From', cell: (entry) => entry.ip ?? '' },
  ];

  return (
    <section className="backoffice" aria-labelledby="admin-audit-title">
      <AdminTabs isAdmin={isAdmin} />
      <PageHeader
        title="Audit log"
        titleId="admin-audit-title"
        subtitle={
          isAdmin
            ? 'Who did what, when and from where, newest first.'
            : 'Who did what in your stores, newest first.'
        }
      />
      <div className="toolbar admin-audit-filters">
        <span className="inline-field">
          <label htmlFor="audit-action">Action</label>
          <input
            id="audit-action"
            list="audit-actions"
            value={action}
            placeholder="Any action"
            onChange={(event) => setAction(event.target.value)}
            aria-invalid={errors.action ? true : undefined}
          />
          {errors.action && <span className="form-error">{errors.action}</span>}
        </span>
        <datalist id="audit-actions">
          {KNOWN_ACTIONS.map((known) => (
            <option key={known} value={known} />
          ))}
        </datalist>
        <span className="inline-field">
          <label htmlFor="audit-user">User</label>
          <select id="audit-user" value={userId} onChange={(event) => setUserId(event.target.value)}>
            <option value="">Anyone</option>
            {userOptions.map((option) => (
              <option key={option.id} value={option.id}>
                {option.label}
              </option>
            ))}
          </select>
        </span>
        {stores.data && (
          <StoreSelect id="audit-store" stores={stores.data} value={storeId} onChange={setStoreId} allowAll />
        )}
        <span className="inline-field">
          <label htmlFor="audit-from">From</label>
          <input
            id="audit-from"
            type="date"
            value={range.from}
            onChange={(event) => setRange((current) => ({ ...current, from: event.target.value }))}
          />
          {errors.from && <span className="form-error">{errors.from}</span>}
        </span>
        <span className="inline-field">
          <label htmlFor="audit-to">To</label>
          <input
            id="audit-to"
            type="date"
            value={range.to}
            aria-invalid={dates.error ? true : undefined}
            aria-describedby={dates.error ? 'audit-to-error' : undefined}
            onChange={(event) => setRange((current) => ({ ...current, to: event.target.value }))}
          />
          {(dates.error ?? errors.to) && (
            <span id="audit-to-error" className="form-error" role="alert">
              {dates.error ?? errors.to}
            </span>
          )}
        </span>
        {(action || userId || storeId || range.from || range.to) && (
          <button
            type="button"
            className="button button-secondary"
            onClick={() => {
              setAction('');
              setUserId('');
              setStoreId('');
              setRange({ from: '', to: '' });
            }}
          >
            Clear filters
          </button>
        )}
      </div>
      {log.isError && (
        <p className="alert" role="alert">
          The audit log could not be loaded. {describeApiError(log.error)}
        </p>
      )}
      {log.isPending && dates.error === null ? (
        <p>Loading…</p>
      ) : (
        <DataTable
          caption="Audit log"
          testId="admin-audit-table"
          columns={columns}
          rows={entries}
          rowKey={(entry) => entry.id}
          empty="No entries match these filters."
        />
      )}
      <div className="admin-more">
        <span className="form-hint">
          {entries.length} {entries.length === 1 ? 'entry' : 'entries'} shown
          {log.hasNextPage ? '; more are older' : ''}
        </span>
        {log.hasNextPage && (
          <button
            type="button"
            className="button button-secondary"
            disabled={log.isFetchingNextPage}
            onClick={() => void log.fetchNextPage()}
          >
            {log.isFetchingNextPage ? 'Loading…' : 'Show older entries'}
          </button>
        )}
      </div>
    </section>
  );
}
