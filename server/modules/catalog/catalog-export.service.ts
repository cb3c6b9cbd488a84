import { pipeline, Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import { PRODUCT_CSV_COLUMNS, type ProductCsvColumn } from '../../../shared/schemas/catalog-files';
import type { Db } from '../../db/client';
import { findAllCategories, findProductsForExport } from './catalog-import.repo';
import { categoryPathsById } from './catalog-import.service';

const EXPORT_PAGE = 1000;

/** The attachment name of an export made today (UTC): products-YYYY-MM-DD.csv. */
export function exportFileName(now = new Date()): string {
  return `products-${now.toISOString().slice(0, 10)}.csv`;
}

/**
 * Every product as CSV in the import's own columns, so an export re-imports unchanged. Pages through the
 * catalog by SKU as the reader consumes the stream (backpressure): memory stays flat for any catalog size.
 * The categories and the first page are read before this returns, so a database failure is still an
 * ordinary error response rather than a truncated download.
 */
export async function openProductsCsvExport(db: Db): Promise<Readable> {
  const categoryPaths = categoryPathsById(await findAllCategories(db));
  const firstPage = await findProductsForExport(db, null, EXPORT_PAGE);
  async function* records(): AsyncGenerator<Record<ProductCsvColumn, string>> {
    let page = firstPage;
    for (;;) {
      for (const product of page) {
        yield {
          sku: product.sku,
          name: product.name,
          brand: product.brand,
          category: product.categoryId ? (categoryPaths.get(product.categoryId) ?? '') : '',
          species: product.species.join(';'),
          barcodes: product.barcodes.join(';'),
          price_cents: String(product.priceCents),
          cost_cents: String(product.costCents),
          tax_class: product.taxClass,
          unit: product.unit,
          active: String(product.active),
          lot_tracked: String(product.isLotTracked),
        };
      }
      if (page.length < EXPORT_PAGE) {
        return;
      }
      page = await findProductsForExport(db, page.at(-1)!.sku, EXPORT_PAGE);
    }
  }
  const csv = stringify({ header: true, columns: [...PRODUCT_CSV_COLUMNS] });
  // pipeline destroys csv with the error when a later page fails, so the reader sees the failure.
  pipeline(Readable.from(records()), csv, () => {});
  return csv;
}
