import { useAuth, useSignedInUser } from '../../features/auth/hooks/use-auth';
import { RegisterPage } from '../../features/register/components/RegisterPage';

/** The register, told by the app who is signed in and how to sign another cashier in (Alt+W). */
export function RegisterRoute() {
  const user = useSignedInUser();
  const { signIn } = useAuth();
  return <RegisterPage cashier={user} signInCashier={signIn} />;
}
