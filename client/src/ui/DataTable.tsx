import { type ReactNode, useMemo, useState } from 'react';
import './backoffice.css';

export type SortValue = string | number | null;

export type Column<Row> = {
  id: string;
  header: string;
  cell: (row: Row) => ReactNode;
  /** What the column sorts by; without it the column is not sortable. */
  sortValue?: (row: Row) => SortValue;
  /** Numbers and money line up on the right. */
  align?: 'start' | 'end';
  /** The totals row's cell, when the table has one. */
  footer?: ReactNode;
};

type Props<Row> = {
  caption: string;
  columns: Column<Row>[];
  rows: readonly Row[];
  rowKey: (row: Row) => string;
  /** Shown in place of the rows when there are none. */
  empty?: ReactNode;
  initialSort?: { columnId: string; direction: 'asc' | 'desc' };
  /** A footer row is drawn when any column has `footer`. */
  footerLabel?: string;
  testId?: string;
  onRowClick?: (row: Row) => void;
};

/**
 * The back office's one table: sortable by clicking a header (asc, desc), numbers right-aligned, an optional
 * totals row. Sorting is on the client; the API answers whole reports and pages of at most a few hundred rows.
 */
export function DataTable<Row>({
  caption,
  columns,
  rows,
  rowKey,
  empty = 'Nothing to show.',
  initialSort,
  footerLabel,
  testId,
  onRowClick,
}: Props<Row>) {
  const [sort, setSort] = useState(initialSort ?? null);
  const sorted = useMemo(() => {
    const column = sort ? columns.find((candidate) => candidate.id === sort.columnId) : undefined;
    const value = column?.sortValue;
    if (!sort || !value) {
      return rows;
    }
    const factor = sort.direction === 'asc' ? 1 : -1;
    return [...rows].sort((a, b) => factor * compareSortValues(value(a), value(b)));
  }, [rows, columns, sort]);
  const hasFooter = columns.some((column) => column.footer !== undefined);

  function toggle(columnId: string) {
    setSort((current) =>
      current?.columnId === columnId
        ? { columnId, direction: current.direction === 'asc' ? 'desc' : 'asc' }
        : { columnId, direction: 'asc' },
    );
  }

  return (
    <div className="table-scroll">
      <table className="data-table" data-testid={testId}>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {columns.map((column) => {
              const direction = sort?.columnId === column.id ? sort.direction : null;
              return (
                <th
                  key={column.id}
                  scope="col"
                  className={column.align === 'end' ? 'align-end' : undefined}
                  aria-sort={
                    direction === null ? undefined : direction === 'asc' ? 'ascending' : 'descending'
                  }
                >
                  {column.sortValue ? (
                    <button type="button" className="sort-button" onClick={() => toggle(column.id)}>
                      {column.header}
                      <span aria-hidden="true" className="sort-mark">
                        {direction === 'asc' ? '▲' : direction === 'desc' ? '▼' : ''}
                      </span>
                    </button>
                  ) : (
                    column.header
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {sorted.length === 0 ? (
            <tr>
              <td colSpan={columns.length} className="table-empty">
                {empty}
              </td>
            </tr>
          ) : (
            sorted.map((row) => (
              <tr
                key={rowKey(row)}
                className={onRowClick ? 'clickable-row' : undefined}
                onClick={onRowClick ? () => onRowClick(row) : undefined}
              >
                {columns.map((column) => (
                  <td key={column.id} className={column.align === 'end' ? 'align-end' : undefined}>
                    {column.cell(row)}
                  </td>
                ))}
              </tr>
            ))
          )}
        </tbody>
        {hasFooter && sorted.length > 0 && (
          <tfoot>
            <tr>
              {columns.map((column, index) => (
                <td key={column.id} className={column.align === 'end' ? 'align-end' : undefined}>
                  {column.footer ?? (index === 0 ? (footerLabel ?? 'Total') : null)}
                </td>
              ))}
            </tr>
          </tfoot>
        )}
      </table>
    </div>
  );
}

/** Nulls last; numbers as numbers; text by the user's collation, so "item 10" follows "item 9". */
export function compareSortValues(a: SortValue, b: SortValue): number {
  if (a === null || b === null) {
    return a === b ? 0 : a === null ? 1 : -1;
  }
  if (typeof a === 'number' && typeof b === 'number') {
    return a - b;
  }
  return String(a).localeCompare(String(b), undefined, { numeric: true, sensitivity: 'base' });
}
