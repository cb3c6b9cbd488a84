import { memo, type RefObject, useEffect, useLayoutEffect, useMemo, useRef } from 'react';
import type { PricedSale } from '../../../../../shared/pricing/sale-pricing';
import type { Cart, CartLine } from '../cart';
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
  // Rows get one unchanging set of actions that calls the latest handlers, so a row re-renders only when its
  // own line, price or selection changed: with 300 lines, re-rendering every row made each scan slow.
  const handlersRef = useRef({ onSelect, onChangeQuantity, onRemove });
  handlersRef.current = { onSelect, onChangeQuantity, onRemove };
  const actions = useMemo<RowActions>(
    () => ({
      select: (key) => handlersRef.current.onSelect(key),
      changeQuantity: (key, delta) => handlersRef.current.onChangeQuantity(key, delta),
      remove: (key) => handlersRef.current.onRemove(key),
    }),
    [],
  );
  // Runs after the DOM holds the changed lines, before paint: the end of a scan's on-screen time.
  // biome-ignore lint/correctness/useExhaustiveDependencies: it runs because the lines changed, not to read them
  useLayoutEffect(() => markScanRendered(), [cart.lines]);
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
            const pricedLine = priced?.lines[index];
            return (
              <CartRow
                key={line.key}
                line={line}
                isSelected={line.key === cart.selectedKey}
                lineTotalCents={pricedLine ? pricedLine.grossCents - pricedLine.lineDiscountCents : null}
                lineDiscountCents={pricedLine ? pricedLine.lineDiscountCents : null}
                currency={currency}
                actions={actions}
                rowRef={selectedRowRef}
              />
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

type RowActions = {
  select: (key: string) => void;
  changeQuantity: (key: string, delta: number) => void;
  remove: (key: string) => void;
};

/** One line of the sale; memoized, so only changed lines re-render when the cart changes. */
const CartRow = memo(function CartRow({
  line,
  isSelected,
  lineTotalCents,
  lineDiscountCents,
  currency,
  actions,
  rowRef,
}: {
  line: CartLine;
  isSelected: boolean;
  /** null until the cart is priced. */
  lineTotalCents: number | null;
  lineDiscountCents: number | null;
  currency: string;
  actions: RowActions;
  rowRef: RefObject<HTMLTableRowElement | null>;
}) {
  return (
    <tr
      key={line.key}
      ref={isSelected ? rowRef : undefined}
      className={isSelected ? 'is-selected' : undefined}
      aria-selected={isSelected}
      onClick={() => actions.select(line.key)}
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
        {line.rewardProgramId !== undefined && (
          <span className="register-line-adjustment" data-testid="line-reward">
            Free: frequent-buyer reward
          </span>
        )}
        {line.override && (
          <span className="register-line-adjustment">Price changed: {line.override.reason}</span>
        )}
        {line.discount && lineDiscountCents !== null && (
          <span className="register-line-adjustment" data-testid="line-discount">
            {line.discount.type === 'percent' ? `${line.discount.value} % off` : 'Discount'} −
            {formatMoney(lineDiscountCents, currency)}: {line.discount.reason}
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
                actions.changeQuantity(line.key, -1);
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
                actions.changeQuantity(line.key, 1);
              }}
            >
              +
            </button>
          </>
        ) : (
          <output className="register-qty-value">{formatQuantity(line.quantity, line.product.unit)}</output>
        )}
      </td>
      <td className="register-num register-line-total">
        {lineTotalCents === null ? '' : formatMoney(lineTotalCents, currency)}
      </td>
      <td>
        <button
          type="button"
          className="register-remove-button"
          aria-label={`Remove ${line.product.name}`}
          onClick={(event) => {
            event.stopPropagation();
            actions.remove(line.key);
          }}
        >
          ×
        </button>
      </td>
    </tr>
  );
});
