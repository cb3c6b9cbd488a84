import { Navigate, Route, Routes } from 'react-router';
import type { Role } from '../../../../../shared/roles';
import { AuditLogPage } from './AuditLogPage';
import { StoreFormPage } from './StoreFormPage';
import { StoresPage } from './StoresPage';
import { UserEditPage } from './UserEditPage';
import { UserNewPage } from './UserNewPage';
import { UsersPage } from './UsersPage';
import './admin.css';

type Props = { role: Role };

/**
 * Stores, users and the audit log. Stores and users are the admin's (the API answers 403 to anyone else);
 * a manager's Admin holds only the audit log of their stores.
 */
export function AdminArea({ role }: Props) {
  const isAdmin = role === 'admin';
  return (
    <Routes>
      <Route index element={<Navigate to={isAdmin ? 'stores' : 'audit'} replace />} />
      {isAdmin && (
        <>
          <Route path="stores" element={<StoresPage />} />
          <Route path="stores/new" element={<StoreFormPage />} />
          <Route path="stores/:storeId" element={<StoreFormPage />} />
          <Route path="users" element={<UsersPage />} />
          <Route path="users/new" element={<UserNewPage />} />
          <Route path="users/:userId" element={<UserEditPage />} />
        </>
      )}
      <Route path="audit" element={<AuditLogPage isAdmin={isAdmin} />} />
      <Route path="*" element={<Navigate to="/admin" replace />} />
    </Routes>
  );
}
