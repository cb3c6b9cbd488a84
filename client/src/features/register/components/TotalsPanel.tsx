import type { PricedSale } from '../../../../../shared/pricing/sale-pricing';
import { formatMoney } from '../money';

/** Subtotal, discounts, tax and total, priced by the same engine as the server. */
export function TotalsPanel({
  priced,
  currency,
  itemCount,
}: {
  priced: PricedSale | null;
  currency: string;
  itemCount: number;
}) {
  const money = (cents: number) => formatMoney(cents, currency);
  return (
    <dl className="register-totals" aria-label="Totals">
      <div>
        <dt>Items</dt>
        <dd data-testid="totals-items">{itemCount}</dd>
      </div>
      <div>
        <dt>Subtotal</dt>
        <dd data-testid="totals-subtotal">{money(priced?.subtotalCents ?? 0)}</dd>
      </div>
      <div>
        <dt>Discounts</dt>
        <dd data-testid="totals-discounts">{money(-(priced?.discountCents ?? 0))}</dd>
      </div>
      <div>
        <dt>Tax</dt>
        <dd data-testid="totals-tax">{money(priced?.taxCents ?? 0)}</dd>
      </div>
      <div className="register-total">
        <dt>Total</dt>
        <dd data-testid="totals-total">{money(priced?.totalCents ?? 0)}</dd>
      </div>
    </dl>
  );
}
