import { useEffect, useRef, useState } from 'react';
import { useRegisterOffline } from '../../../offline/register-offline-context';
import { searchProducts } from '../api/search-products';
import { describeScanError } from '../describe-register-error';
import { type SearchHit, searchOnTill } from '../find-product-on-till';
import { formatMoney } from '../money';
import { Dialog, DialogTitle } from '../../../ui/Dialog';
import { SearchCombobox } from './SearchCombobox';

/** Results wait this long after the last keystroke, so a fast typist sends one request, not ten. */
const DEBOUNCE_MS = 150;

type SearchState =
  | { state: 'idle' }
  | { state: 'loading'; items: SearchHit[] }
  | { state: 'done'; items: SearchHit[] }
  | { state: 'failed'; message: string };

/** Product search with results as you type; ↑/↓ pick, Enter adds, Esc goes back to the scan field. */
export function ProductSearchDialog({
  currency,
  onPick,
  onClose,
}: {
  currency: string;
  onPick: (product: SearchHit) => void;
  onClose: () => void;
}) {
  const [query, setQuery] = useState('');
  const [search, setSearch] = useState<SearchState>({ state: 'idle' });
  const [active, setActive] = useState(0);
  const inputRef = useRef<HTMLInputElement>(null);
  const offline = useRegisterOffline();

  useEffect(() => {
    inputRef.current?.focus();
  }, []);

  useEffect(() => {
    const text = query.trim();
    if (text === '') {
      setSearch({ state: 'idle' });
      return;
    }
    // Each keystroke aborts the request of the one before: a stale answer never replaces a newer one.
    const controller = new AbortController();
    setSearch((current) => ({ state: 'loading', items: 'items' in current ? current.items : [] }));
    const timer = setTimeout(() => {
      searchOnTill(offline, text, () => searchProducts(text, controller.signal)).then(
        (items) => {
          setSearch({ state: 'done', items });
          setActive(0);
        },
        (error: unknown) => {
          if (!controller.signal.aborted) {
            setSearch({ state: 'failed', message: describeScanError(error, text) });
          }
        },
      );
    }, DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [query, offline]);

  const items = search.state === 'loading' || search.state === 'done' ? search.items : [];

  function onKeyDown(event: React.KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((index) => Math.min(Math.max(0, items.length - 1), Math.max(0, index + step)));
    } else if (event.key === 'Enter') {
      event.preventDefault();
      event.stopPropagation();
      const product = items[active];
      if (product) {
        onPick(product);
      }
    } else if (event.key === 'Escape' || event.key === 'F7') {
      event.preventDefault();
      // Stops here: the sale screen's Esc (cancel the sale) must not see the key that closed the search.
      event.stopPropagation();
      onClose();
    }
  }

  return (
    <Dialog
      overlayClassName="register-overlay register-overlay-top"
      className="panel register-dialog register-search"
    >
      <DialogTitle>Find a product</DialogTitle>
      <SearchCombobox
        inputId="register-search-input"
        idPrefix="register-search"
        label="Name, brand, SKU or barcode"
        listLabel="Products"
        inputRef={inputRef}
        query={query}
        onQueryChange={setQuery}
        onKeyDown={onKeyDown}
        items={items}
        active={active}
        onActiveChange={setActive}
        onPick={onPick}
        renderItem={(product) => (
          <>
            <span className="register-line-name">{product.name}</span>
            <span className="register-muted register-line-sku">
              {product.sku} · {formatMoney(product.priceCents, currency)}
              {product.unit === 'weight' ? ' per kg' : ' each'}
            </span>
          </>
        )}
      />
      <p className="register-muted" role="status">
        {search.state === 'idle' && 'Type a few letters.'}
        {search.state === 'loading' && items.length === 0 && 'Searching…'}
        {search.state === 'done' && items.length === 0 && `Nothing matches “${query.trim()}”.`}
        {search.state === 'done' && items.length > 0 && '↑ ↓ to choose, Enter to add.'}
      </p>
      {search.state === 'failed' && (
        <p className="alert" role="alert">
          {search.message}
        </p>
      )}
      <button type="button" className="button button-secondary button-block" onClick={onClose}>
        Back to scanning <kbd>Esc</kbd>
      </button>
    </Dialog>
  );
}
