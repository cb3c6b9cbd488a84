import { PageHeader } from '../../../ui/PageHeader';

/** Placeholder while the Catalog screens are built; the navigation already leads here. */
export function CatalogArea() {
  return (
    <section className="backoffice">
      <PageHeader title="Catalog" subtitle="This part of the back office is not built yet." />
    </section>
  );
}
