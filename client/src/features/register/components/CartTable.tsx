import { useEffect, useLayoutEffect, useRef } from 'react';
import type { PricedSale } from '../../../../../shared/pricing/sale-pricing';
import type { Cart } from '../cart';
import { formatMoney } from '../money';
import { markScanRendered } from '../scan-timing';

function formatQuantity(quantity: number, unit: 'each' | 'weight'): string {
  return unit === 'weight' ? `${(quantity / 1000).toFixed(3)} kg` : String(quantity);
}

/** The lines of the sale, newest at the bottom and kept in view; the selected one takes +, − and Delete. */
export function CartTable({
  cart,
  priced,
  currency,
  onSelect,
  onChangeQuantity,
  onRemove,
}: {
  cart: Cart;
  priced: PricedSale | null;
  currency: string;
  onSelect: (key: string) => void;
  onChangeQuantity: (key: string, delta: number) => void;
  onRemove: (key: string) => void;
}) {
  const selectedRowRef = useRef<HTMLTableRowElement>(null);
  // Runs after the DOM holds the changed lines, before paint: the end of a scan's on-screen time.
  useLayoutEffect(() => markScanRendered(), []);
  useEffect(() => {
    selectedRowRef.current?.scrollIntoView({ block: 'nearest' });
  });

  if (cart.lines.length === 0) {
    return (
      <div className="register-cart register-cart-empty">
        <p>Scan the first item to start a sale.</p>
        <p className="register-muted">
          Press <kbd>F1</kbd> for the keys.
        </p>
      </div>
    );
  }
  return (
    <div className="register-cart">
      <table className="register-cart-table" aria-label="Items on this sale">
        <thead>
          <tr>
            <th scope="col">Item</th>
            <th scope="col" className="register-qty-head">
              Qty
            </th>
            <th scope="col" className="register-num">
              Total
            </th>
            <th scope="col">
              <span className="visually-hidden">Remove</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {cart.lines.map((line, index) => {
            const isSelected = line.key === cart.selectedKey;
            const pricedLine = priced?.lines[index];
            return (
              <tr
                key={line.key}
                ref={isSelected ? selectedRowRef : undefined}
                className={isSelected ? 'is-selected' : undefined}
                aria-selected={isSelected}
                onClick={() => onSelect(line.key)}
              >
                <td>
                  <span className="register-line-name">{line.product.name}</span>
                  <span className="register-muted register-line-sku">
                    {line.product.sku} ·{' '}
                    {line.override ? (
                      <>
                        <s>{formatMoney(line.product.priceCents, currency)}</s>{' '}
                        {formatMoney(line.override.unitPriceCents, currency)}
                      </>
                    ) : (
                      formatMoney(line.product.priceCents, currency)
                    )}
                    {line.product.unit === 'weight' ? ' per kg' : ' each'}
                  </span>
                  {line.override && (
                    <span className="register-line-adjustment">Price changed: {line.override.reason}</span>
                  )}
                  {line.discount && pricedLine && (
                    <span className="register-line-adjustment" data-testid="line-discount">
                      {line.discount.type === 'percent' ? `${line.discount.value} % off` : 'Discount'} −
                      {formatMoney(pricedLine.lineDiscountCents, currency)}: {line.discount.reason}
                    </span>
                  )}
                </td>
                <td className="register-qty">
                  {line.product.unit === 'each' ? (
                    <>
                      <button
                        type="button"
                        className="register-qty-button"
                        aria-label={`One less ${line.product.name}`}
                        disabled={line.quantity <= 1}
                        onClick={(event) => {
                          event.stopPropagation();
                          onChangeQuantity(line.key, -1);
                        }}
                      >
                        −
                      </button>
                      <output className="register-qty-value" aria-label={`Quantity of ${line.product.name}`}>
                        {line.quantity}
                      </output>
                      <button
                        type="button"
                        className="register-qty-button"
                        aria-label={`One more ${line.product.name}`}
                        onClick={(event) => {
                          event.stopPropagation();
                          onChangeQuantity(line.key, 1);
                        }}
                      >
                        +
                      </button>
                    </>
                  ) : (
                    <output className="register-qty-value">
                      {formatQuantity(line.quantity, line.product.unit)}
                    </output>
                  )}
                </td>
                <td className="register-num register-line-total">
                  {pricedLine
                    ? formatMoney(pricedLine.grossCents - pricedLine.lineDiscountCents, currency)
                    : ''}
                </td>
                <td>
                  <button
                    type="button"
                    className="register-remove-button"
                    aria-label={`Remove ${line.product.name}`}
                    onClick={(event) => {
                      event.stopPropagation();
                      onRemove(line.key);
                    }}
                  >
                    ×
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
