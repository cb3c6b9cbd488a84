import type { StoreSummary } from '../api/stores';
import './backoffice.css';

type Props = {
  stores: readonly StoreSummary[];
  /** '' means every store, when `allowAll`. */
  value: string;
  onChange: (storeId: string) => void;
  allowAll?: boolean;
  label?: string;
  id?: string;
};

/** Which store a back-office screen is about; a manager of one store just sees its name. */
export function StoreSelect({ stores, value, onChange, allowAll = false, label = 'Store', id }: Props) {
  const selectId = id ?? 'store-select';
  if (stores.length === 1 && !allowAll) {
    return <span className="store-single">{stores[0]?.name}</span>;
  }
  return (
    <span className="inline-field">
      <label htmlFor={selectId}>{label}</label>
      <select id={selectId} value={value} onChange={(event) => onChange(event.target.value)}>
        {allowAll && <option value="">All stores</option>}
        {stores.map((store) => (
          <option key={store.id} value={store.id}>
            {store.name} ({store.code})
          </option>
        ))}
      </select>
    </span>
  );
}
