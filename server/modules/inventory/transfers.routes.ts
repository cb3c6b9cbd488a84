import type { AnyRoute } from '../../http/route';
import type { ModuleDeps } from '../module-deps';

// Routes of this area are being built (issue 3); the factory is registered in app.ts already.
export function transferRoutes(_deps: ModuleDeps): AnyRoute[] {
  return [];
}
