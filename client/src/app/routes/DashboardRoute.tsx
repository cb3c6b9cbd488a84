import { useSignedInUser } from '../../features/auth/hooks/use-auth';
import { DashboardPage } from '../../features/dashboard/components/DashboardPage';

export function DashboardRoute() {
  const user = useSignedInUser();
  return <DashboardPage userId={user.id} />;
}
