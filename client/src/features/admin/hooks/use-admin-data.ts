import { useQuery } from '@tanstack/react-query';
import { getStore, listStores } from '../api/list-stores';
import { getUser, listUsers } from '../api/list-users';

export const ADMIN_STORES_KEY = ['admin', 'stores'] as const;
export const ADMIN_USERS_KEY = ['admin', 'users'] as const;

/** Every store, inactive ones too: the admin's list, unlike the pickers' visible stores. */
export function useAllStores() {
  return useQuery({ queryKey: ADMIN_STORES_KEY, queryFn: ({ signal }) => listStores(signal) });
}

export function useStore(id: string | undefined) {
  return useQuery({
    queryKey: [...ADMIN_STORES_KEY, id],
    queryFn: ({ signal }) => getStore(id!, signal),
    enabled: id !== undefined,
  });
}

export function useUsers(enabled = true) {
  return useQuery({ queryKey: ADMIN_USERS_KEY, queryFn: ({ signal }) => listUsers(signal), enabled });
}

export function useUser(id: string) {
  return useQuery({ queryKey: [...ADMIN_USERS_KEY, id], queryFn: ({ signal }) => getUser(id, signal) });
}
