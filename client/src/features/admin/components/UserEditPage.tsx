import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link, useParams } from 'react-router';
import type { Role } from '../../../../../shared/roles';
import type { UpdateUserRequest } from '../../../../../shared/schemas/users';
import { describeApiError, fieldErrors } from '../../../api/field-errors';
import { FormField } from '../../../ui/FormField';
import { PageHeader } from '../../../ui/PageHeader';
import { StoreChecklist, storeIdsError } from '../../../ui/StoreChecklist';
import type { AdminUser } from '../api/list-users';
import { unlockUser, updateUser } from '../api/save-user';
import { ADMIN_USERS_KEY, useAllStores, useUser } from '../hooks/use-admin-data';
import { AdminTabs } from './AdminTabs';
import { isLocked, UserStatusBadge } from './user-status';

/** One user: details and access, password reset, PIN, unlock and (de)activation, each saved on its own. */
export function UserEditPage() {
  const { userId } = useParams();
  const user = useUser(userId!);
  if (user.isError) {
    return (
      <section className="backoffice" aria-labelledby="admin-user-title">
        <AdminTabs isAdmin />
        <PageHeader title="User" titleId="admin-user-title" />
        <p className="alert" role="alert">
          The user could not be loaded. {describeApiError(user.error)}
        </p>
      </section>
    );
  }
  if (!user.data) {
    return <p>Loading…</p>;
  }
  return <UserEditor user={user.data} />;
}

/** A PATCH (or unlock) whose answer replaces the cached user and refreshes the list. */
function useUserChange(user: AdminUser) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (change: UpdateUserRequest | 'unlock') =>
      change === 'unlock' ? unlockUser(user.id) : updateUser(user.id, change),
    onSuccess: async (saved) => {
      queryClient.setQueryData([...ADMIN_USERS_KEY, saved.id], saved);
      await queryClient.invalidateQueries({ queryKey: ADMIN_USERS_KEY, exact: true });
    },
  });
}

function UserEditor({ user }: { user: AdminUser }) {
  return (
    <section className="backoffice" aria-labelledby="admin-user-title">
      <AdminTabs isAdmin />
      <PageHeader
        title={`${user.username} · ${user.name}`}
        titleId="admin-user-title"
        subtitle={<UserStatusBadge user={user} />}
        actions={
          <Link to="/admin/users" className="button button-secondary">
            Back to users
          </Link>
        }
      />
      <div className="admin-user-grid">
        <DetailsSection key={`details-${user.id}`} user={user} />
        <div className="admin-user-side">
          <PasswordSection user={user} />
          <PinSection user={user} />
          <AccountSection user={user} />
        </div>
      </div>
    </section>
  );
}

function DetailsSection({ user }: { user: AdminUser }) {
  const stores = useAllStores();
  const [name, setName] = useState(user.name);
  const [email, setEmail] = useState(user.email ?? '');
  const [role, setRole] = useState<Role>(user.role);
  const [storeIds, setStoreIds] = useState<string[]>(user.storeIds);
  const [saved, setSaved] = useState(false);
  const change = useUserChange(user);
  const errors = fieldErrors(change.error);

  function submit(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    const request: UpdateUserRequest = {};
    if (name !== user.name) {
      request.name = name;
    }
    const newEmail = email.trim() === '' ? null : email.trim();
    if (newEmail !== user.email) {
      request.email = newEmail;
    }
    if (role !== user.role) {
      request.role = role;
    }
    if ([...storeIds].sort().join() !== [...user.storeIds].sort().join()) {
      request.storeIds = storeIds;
    }
    if (Object.keys(request).length === 0) {
      setSaved(true);
      return;
    }
    change.mutate(request, { onSuccess: () => setSaved(true) });
  }

  return (
    <form className="admin-card" onSubmit={submit} noValidate aria-labelledby="admin-user-details">
      <h2 id="admin-user-details">Details and access</h2>
      {change.isError && (
        <p className="alert" role="alert">
          {describeApiError(change.error)}
        </p>
      )}
      {saved && !change.isPending && (
        <p className="notice" role="status">
          Saved.
        </p>
      )}
      <div className="form-grid">
        <FormField label="Full name" error={errors.name}>
          <input value={name} onChange={(event) => setName(event.target.value)} />
        </FormField>
        <FormField label="Email (optional)" error={errors.email}>
          <input type="email" value={email} onChange={(event) => setEmail(event.target.value)} />
        </FormField>
        <FormField label="Role" error={errors.role} hint="Admins see every store">
          <select value={role} onChange={(event) => setRole(event.target.value as Role)}>
            <option value="cashier">Cashier</option>
            <option value="manager">Manager</option>
            <option value="admin">Admin</option>
          </select>
        </FormField>
      </div>
      <StoreChecklist
        stores={stores.data ?? []}
        value={storeIds}
        onChange={setStoreIds}
        error={storeIdsError(errors)}
      />
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={change.isPending}>
          {change.isPending ? 'Saving…' : 'Save details'}
        </button>
      </div>
    </form>
  );
}

function PasswordSection({ user }: { user: AdminUser }) {
  const [password, setPassword] = useState('');
  const [done, setDone] = useState(false);
  const change = useUserChange(user);
  const errors = fieldErrors(change.error);
  function submit(event: FormEvent) {
    event.preventDefault();
    setDone(false);
    change.mutate(
      { password },
      {
        onSuccess: () => {
          setPassword('');
          setDone(true);
        },
      },
    );
  }
  return (
    <form className="admin-card" onSubmit={submit} noValidate aria-labelledby="admin-user-password">
      <h2 id="admin-user-password">Reset password</h2>
      {change.isError && !errors.password && (
        <p className="alert" role="alert">
          {describeApiError(change.error)}
        </p>
      )}
      {done && (
        <p className="notice" role="status">
          Password changed. {user.username} is signed out everywhere.
        </p>
      )}
      <FormField label="New password" error={errors.password} hint="12 to 72 characters; signs them out">
        <input
          type="password"
          value={password}
          onChange={(event) => setPassword(event.target.value)}
          autoComplete="new-password"
        />
      </FormField>
      <div className="form-actions">
        <button type="submit" className="button button-secondary" disabled={change.isPending}>
          Reset password
        </button>
      </div>
    </form>
  );
}

function PinSection({ user }: { user: AdminUser }) {
  const [pin, setPin] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const change = useUserChange(user);
  const errors = fieldErrors(change.error);
  function send(next: string | null) {
    setDone(null);
    change.mutate(
      { pin: next },
      {
        onSuccess: () => {
          setPin('');
          setDone(next === null ? 'PIN cleared.' : 'PIN set.');
        },
      },
    );
  }
  return (
    <form
      className="admin-card"
      onSubmit={(event) => {
        event.preventDefault();
        send(pin);
      }}
      noValidate
      aria-labelledby="admin-user-pin"
    >
      <h2 id="admin-user-pin">PIN</h2>
      <p className="form-hint">{user.hasPin ? 'A PIN is set.' : 'No PIN yet.'}</p>
      {change.isError && !errors.pin && (
        <p className="alert" role="alert">
          {describeApiError(change.error)}
        </p>
      )}
      {done && (
        <p className="notice" role="status">
          {done}
        </p>
      )}
      <FormField label="New PIN" error={errors.pin} hint="4 to 8 digits">
        <input
          type="password"
          inputMode="numeric"
          value={pin}
          onChange={(event) => setPin(event.target.value)}
          autoComplete="off"
        />
      </FormField>
      <div className="form-actions">
        {user.hasPin && (
          <button
            type="button"
            className="button button-secondary"
            disabled={change.isPending}
            onClick={() => send(null)}
          >
            Clear PIN
          </button>
        )}
        <button type="submit" className="button button-secondary" disabled={change.isPending}>
          Set PIN
        </button>
      </div>
    </form>
  );
}

function AccountSection({ user }: { user: AdminUser }) {
  const [confirming, setConfirming] = useState(false);
  const change = useUserChange(user);
  const locked = isLocked(user);
  return (
    <section className="admin-card" aria-labelledby="admin-user-account">
      <h2 id="admin-user-account">Account</h2>
      {change.isError && (
        <p className="alert" role="alert">
          {describeApiError(change.error)}
        </p>
      )}
      {locked && (
        <div className="admin-row">
          <span>Locked after too many failed sign-ins.</span>
          <button
            type="button"
            className="button button-secondary"
            disabled={change.isPending}
            onClick={() => change.mutate('unlock')}
          >
            Unlock
          </button>
        </div>
      )}
      {user.mfaEnabled && (
        <div className="admin-row">
          <span>Two-factor sign-in is on.</span>
          <button
            type="button"
            className="button button-secondary"
            disabled={change.isPending}
            // For a lost phone with no recovery codes left: they sign in with the password and enrol again.
            onClick={() => change.mutate({ mfaEnabled: false })}
          >
            Turn off two-factor sign-in
          </button>
        </div>
      )}
      {user.active ? (
        confirming ? (
          <div className="admin-confirm" role="alertdialog" aria-label="Deactivate user">
            <span>
              Deactivate {user.username}? They are signed out at once and cannot sign in until reactivated.
            </span>
            <div className="form-actions">
              <button type="button" className="button button-secondary" onClick={() => setConfirming(false)}>
                Keep active
              </button>
              <button
                type="button"
                className="button admin-button-danger"
                disabled={change.isPending}
                onClick={() => change.mutate({ active: false }, { onSettled: () => setConfirming(false) })}
              >
                Deactivate
              </button>
            </div>
          </div>
        ) : (
          <div className="admin-row">
            <span>Can sign in.</span>
            <button type="button" className="button button-secondary" onClick={() => setConfirming(true)}>
              Deactivate…
            </button>
          </div>
        )
      ) : (
        <div className="admin-row">
          <span>Deactivated: cannot sign in.</span>
          <button
            type="button"
            className="button button-secondary"
            disabled={change.isPending}
            onClick={() => change.mutate({ active: true })}
          >
            Reactivate
          </button>
        </div>
      )}
    </section>
  );
}
