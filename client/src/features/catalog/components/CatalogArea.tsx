import { lazy, Suspense, useCallback, useState } from 'react';
import { NavLink, Route, Routes } from 'react-router';
import { ImportPage } from './ImportPage';
import { ProductEditPage } from './ProductEditPage';
import { ProductListPage } from './ProductListPage';
import './catalog.css';

// The labels page brings the barcode library; only this page loads it, never the list or the register.
const LabelsPage = lazy(async () => ({ default: (await import('./LabelsPage')).LabelsPage }));

/** The catalog: product list, create/edit, CSV import and shelf labels, under /catalog. */
export function CatalogArea() {
  // Products ticked in the list for labels; kept while moving between the catalog's pages.
  const [labelIds, setLabelIds] = useState<string[]>([]);
  const toggleLabel = useCallback((id: string) => {
    setLabelIds((current) =>
      current.includes(id) ? current.filter((item) => item !== id) : [...current, id],
    );
  }, []);

  return (
    <div className="catalog-area">
      <nav className="tabs no-print" aria-label="Catalog">
        <NavLink to="/catalog" end className="tab">
          Products
        </NavLink>
        <NavLink to="/catalog/import" className="tab">
          Import / export
        </NavLink>
        <NavLink to="/catalog/labels" className="tab">
          Labels{labelIds.length > 0 ? ` (${labelIds.length})` : ''}
        </NavLink>
      </nav>
      <Routes>
        <Route index element={<ProductListPage labelIds={labelIds} onToggleLabel={toggleLabel} />} />
        <Route path="new" element={<ProductEditPage />} />
        <Route path="import" element={<ImportPage />} />
        <Route
          path="labels"
          element={
            <Suspense fallback={<p className="catalog-loading">Loading labels…</p>}>
              <LabelsPage productIds={labelIds} onChangeProductIds={setLabelIds} />
            </Suspense>
          }
        />
        <Route path=":productId" element={<ProductEditPage />} />
      </Routes>
    </div>
  );
}
