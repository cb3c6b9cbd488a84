import type { StoreSummary as DashboardStore } from '../../../api/stores';
import type { StoreChoice } from '../hooks/use-store-choice';

type Props = {
  stores: DashboardStore[];
  choice: StoreChoice;
  onChange: (choice: StoreChoice) => void;
};

/** One store, all, or a chosen set; with a single store there is nothing to choose, so it only names it. */
export function StorePicker({ stores, choice, onChange }: Props) {
  if (stores.length === 1) {
    return (
      <p className="dashboard-store-single" data-testid="dashboard-store-picker">
        {stores[0]?.name}
      </p>
    );
  }
  const isAll = choice.length === 0 || stores.every((store) => choice.includes(store.id));

  function toggle(storeId: string) {
    const current = isAll ? stores.map((store) => store.id) : choice;
    const next = current.includes(storeId) ? current.filter((id) => id !== storeId) : [...current, storeId];
    // Unticking the last store would show nothing; it means "all" again.
    onChange(next.length === stores.length ? [] : next);
  }

  return (
    <fieldset className="dashboard-store-picker" data-testid="dashboard-store-picker">
      <legend>Stores</legend>
      <label className="dashboard-store-option">
        <input type="checkbox" checked={isAll} onChange={() => onChange([])} />
        All stores
      </label>
      {stores.map((store) => (
        <label key={store.id} className="dashboard-store-option">
          <input
            type="checkbox"
            checked={isAll || choice.includes(store.id)}
            onChange={() => toggle(store.id)}
          />
          {store.name}
        </label>
      ))}
    </fieldset>
  );
}
