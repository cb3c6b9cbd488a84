import { Link, useLocation, useNavigate } from 'react-router';
import { describeApiError } from '../../../api/field-errors';
import { useVisibleStores } from '../../../api/stores';
import { isRecord } from '../../../lib/guards';
import { type Column, DataTable } from '../../../ui/DataTable';
import { PageHeader } from '../../../ui/PageHeader';
import { categoryPaths } from '../../../api/categories';
import type { LoyaltyProgram } from '../api/list-loyalty-programs';
import { useCategories, usePrograms } from '../hooks/use-customers-data';
import { CustomersTabs } from './CustomersTabs';
import { describeQualifying, describeRule, describeWindow } from './program-text';

/** The frequent-buyer programs of the user's stores; a row opens its members. */
export function ProgramsPage() {
  const programs = usePrograms();
  const categories = useCategories();
  const stores = useVisibleStores();
  const navigate = useNavigate();
  const state: unknown = useLocation().state;
  const notice = isRecord(state) && typeof state.notice === 'string' ? state.notice : null;
  const paths = categoryPaths(categories.data ?? []);
  const codeOf = new Map((stores.data ?? []).map((store) => [store.id, store.code]));
  const columns: Column<LoyaltyProgram>[] = [
    {
      id: 'name',
      header: 'Program',
      cell: (program) => <Link to={`/customers/programs/${program.id}`}>{program.name}</Link>,
      sortValue: (program) => program.name,
    },
    { id: 'rule', header: 'Rule', cell: describeRule },
    { id: 'counts', header: 'What counts', cell: (program) => describeQualifying(program.qualifying, paths) },
    { id: 'window', header: 'Window', cell: (program) => describeWindow(program.windowMonths) },
    {
      id: 'stores',
      header: 'Stores',
      cell: (program) =>
        program.storeIds
          .map((id) => codeOf.get(id) ?? id.slice(0, 8))
          .sort()
          .join(', '),
    },
    {
      id: 'status',
      header: 'Status',
      cell: (program) =>
        program.active ? (
          <span className="badge">Active</span>
        ) : (
          <span className="badge badge-warning">Ended</span>
        ),
      sortValue: (program) => (program.active ? 0 : 1),
    },
  ];
  return (
    <section className="backoffice" aria-labelledby="programs-title">
      <CustomersTabs current="programs" />
      <PageHeader
        title="Frequent-buyer programs"
        titleId="programs-title"
        subtitle="Buy a number of qualifying units, get free ones. Open a program to see each member's progress."
        actions={
          <Link to="/customers/programs/new" className="button button-primary">
            New program
          </Link>
        }
      />
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      {programs.isError && (
        <p className="alert" role="alert">
          The programs could not be loaded. {describeApiError(programs.error)}
        </p>
      )}
      {programs.isPending ? (
        <p>Loading…</p>
      ) : (
        <DataTable
          caption="Frequent-buyer programs"
          testId="programs-table"
          columns={columns}
          rows={programs.data ?? []}
          rowKey={(program) => program.id}
          initialSort={{ columnId: 'name', direction: 'asc' }}
          empty="No programs yet."
          onRowClick={(program) => navigate(`/customers/programs/${program.id}`)}
        />
      )}
    </section>
  );
}
