import { PageHeader } from '../../../ui/PageHeader';

/** Placeholder while the Customers screens are built; the navigation already leads here. */
export function CustomersArea() {
  return (
    <section className="backoffice">
      <PageHeader title="Customers" subtitle="This part of the back office is not built yet." />
    </section>
  );
}
