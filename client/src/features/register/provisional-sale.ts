import type { PricedSale } from '../../../../shared/pricing/sale-pricing';
import { businessDateAt } from '../../../../shared/time';
import type { LocalReceipt } from '../../offline/outbox-record';
import type { CreateSaleInput, Sale } from './api/create-sale';
import type { Store } from './api/list-stores';
import type { Cart } from './cart';

/**
 * A sale the till completed on its own, in the server's `Sale` shape, so the receipt printer prints it like
 * any other: the figures are the shared pricing engine's (the server records the same), the lines' ids are
 * not known yet and stay empty. Only for printing: the server's sale replaces it once the queue sends it.
 */
export function provisionalSaleOf(input: {
  body: CreateSaleInput;
  cart: Cart;
  priced: PricedSale;
  receipt: LocalReceipt;
  store: Pick<Store, 'id' | 'timezone' | 'taxRates' | 'pricesIncludeTax'>;
  cashierId: string;
}): Sale {
  const { body, cart, priced, receipt, store } = input;
  return {
    id: body.id,
    storeId: store.id,
    registerId: body.registerId,
    shiftId: body.shiftId ?? null,
    receiptNumber: receipt.receiptNumber,
    status: 'completed',
    businessDate: businessDateAt(new Date(receipt.soldAt), store.timezone),
    createdAt: receipt.soldAt,
    cashierId: input.cashierId,
    customerId: body.customerId ?? null,
    pricesIncludeTax: store.pricesIncludeTax,
    lines: cart.lines.map((line, index) => {
      const figures = priced.lines[index];
      if (figures === undefined) {
        throw new Error(`the priced sale has no line ${index}`);
      }
      return {
        id: '',
        productId: line.product.id,
        sku: line.product.sku,
        name: line.product.name,
        unit: line.product.unit,
        quantity: line.quantity,
        unitPriceCents: line.override?.unitPriceCents ?? line.product.priceCents,
        grossCents: figures.grossCents,
        discountCents: figures.discountCents,
        discountReason: line.discount?.reason ?? cart.cartDiscount?.reason ?? null,
        taxClass: line.product.taxClass,
        taxRate: store.taxRates[line.product.taxClass],
        taxCents: figures.taxCents,
        totalCents: figures.totalCents,
        returnedQuantity: 0,
        rewardProgramId: line.rewardProgramId ?? null,
      };
    }),
    subtotalCents: receipt.subtotalCents,
    discountCents: receipt.discountCents,
    taxCents: receipt.taxCents,
    totalCents: receipt.totalCents,
    roundingCents: receipt.roundingCents,
    tenders: receipt.tenders,
    changeDueCents: receipt.changeDueCents,
    approvedBy: null,
    voidedAt: null,
    voidReason: null,
  };
}
