import { PageHeader } from '../../../ui/PageHeader';

/** Placeholder while the Admin screens are built; the navigation already leads here. */
export function AdminArea() {
  return (
    <section className="backoffice">
      <PageHeader title="Admin" subtitle="This part of the back office is not built yet." />
    </section>
  );
}
