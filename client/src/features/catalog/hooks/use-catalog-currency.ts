import { useVisibleStores } from '../../../api/stores';

/** Prices are chain-wide; they are shown in the stores' currency (the first visible store's, USD until known). */
export function useCatalogCurrency(): string {
  const stores = useVisibleStores();
  return stores.data?.[0]?.currency ?? 'USD';
}
