import { useSignedInUser } from '../../features/auth/hooks/use-auth';
import { AdminArea } from '../../features/admin/components/AdminArea';

/** The admin area needs the role (a manager sees only the audit log); features do not import auth. */
export function AdminRoute() {
  const user = useSignedInUser();
  return <AdminArea role={user.role} />;
}
