import { PageHeader } from '../../../ui/PageHeader';

/** Placeholder while the Reports screens are built; the navigation already leads here. */
export function ReportsArea() {
  return (
    <section className="backoffice">
      <PageHeader title="Reports" subtitle="This part of the back office is not built yet." />
    </section>
  );
}
