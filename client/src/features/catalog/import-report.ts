import type { ImportReport, ImportRowError } from '../../../../shared/schemas/catalog-files';

export type ImportRowProblems = { row: number; problems: { column: string; message: string }[] };

/** The report's errors grouped by row (they come in row order), for one table line per bad row. */
export function groupErrorsByRow(errors: readonly ImportRowError[]): ImportRowProblems[] {
  const groups: ImportRowProblems[] = [];
  for (const error of errors) {
    const last = groups.at(-1);
    const problem = { column: error.column, message: error.message };
    if (last && last.row === error.row) {
      last.problems.push(problem);
    } else {
      groups.push({ row: error.row, problems: [problem] });
    }
  }
  return groups;
}

/** Rows that would be written: the server writes none unless every row is valid. */
export function importableCount(report: ImportReport): number {
  return report.created + report.updated;
}

export function canApply(report: ImportReport): boolean {
  return report.dryRun && report.errorCount === 0 && importableCount(report) > 0;
}

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

/** One line for the top of the report. */
export function summarizeReport(report: ImportReport): string {
  const counts = `${plural(report.created, 'new product', 'new products')}, ${plural(report.updated, 'update', 'updates')}`;
  if (!report.dryRun && report.errorCount > 0) {
    return `Nothing was imported: ${plural(report.errorCount, 'error', 'errors')} found (the catalog changed since the check?).`;
  }
  if (!report.dryRun) {
    return `Imported ${plural(report.rows, 'row', 'rows')}: ${counts}.`;
  }
  if (report.errorCount > 0) {
    const bad = new Set(report.errors.map((error) => error.row)).size;
    const rows = report.errors.length < report.errorCount ? `at least ${bad}` : String(bad);
    return `${plural(report.rows, 'row', 'rows')} checked: ${plural(report.errorCount, 'error', 'errors')} in ${rows} ${bad === 1 ? 'row' : 'rows'}. Nothing has been written; fix the file and check it again.`;
  }
  return `${plural(report.rows, 'row', 'rows')} checked, no errors: ${counts} would be written. Nothing has been written yet.`;
}
