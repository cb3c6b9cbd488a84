import { useState } from 'react';
import { createBrowserRouter } from 'react-router';
import { RouterProvider } from 'react-router/dom';
import { LoadingScreen } from '../ui/LoadingScreen';
import { RequireAuth } from './guards/RequireAuth';
import { RouteError } from './routes/RouteError';

export function createAppRouter() {
  return createBrowserRouter([
    {
      id: 'root',
      HydrateFallback: LoadingScreen,
      ErrorBoundary: RouteError,
      children: [
        {
          path: '/login',
          lazy: async () => {
            const { LoginPage } = await import('../features/auth/components/LoginPage');
            return { Component: LoginPage };
          },
        },
        {
          Component: RequireAuth,
          children: [
            {
              path: '/',
              lazy: async () => {
                const { ShellLayout } = await import('./layouts/ShellLayout');
                return { Component: ShellLayout };
              },
              children: [
                {
                  index: true,
                  lazy: async () => {
                    const { HomePage } = await import('./routes/HomePage');
                    return { Component: HomePage };
                  },
                },
                {
                  lazy: async () => {
                    const { BackOfficeRoute } = await import('./routes/BackOfficeRoute');
                    return { Component: BackOfficeRoute };
                  },
                  children: [
                    {
                      path: 'dashboard',
                      lazy: async () => {
                        const { DashboardRoute } = await import('./routes/DashboardRoute');
                        return { Component: DashboardRoute };
                      },
                    },
                    {
                      // The area routes its own pages (list, detail, forms) below this path.
                      path: 'reports/*',
                      lazy: async () => {
                        const { ReportsArea } = await import('../features/reports/components/ReportsArea');
                        return { Component: ReportsArea };
                      },
                    },
                    {
                      // The area routes its own pages (list, detail, forms) below this path.
                      path: 'inventory/*',
                      lazy: async () => {
                        const { InventoryArea } = await import(
                          '../features/inventory/components/InventoryArea'
                        );
                        return { Component: InventoryArea };
                      },
                    },
                    {
                      // The area routes its own pages (list, detail, forms) below this path.
                      path: 'catalog/*',
                      lazy: async () => {
                        const { CatalogArea } = await import('../features/catalog/components/CatalogArea');
                        return { Component: CatalogArea };
                      },
                    },
                    {
                      // The area routes its own pages (list, detail, forms) below this path.
                      path: 'customers/*',
                      lazy: async () => {
                        const { CustomersArea } = await import(
                          '../features/customers/components/CustomersArea'
                        );
                        return { Component: CustomersArea };
                      },
                    },
                    {
                      // The area routes its own pages (list, detail, forms) below this path.
                      path: 'admin/*',
                      lazy: async () => {
                        const { AdminRoute } = await import('./routes/AdminRoute');
                        return { Component: AdminRoute };
                      },
                    },
                  ],
                },
                {
                  // Two-factor sign-in of the signed-in manager or admin (the API refuses cashiers).
                  path: 'security',
                  lazy: async () => {
                    const { SecurityPage } = await import('../features/auth/components/SecurityPage');
                    return { Component: SecurityPage };
                  },
                },
                {
                  path: 'register',
                  lazy: async () => {
                    const { RegisterRoute } = await import('./routes/RegisterRoute');
                    return { Component: RegisterRoute };
                  },
                },
              ],
            },
          ],
        },
      ],
    },
  ]);
}

export function AppRouter() {
  const [router] = useState(createAppRouter);
  return <RouterProvider router={router} />;
}
