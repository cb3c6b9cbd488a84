import { type ImportReport, importReportSchema } from '../../../../../shared/schemas/catalog-files';
import { http } from '../../../api/http';

export type { ImportReport };

/** The CSV as chosen; with dryRun the server only reports, and it never writes unless every row is valid. */
export function importProducts(file: Blob, dryRun: boolean): Promise<ImportReport> {
  return http.post(`/api/products/import?dryRun=${dryRun}`, {
    rawBody: { contentType: 'text/csv', data: file },
    parse: (body) => importReportSchema.parse(body),
  });
}

/** Same-origin GET with the session cookie: a plain link downloads it. */
export const PRODUCTS_EXPORT_URL = '/api/products/export';
