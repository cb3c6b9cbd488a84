import type { Readable } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import { z } from 'zod';
import {
  type ImportReport,
  type ImportRowError,
  MAX_IMPORT_ERRORS,
  PRODUCT_CSV_COLUMNS,
  type ProductCsvColumn,
} from '../../../shared/schemas/catalog-files';
import { productFields } from '../../../shared/schemas/catalog';
import type { Db } from '../../db/client';
import { withTransaction } from '../../db/transaction';
import { ValidationError } from '../../lib/errors';
import type { Logger } from '../../lib/logger';
import { type RequestOrigin, recordAudit } from '../audit/audit.service';
import {
  type CategoryRow,
  deleteBarcodesNotListed,
  findAllCategories,
  findBarcodeOwners,
  findProductIdsBySku,
  insertMissingBarcodes,
  type ProductUpsertRow,
  upsertProductsBySku,
} from './catalog-import.repo';

export type CatalogImportDeps = { db: Db; logger: Logger };

const UPSERT_BATCH = 1000;
const LOOKUP_BATCH = 5000;
const BARCODE_BATCH = 5000;

/** The same field rules as the JSON API (shared/schemas/catalog.ts), keyed by CSV column. */
const rowSchema = z.object({
  sku: productFields.sku,
  name: productFields.name,
  brand: productFields.brand,
  species: productFields.species,
  barcodes: productFields.barcodes,
  priceCents: productFields.priceCents,
  costCents: productFields.costCents,
  taxClass: productFields.taxClass,
  unit: productFields.unit,
  active: productFields.active,
  isLotTracked: productFields.isLotTracked,
});

const COLUMN_OF_FIELD: Record<keyof z.input<typeof rowSchema>, ProductCsvColumn> = {
  sku: 'sku',
  name: 'name',
  brand: 'brand',
  species: 'species',
  barcodes: 'barcodes',
  priceCents: 'price_cents',
  costCents: 'cost_cents',
  taxClass: 'tax_class',
  unit: 'unit',
  active: 'active',
  isLotTracked: 'lot_tracked',
};

type ValidRow = { row: number; product: ProductUpsertRow; barcodes: string[] };

/** Splits a category path `Dog/Food` into names; `\/` is a slash inside a name, `\\` a backslash. */
export function splitCategoryPath(path: string): string[] {
  const names: string[] = [];
  let current = '';
  for (let i = 0; i < path.length; i++) {
    const char = path[i]!;
    if (char === '\\' && i + 1 < path.length) {
      current += path[++i];
    } else if (char === '/') {
      names.push(current.trim());
      current = '';
    } else {
      current += char;
    }
  }
  names.push(current.trim());
  return names;
}

/** The path of a category as the CSV writes it (the inverse of splitCategoryPath). */
export function categoryPathsById(rows: CategoryRow[]): Map<string, string> {
  const byId = new Map(rows.map((row) => [row.id, row]));
  const paths = new Map<string, string>();
  const pathOf = (id: string, depth: number): string => {
    const known = paths.get(id);
    if (known !== undefined) {
      return known;
    }
    const row = byId.get(id);
    if (!row) {
      return '';
    }
    const own = row.name.replace(/[\\/]/g, (c) => `\\${c}`);
    const path = row.parentId && depth < 100 ? `${pathOf(row.parentId, depth + 1)}/${own}` : own;
    paths.set(id, path);
    return path;
  };
  for (const row of rows) {
    pathOf(row.id, 0);
  }
  return paths;
}

/** Resolves paths by walking the tree from the root, matching names case-insensitively (as the unique index does). */
function createCategoryResolver(rows: CategoryRow[]): (path: string) => string | { error: string } {
  const childKey = (parentId: string | null, name: string) => `${parentId ?? ''}\u0000${name.toLowerCase()}`;
  const byParentAndName = new Map(rows.map((row) => [childKey(row.parentId, row.name.trim()), row.id]));
  return (path) => {
    const names = splitCategoryPath(path);
    if (names.some((name) => name === '')) {
      return { error: 'has an empty category name; write a path like Dog/Food' };
    }
    let parentId: string | null = null;
    for (const [depth, name] of names.entries()) {
      const id = byParentAndName.get(childKey(parentId, name));
      if (!id) {
        const known = names.slice(0, depth).join('/');
        return {
          error: `no category "${name}"${known ? ` under "${known}"` : ' at the top level'}; create it first`,
        };
      }
      parentId = id;
    }
    return parentId as string;
  };
}

const listOf = (cell: string) =>
  cell
    .split(';')
    .map((item) => item.trim())
    .filter((item) => item !== '');

function integerCell(cell: string): unknown {
  const text = cell.trim();
  return /^-?\d+$/.test(text) ? Number(text) : text;
}

function booleanCell(cell: string, fallback: boolean): boolean | string {
  const text = cell.trim().toLowerCase();
  if (text === '') {
    return fallback;
  }
  return text === 'true' ? true : text === 'false' ? false : cell;
}

/** Mutable state of one import while its rows stream in. */
class ImportCollector {
  readonly errors: ImportRowError[] = [];
  readonly valid: ValidRow[] = [];
  rows = 0;
  private readonly rowOfSku = new Map<string, number>();
  private readonly rowOfBarcode = new Map<string, number>();
  readonly skusInFile = new Set<string>();

  constructor(private readonly resolveCategory: ReturnType<typeof createCategoryResolver>) {}

  addError(row: number, column: string, message: string): void {
    this.errors.push({ row, column, message });
  }

  /** Validates one record (already mapped to columns); a valid row is kept for the write. */
  addRecord(row: number, cells: Record<ProductCsvColumn, string>): void {
    this.rows++;
    const before = this.errors.length;
    const input = {
      sku: cells.sku,
      name: cells.name,
      brand: cells.brand,
      species: listOf(cells.species),
      barcodes: listOf(cells.barcodes),
      priceCents: integerCell(cells.price_cents),
      costCents: cells.cost_cents.trim() === '' ? 0 : integerCell(cells.cost_cents),
      taxClass: cells.tax_class.trim() === '' ? 'standard' : cells.tax_class.trim(),
      unit: cells.unit.trim() === '' ? 'each' : cells.unit.trim(),
      active: booleanCell(cells.active, true),
      isLotTracked: booleanCell(cells.lot_tracked, false),
    };
    if (cells.price_cents.trim() === '') {
      this.addError(row, 'price_cents', 'is required');
    }
    const parsed = rowSchema.safeParse(input);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = issue.path[0] as keyof typeof COLUMN_OF_FIELD;
        const column = COLUMN_OF_FIELD[field] ?? 'row';
        if (column === 'price_cents' && cells.price_cents.trim() === '') {
          continue;
        }
        let message = issue.message;
        if (column === 'active' || column === 'lot_tracked') {
          message = 'must be true or false';
        } else if (typeof issue.path[1] === 'number') {
          const item = (input[field] as string[])[issue.path[1]] ?? '';
          message = message.includes(item) ? message : `"${item}" ${message}`;
        }
        this.addError(row, column, message);
      }
    }
    let categoryId: string | null = null;
    if (cells.category.trim() !== '') {
      const resolved = this.resolveCategory(cells.category);
      if (typeof resolved === 'string') {
        categoryId = resolved;
      } else {
        this.addError(row, 'category', resolved.error);
      }
    }
    const sku = cells.sku.trim();
    if (sku !== '') {
      this.skusInFile.add(sku);
      const firstRow = this.rowOfSku.get(sku);
      if (firstRow !== undefined) {
        this.addError(row, 'sku', `${sku} is also on row ${firstRow}; each SKU may appear once`);
      } else {
        this.rowOfSku.set(sku, row);
      }
    }
    if (parsed.success) {
      const barcodes = [...new Set(parsed.data.barcodes)];
      for (const barcode of barcodes) {
        const firstRow = this.rowOfBarcode.get(barcode);
        if (firstRow !== undefined) {
          this.addError(row, 'barcodes', `${barcode} is also on row ${firstRow}`);
        } else {
          this.rowOfBarcode.set(barcode, row);
        }
      }
      if (this.errors.length === before) {
        const data = parsed.data;
        this.valid.push({
          row,
          barcodes,
          product: {
            sku: data.sku,
            name: data.name,
            brand: data.brand,
            categoryId,
            species: [...new Set(data.species)],
            priceCents: data.priceCents,
            costCents: data.costCents,
            taxClass: data.taxClass,
            unit: data.unit,
            active: data.active,
            isLotTracked: data.isLotTracked,
          },
        });
      }
    }
  }
}

function chunksOf<T>(items: T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) {
    chunks.push(items.slice(i, i + size));
  }
  return chunks;
}

/** Checks the header: exactly the documented columns, in any order, each once. Returns column → index. */
function indexHeader(header: string[]): Map<ProductCsvColumn, number> {
  const names = header.map((name) => name.trim());
  const expected = new Set<string>(PRODUCT_CSV_COLUMNS);
  const missing = PRODUCT_CSV_COLUMNS.filter((column) => !names.includes(column));
  const unknown = names.filter((name) => !expected.has(name));
  const repeated = names.filter((name, index) => names.indexOf(name) !== index);
  if (missing.length > 0 || unknown.length > 0 || repeated.length > 0) {
    const problems = [
      missing.length > 0 ? `missing ${missing.join(', ')}` : '',
      unknown.length > 0 ? `unknown ${unknown.map((name) => `"${name}"`).join(', ')}` : '',
      repeated.length > 0 ? `repeated ${repeated.join(', ')}` : '',
    ].filter(Boolean);
    throw new ValidationError(
      [
        {
          path: 'header',
          message: `must be the columns ${PRODUCT_CSV_COLUMNS.join(',')} (${problems.join('; ')})`,
        },
      ],
      `The CSV header must be exactly: ${PRODUCT_CSV_COLUMNS.join(',')}`,
    );
  }
  return new Map(PRODUCT_CSV_COLUMNS.map((column) => [column, names.indexOf(column)]));
}

/** Reads the CSV stream record by record (never the whole file at once) and validates every row. */
async function collectRows(csv: Readable, collector: ImportCollector): Promise<void> {
  const parser = parse({ bom: true, relax_column_count: true, skip_empty_lines: false });
  csv.on('error', (error) => parser.destroy(error));
  csv.pipe(parser);
  let header: Map<ProductCsvColumn, number> | undefined;
  let recordNumber = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      recordNumber++;
      if (!header) {
        if (record.every((cell) => cell.trim() === '')) {
          throw new ValidationError([{ path: 'header', message: 'the first line must be the header' }]);
        }
        header = indexHeader(record);
        continue;
      }
      if (record.every((cell) => cell.trim() === '')) {
        continue;
      }
      if (record.length !== header.size) {
        collector.rows++;
        collector.addError(
          recordNumber,
          'row',
          `has ${record.length} fields; the header has ${header.size} (check quoting and commas)`,
        );
        continue;
      }
      const cells = {} as Record<ProductCsvColumn, string>;
      for (const [column, index] of header) {
        cells[column] = record[index] ?? '';
      }
      collector.addRecord(recordNumber, cells);
    }
  } catch (error) {
    if (error instanceof CsvError) {
      throw new ValidationError(
        [{ path: `rows.${recordNumber + 1}`, message: error.message }],
        `The CSV could not be read at row ${recordNumber + 1}: ${error.message}`,
      );
    }
    throw error;
  } finally {
    csv.unpipe(parser);
  }
  if (!header) {
    throw new ValidationError([
      { path: 'header', message: 'the file is empty; the first line must be the header' },
    ]);
  }
}

/** Errors the database knows about: barcodes carried by a product that the file does not also re-import. */
async function checkAgainstDatabase(
  db: Db,
  collector: ImportCollector,
): Promise<{ existingIds: Map<string, string> }> {
  const existingIds = new Map<string, string>();
  for (const batch of chunksOf(collector.valid, LOOKUP_BATCH)) {
    const found = await findProductIdsBySku(
      db,
      batch.map((row) => row.product.sku),
    );
    for (const [sku, id] of found) {
      existingIds.set(sku, id);
    }
    const owners = await findBarcodeOwners(
      db,
      batch.flatMap((row) => row.barcodes),
    );
    for (const row of batch) {
      for (const barcode of row.barcodes) {
        const ownerSku = owners.get(barcode);
        // A barcode may move between two products that are both in the file: their barcodes are all replaced.
        if (ownerSku !== undefined && ownerSku !== row.product.sku && !collector.skusInFile.has(ownerSku)) {
          collector.addError(row.row, 'barcodes', `${barcode} already belongs to product ${ownerSku}`);
        }
      }
    }
  }
  return { existingIds };
}

/**
 * Writes every row in one transaction: batched upserts by SKU, then each product's barcodes made exactly
 * its listed ones. Unchanged products and barcodes are left alone, so re-importing an export is cheap.
 */
async function writeRows(
  db: Db,
  rows: ValidRow[],
  knownIds: Map<string, string>,
  actorUserId: string,
  origin: RequestOrigin,
): Promise<{ created: number; updated: number }> {
  return withTransaction(db, async (tx) => {
    let created = 0;
    let changed = 0;
    const idOfSku = new Map<string, string>();
    const existingIds: string[] = [];
    for (const batch of chunksOf(rows, UPSERT_BATCH)) {
      const written = await upsertProductsBySku(
        tx,
        batch.map((row) => row.product),
      );
      for (const product of written) {
        idOfSku.set(product.sku, product.id);
        if (product.inserted) {
          created++;
        } else {
          changed++;
          existingIds.push(product.id);
        }
      }
      // Unchanged rows are not returned: their ids are known from validation (or, if created meanwhile, looked up).
      const unchanged = batch.map((row) => row.product.sku).filter((sku) => !idOfSku.has(sku));
      const unknown: string[] = [];
      for (const sku of unchanged) {
        const id = knownIds.get(sku);
        if (id) {
          idOfSku.set(sku, id);
          existingIds.push(id);
        } else {
          unknown.push(sku);
        }
      }
      for (const [sku, id] of await findProductIdsBySku(tx, unknown)) {
        idOfSku.set(sku, id);
        existingIds.push(id);
      }
    }
    const barcodeLists = rows.map((row) => ({
      productId: idOfSku.get(row.product.sku)!,
      barcodes: row.barcodes,
    }));
    // Every dropped barcode goes before any new one goes in, so a code may move between two listed products.
    for (const batch of chunksOf(barcodeLists, UPSERT_BATCH)) {
      await deleteBarcodesNotListed(tx, batch);
    }
    const barcodeRows = barcodeLists.flatMap((list) =>
      list.barcodes.map((barcode) => ({ barcode, productId: list.productId })),
    );
    for (const batch of chunksOf(barcodeRows, BARCODE_BATCH)) {
      await insertMissingBarcodes(tx, batch);
    }
    const counts = { created, updated: existingIds.length };
    await recordAudit(tx, {
      action: 'product.imported',
      actorUserId,
      entityType: 'product',
      details: { rows: rows.length, ...counts, changed, barcodes: barcodeRows.length },
      origin,
    });
    return counts;
  });
}

function sortedErrors(errors: ImportRowError[]): ImportRowError[] {
  return errors
    .map((error, index) => ({ error, index }))
    .sort((a, b) => a.error.row - b.error.row || a.index - b.index)
    .map(({ error }) => error);
}

/**
 * Imports products from a CSV stream: create by new SKU, update by existing SKU. All or nothing: every
 * row is validated (the same rules as the JSON API) before anything is written; a dry run writes nothing,
 * and a real import with any invalid row answers 400 with the rows and columns at fault. A valid file is
 * written in one transaction and audited once as product.imported.
 */
export async function importProductsCsv(
  deps: CatalogImportDeps,
  csv: Readable,
  options: { dryRun: boolean; actorUserId: string; origin: RequestOrigin },
): Promise<ImportReport> {
  const startedAt = performance.now();
  const collector = new ImportCollector(createCategoryResolver(await findAllCategories(deps.db)));
  await collectRows(csv, collector);
  const parsedAt = performance.now();
  const { existingIds } = await checkAgainstDatabase(deps.db, collector);
  const checkedAt = performance.now();

  const badRows = new Set(collector.errors.map((error) => error.row));
  const validRows = collector.valid.filter((row) => !badRows.has(row.row));
  const wouldUpdate = validRows.filter((row) => existingIds.has(row.product.sku)).length;
  const errors = sortedErrors(collector.errors);
  const report: ImportReport = {
    dryRun: options.dryRun,
    rows: collector.rows,
    created: validRows.length - wouldUpdate,
    updated: wouldUpdate,
    errors: errors.slice(0, MAX_IMPORT_ERRORS),
    errorCount: errors.length,
  };
  if (options.dryRun) {
    return report;
  }
  if (errors.length > 0) {
    throw new ValidationError(
      report.errors.map((error) => ({ path: `rows.${error.row}.${error.column}`, message: error.message })),
      `${badRows.size} of ${collector.rows} rows are not valid (${errors.length} errors); nothing was imported`,
    );
  }
  const counts = await writeRows(deps.db, validRows, existingIds, options.actorUserId, options.origin);
  deps.logger.info('products imported', {
    category: 'catalog',
    rows: collector.rows,
    ...counts,
    parseMs: Math.round(parsedAt - startedAt),
    checkMs: Math.round(checkedAt - parsedAt),
    totalMs: Math.round(performance.now() - startedAt),
  });
  return { ...report, ...counts };
}
