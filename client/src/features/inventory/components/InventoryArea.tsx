import { PageHeader } from '../../../ui/PageHeader';

/** Placeholder while the Inventory screens are built; the navigation already leads here. */
export function InventoryArea() {
  return (
    <section className="backoffice">
      <PageHeader title="Inventory" subtitle="This part of the back office is not built yet." />
    </section>
  );
}
