import { useQueries, useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { formatMoney } from '../../../../../shared/format-money';
import { describeApiError } from '../../../api/field-errors';
import { PageHeader } from '../../../ui/PageHeader';
import { getProduct } from '../api/get-product';
import { listProducts, type Product } from '../api/list-products';
import { useCatalogCurrency } from '../hooks/use-catalog-currency';
import { useDebounced } from '../hooks/use-debounced';
import { PRODUCTS_KEY } from '../hooks/use-products';
import { expandLabels, type LabelKind, labelCodeOf, type SheetSize, symbologyOf } from '../labels';
import { BarcodeSvg } from './BarcodeSvg';
import './labels.css';

type Props = { productIds: readonly string[]; onChangeProductIds: (ids: string[]) => void };

/** Shelf labels (name, price, barcode) or barcode-only labels on an A4 or Letter sheet; Print prints the sheet. */
export function LabelsPage({ productIds, onChangeProductIds }: Props) {
  const currency = useCatalogCurrency();
  const [kind, setKind] = useState<LabelKind>('shelf');
  const [sheet, setSheet] = useState<SheetSize>('A4');
  const [copies, setCopies] = useState<Record<string, number>>({});
  const products = useQueries({
    queries: productIds.map((id) => ({
      queryKey: [...PRODUCTS_KEY, 'one', id],
      queryFn: ({ signal }: { signal: AbortSignal }) => getProduct(id, signal),
    })),
  });
  const loaded = products.flatMap((query) => (query.data ? [query.data] : []));
  const failed = products.find((query) => query.isError);
  const labels = expandLabels(loaded.map((product) => ({ product, copies: copies[product.id] ?? 1 })));

  function remove(id: string) {
    onChangeProductIds(productIds.filter((item) => item !== id));
  }

  return (
    <section className="backoffice catalog-labels" aria-labelledby="catalog-labels-title">
      {/* The sheet size the printer should use; the browser's print dialog starts from it. */}
      <style>{`@page { size: ${sheet === 'A4' ? 'A4' : 'letter'} portrait; margin: 7mm; }`}</style>
      <PageHeader
        title="Labels"
        titleId="catalog-labels-title"
        subtitle="Tick products in the product list, or find them here. EAN-13 codes print as EAN-13, others as Code 128."
        actions={
          <button
            type="button"
            className="button button-primary"
            disabled={labels.length === 0}
            onClick={() => window.print()}
          >
            Print {labels.length} {labels.length === 1 ? 'label' : 'labels'}
          </button>
        }
      />
      <div className="catalog-labels-setup no-print">
        <div className="toolbar">
          <span className="inline-field">
            <label htmlFor="label-kind">Label</label>
            <select
              id="label-kind"
              value={kind}
              onChange={(event) => setKind(event.target.value as LabelKind)}
            >
              <option value="shelf">Shelf label: name, price, barcode (63.5 × 38.1 mm)</option>
              <option value="barcode">Barcode only (45.7 × 25.4 mm)</option>
            </select>
          </span>
          <span className="inline-field">
            <label htmlFor="label-sheet">Paper</label>
            <select
              id="label-sheet"
              value={sheet}
              onChange={(event) => setSheet(event.target.value as SheetSize)}
            >
              <option value="A4">A4</option>
              <option value="letter">US Letter</option>
            </select>
          </span>
          <ProductPicker
            chosenIds={productIds}
            onAdd={(product) => onChangeProductIds([...productIds, product.id])}
          />
        </div>
        {failed && (
          <p className="alert" role="alert">
            A product could not be loaded. {describeApiError(failed.error)}
          </p>
        )}
        {productIds.length === 0 ? (
          <p className="notice">
            No products chosen yet. Find them above, or tick them in the{' '}
            <Link to="/catalog">product list</Link>.
          </p>
        ) : (
          <div className="table-scroll">
            <table className="data-table" data-testid="label-products">
              <caption className="visually-hidden">Products to label</caption>
              <thead>
                <tr>
                  <th scope="col">Product</th>
                  <th scope="col">Code</th>
                  <th scope="col">Symbology</th>
                  <th scope="col" className="align-end">
                    Price
                  </th>
                  <th scope="col">Copies</th>
                  <th scope="col">
                    <span className="visually-hidden">Remove</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {loaded.map((product) => {
                  const code = labelCodeOf(product);
                  return (
                    <tr key={product.id}>
                      <td>{product.name}</td>
                      <td className="catalog-code">{code}</td>
                      <td>
                        {symbologyOf(code) === 'EAN13'
                          ? 'EAN-13'
                          : `Code 128${product.barcodes.length === 0 ? ' (SKU)' : ''}`}
                      </td>
                      <td className="align-end">{priceText(product, currency)}</td>
                      <td>
                        <input
                          type="number"
                          min={0}
                          max={100}
                          className="catalog-copies"
                          aria-label={`Copies of ${product.name}`}
                          value={copies[product.id] ?? 1}
                          onChange={(event) =>
                            setCopies((current) => ({
                              ...current,
                              [product.id]: Number(event.target.value) || 0,
                            }))
                          }
                        />
                      </td>
                      <td>
                        <button
                          type="button"
                          className="button button-secondary"
                          aria-label={`Remove ${product.name}`}
                          onClick={() => remove(product.id)}
                        >
                          Remove
                        </button>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
        {labels.length > 0 && (
          <h2 className="catalog-preview-title">Preview ({sheet === 'A4' ? 'A4' : 'US Letter'})</h2>
        )}
      </div>
      {labels.length > 0 && (
        <div className={`catalog-sheet catalog-sheet-${sheet}`} data-testid="label-sheet">
          <div className={`catalog-label-grid catalog-label-grid-${kind}`}>
            {labels.map((product, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: copies of one product are identical labels
              <LabelView key={`${product.id}-${index}`} product={product} kind={kind} currency={currency} />
            ))}
          </div>
        </div>
      )}
    </section>
  );
}

function priceText(product: Product, currency: string): string {
  return `${formatMoney(product.priceCents, currency)}${product.unit === 'weight' ? ' / kg' : ''}`;
}

function LabelView({ product, kind, currency }: { product: Product; kind: LabelKind; currency: string }) {
  const code = labelCodeOf(product);
  if (kind === 'barcode') {
    return (
      <div className="catalog-label catalog-label-barcode" data-testid="label">
        <span className="catalog-label-small-name">{product.name}</span>
        <BarcodeSvg code={code} barHeight={38} fontSize={13} />
      </div>
    );
  }
  return (
    <div className="catalog-label catalog-label-shelf" data-testid="label">
      <span className="catalog-label-name">{product.name}</span>
      <span className="catalog-label-price">{priceText(product, currency)}</span>
      <BarcodeSvg code={code} barHeight={34} fontSize={13} />
      <span className="catalog-label-sku">SKU {product.sku}</span>
    </div>
  );
}

/** Search the catalog and add a product to the labels. */
function ProductPicker({
  chosenIds,
  onAdd,
}: {
  chosenIds: readonly string[];
  onAdd: (product: Product) => void;
}) {
  const [text, setText] = useState('');
  const q = useDebounced(text.trim(), 250);
  const search = useQuery({
    queryKey: [...PRODUCTS_KEY, 'label-search', q],
    queryFn: ({ signal }) => listProducts({ q, categoryId: '', species: '', active: '' }, null, signal),
    enabled: q !== '',
  });
  const hits = useMemo(() => (search.data?.items ?? []).slice(0, 8), [search.data]);
  return (
    <div className="catalog-picker">
      <span className="inline-field">
        <label htmlFor="label-search">Add a product</label>
        <input
          id="label-search"
          type="search"
          value={text}
          placeholder="Name, SKU or barcode"
          onChange={(event) => setText(event.target.value)}
        />
      </span>
      {q !== '' && (
        <ul className="catalog-picker-results" aria-label="Matching products">
          {search.isPending && <li className="form-hint">Searching…</li>}
          {search.isError && <li className="form-error">{describeApiError(search.error)}</li>}
          {search.data && hits.length === 0 && <li className="form-hint">No product matches.</li>}
          {hits.map((product) => {
            const isChosen = chosenIds.includes(product.id);
            return (
              <li key={product.id}>
                <span>
                  {product.name} <span className="catalog-code">{labelCodeOf(product)}</span>
                </span>
                <button
                  type="button"
                  className="button button-secondary"
                  disabled={isChosen}
                  aria-label={`Add ${product.name}`}
                  onClick={() => onAdd(product)}
                >
                  {isChosen ? 'Added' : 'Add'}
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
