import { useState } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { describeApiError } from '../../../api/field-errors';
import { type Column, DataTable } from '../../../ui/DataTable';
import { PageHeader } from '../../../ui/PageHeader';
import type { AdminUser } from '../api/list-users';
import { useAllStores, useUsers } from '../hooks/use-admin-data';
import { AdminTabs } from './AdminTabs';
import { noticeOf } from './notice';
import { isLocked, ROLE_LABELS, UserStatusBadge } from './user-status';

function lastSignIn(user: AdminUser): string {
  return user.lastLoginAt
    ? new Date(user.lastLoginAt).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' })
    : 'never';
}

/** Everyone who signs in: role, stores, PIN and whether the account is usable; a row opens the user. */
export function UsersPage() {
  const users = useUsers();
  const stores = useAllStores();
  const navigate = useNavigate();
  const notice = noticeOf(useLocation().state);
  const [search, setSearch] = useState('');
  const codeOf = new Map((stores.data ?? []).map((store) => [store.id, store.code]));
  const needle = search.trim().toLowerCase();
  const rows = (users.data ?? []).filter(
    (user) =>
      needle === '' ||
      user.username.toLowerCase().includes(needle) ||
      user.name.toLowerCase().includes(needle),
  );
  const columns: Column<AdminUser>[] = [
    {
      id: 'username',
      header: 'Username',
      cell: (user) => <Link to={`/admin/users/${user.id}`}>{user.username}</Link>,
      sortValue: (user) => user.username,
    },
    { id: 'name', header: 'Name', cell: (user) => user.name, sortValue: (user) => user.name },
    { id: 'role', header: 'Role', cell: (user) => ROLE_LABELS[user.role], sortValue: (user) => user.role },
    {
      id: 'stores',
      header: 'Stores',
      cell: (user) =>
        user.role === 'admin'
          ? 'all'
          : user.storeIds.map((id) => codeOf.get(id) ?? id.slice(0, 8)).join(', ') || 'none',
    },
    { id: 'pin', header: 'PIN', cell: (user) => (user.hasPin ? 'set' : '—') },
    {
      id: 'status',
      header: 'Status',
      cell: (user) => <UserStatusBadge user={user} />,
      sortValue: (user) => (!user.active ? 2 : isLocked(user) ? 1 : 0),
    },
    {
      id: 'last',
      header: 'Last sign-in',
      cell: lastSignIn,
      sortValue: (user) => user.lastLoginAt ?? '',
    },
  ];
  return (
    <section className="backoffice" aria-labelledby="admin-users-title">
      <AdminTabs isAdmin />
      <PageHeader
        title="Users"
        titleId="admin-users-title"
        subtitle="Staff accounts: role, stores, password and PIN. Click a user to change them."
        actions={
          <Link to="/admin/users/new" className="button button-primary">
            New user
          </Link>
        }
      />
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      <div className="toolbar">
        <span className="inline-field">
          <label htmlFor="admin-user-search">Find</label>
          <input
            id="admin-user-search"
            type="search"
            value={search}
            placeholder="Username or name"
            onChange={(event) => setSearch(event.target.value)}
          />
        </span>
      </div>
      {users.isError && (
        <p className="alert" role="alert">
          The users could not be loaded. {describeApiError(users.error)}
        </p>
      )}
      {users.isPending ? (
        <p>Loading…</p>
      ) : (
        <DataTable
          caption="Users"
          testId="admin-users-table"
          columns={columns}
          rows={rows}
          rowKey={(user) => user.id}
          initialSort={{ columnId: 'username', direction: 'asc' }}
          empty={needle ? 'No user matches.' : 'No users yet.'}
          onRowClick={(user) => navigate(`/admin/users/${user.id}`)}
        />
      )}
    </section>
  );
}
