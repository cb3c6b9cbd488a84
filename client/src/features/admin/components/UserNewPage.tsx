import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import type { Role } from '../../../../../shared/roles';
import { fieldErrors } from '../../../api/field-errors';
import { FormField } from '../../../ui/FormField';
import { PageHeader } from '../../../ui/PageHeader';
import { StoreChecklist, storeIdsError } from '../../../ui/StoreChecklist';
import { createUser } from '../api/save-user';
import { ADMIN_USERS_KEY, useAllStores } from '../hooks/use-admin-data';
import { AdminTabs } from './AdminTabs';
import { formAlert } from './form-alert';
import { ROLE_LABELS } from './user-status';

type UserDraft = {
  username: string;
  name: string;
  email: string;
  role: Role;
  storeIds: string[];
  password: string;
  pin: string;
};

const EMPTY: UserDraft = {
  username: '',
  name: '',
  email: '',
  role: 'cashier',
  storeIds: [],
  password: '',
  pin: '',
};

/** A new staff account: who, which role in which stores, a first password and (for tills) a PIN. */
export function UserNewPage() {
  const stores = useAllStores();
  const [draft, setDraft] = useState<UserDraft>(EMPTY);
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const save = useMutation({
    mutationFn: () =>
      createUser({
        username: draft.username.trim(),
        name: draft.name,
        email: draft.email.trim() === '' ? null : draft.email.trim(),
        role: draft.role,
        storeIds: draft.storeIds,
        password: draft.password,
        ...(draft.pin === '' ? {} : { pin: draft.pin }),
      }),
    onSuccess: async (user) => {
      await queryClient.invalidateQueries({ queryKey: ADMIN_USERS_KEY });
      navigate('/admin/users', {
        state: { notice: `Created ${user.username} (${ROLE_LABELS[user.role]}).` },
      });
    },
  });
  const errors = { ...fieldErrors(save.error), ...localErrors };
  const set = <K extends keyof UserDraft>(key: K, value: UserDraft[K]) =>
    setDraft((current) => ({ ...current, [key]: value }));

  function submit(event: FormEvent) {
    event.preventDefault();
    // A manager or cashier without a store could not sign in to anything useful.
    const found: Record<string, string> =
      draft.role !== 'admin' && draft.storeIds.length === 0 ? { storeIds: 'choose at least one store' } : {};
    setLocalErrors(found);
    if (Object.keys(found).length > 0) {
      save.reset();
      return;
    }
    save.mutate();
  }

  return (
    <section className="backoffice" aria-labelledby="admin-user-new-title">
      <AdminTabs isAdmin />
      <PageHeader
        title="New user"
        titleId="admin-user-new-title"
        subtitle="They sign in with the username and password; the PIN unlocks a till and approves at the register."
        actions={
          <Link to="/admin/users" className="button button-secondary">
            Back to users
          </Link>
        }
      />
      <form className="admin-form" onSubmit={submit} noValidate aria-labelledby="admin-user-new-title">
        {save.isError && (
          <p className="alert" role="alert">
            {formAlert(save.error)}
          </p>
        )}
        <fieldset className="admin-fieldset">
          <legend>Who</legend>
          <div className="form-grid">
            <FormField label="Username" error={errors.username} hint="Letters, digits, . _ -">
              <input
                value={draft.username}
                onChange={(event) => set('username', event.target.value)}
                autoComplete="off"
              />
            </FormField>
            <FormField label="Full name" error={errors.name}>
              <input value={draft.name} onChange={(event) => set('name', event.target.value)} />
            </FormField>
            <FormField label="Email (optional)" error={errors.email}>
              <input
                type="email"
                value={draft.email}
                onChange={(event) => set('email', event.target.value)}
              />
            </FormField>
          </div>
        </fieldset>
        <fieldset className="admin-fieldset">
          <legend>Access</legend>
          <div className="form-grid">
            <FormField label="Role" error={errors.role} hint="Admins see every store">
              <select value={draft.role} onChange={(event) => set('role', event.target.value as Role)}>
                <option value="cashier">Cashier</option>
                <option value="manager">Manager</option>
                <option value="admin">Admin</option>
              </select>
            </FormField>
          </div>
          <StoreChecklist
            stores={stores.data ?? []}
            value={draft.storeIds}
            onChange={(storeIds) => set('storeIds', storeIds)}
            error={storeIdsError(errors)}
          />
        </fieldset>
        <fieldset className="admin-fieldset">
          <legend>Sign-in</legend>
          <div className="form-grid">
            <FormField label="Password" error={errors.password} hint="12 to 72 characters">
              <input
                type="password"
                value={draft.password}
                onChange={(event) => set('password', event.target.value)}
                autoComplete="new-password"
              />
            </FormField>
            <FormField label="PIN (optional)" error={errors.pin} hint="4 to 8 digits">
              <input
                type="password"
                inputMode="numeric"
                value={draft.pin}
                onChange={(event) => set('pin', event.target.value)}
                autoComplete="off"
              />
            </FormField>
          </div>
        </fieldset>
        <div className="form-actions">
          <Link to="/admin/users" className="button button-secondary">
            Cancel
          </Link>
          <button type="submit" className="button button-primary" disabled={save.isPending}>
            {save.isPending ? 'Creating…' : 'Create user'}
          </button>
        </div>
      </form>
    </section>
  );
}
