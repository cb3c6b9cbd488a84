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
                  path: 'dashboard',
                  lazy: async () => {
                    const { DashboardRoute } = await import('./routes/DashboardRoute');
                    return { Component: DashboardRoute };
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
