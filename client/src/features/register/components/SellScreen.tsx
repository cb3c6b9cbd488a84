import { useEffect, useMemo, useRef, useState } from 'react';
import { approvalsNeeded, priceCart } from '../../../../../shared/pricing/cart';
import type { PricedSale } from '../../../../../shared/pricing/sale-pricing';
import { type CreateSaleInput, createSale, type Sale } from '../api/create-sale';
import type { Shift } from '../api/get-current-shift';
import type { Store } from '../api/list-stores';
import { lookupProduct } from '../api/lookup-product';
import { parkCart, type TillUser } from '../api/till-session';
import { useTillLock } from '../hooks/use-till-lock';
import { ApiError } from '../../../api/http';
import type { LocalReceipt } from '../../../offline/outbox-record';
import { noteReceiptNumberUsed } from '../../../offline/outbox';
import { useRegisterOffline, useRegisterOfflineStatus } from '../../../offline/register-offline-context';
import { findProductOnTill, type ScannedProduct, type SearchHit } from '../find-product-on-till';
import { describeApprovals } from '../adjustments';
import {
  addScannedProduct,
  type Cart,
  type CartProduct,
  cartCatalog,
  changeQuantity,
  EMPTY_CART,
  moveSelection,
  pricingCartOf,
  redeemReward,
  removeLine,
  saleLinesOf,
  setCartDiscount,
  setLineDiscount,
  setPriceOverride,
  setWeighedQuantity,
  undoAllRewards,
  undoReward,
} from '../cart';
import { useSaleCustomer } from '../hooks/use-sale-customer';
import { describeRewardApprovals, planRedemption, rewardApprovalsNeeded } from '../rewards';
import {
  describeApprovalError,
  describeSaleError,
  describeScanError,
  isOutcomeUnknown,
} from '../describe-register-error';
import { formatMoney } from '../money';
import { provisionalSaleOf } from '../provisional-sale';
import { describePrinterError } from '../printing/serial-printer';
import { cartDraftOf } from '../parked-cart';
import type { PaymentMode, TenderInput } from '../tenders';
import { AdjustDialog, type AdjustTarget } from './AdjustDialog';
import { type Approval, ApprovalDialog } from './ApprovalDialog';
import { CartTable } from './CartTable';
import { CashMovementDialog, type DrawerMovementKind } from './CashMovementDialog';
import { CloseShiftDialog } from './CloseShiftDialog';
import { CustomerDialog } from './CustomerDialog';
import { HelpOverlay } from './HelpOverlay';
import { ParkCartDialog, RecallCartDialog } from './ParkedCartsDialog';
import { PaymentDialog, type PaymentStatus } from './PaymentDialog';
import { PrinterDialog } from './PrinterDialog';
import { useSerialPrinter } from '../printing/use-serial-printer';
import { markScanStart } from '../scan-timing';
import { ProductSearchDialog } from './ProductSearchDialog';
import { ReturnDialog } from './ReturnDialog';
import { SaleCompletePanel } from './SaleCompletePanel';
import { SaleCustomerCard } from './SaleCustomerCard';
import { type TillAction, TillMenu } from './TillMenu';
import { type CashierCredentials, TillLockLayer } from './TillLockLayer';
import { TotalsPanel } from './TotalsPanel';
import { WeightDialog } from './WeightDialog';
import { VoidLastSaleDialog } from './VoidLastSaleDialog';
import { Dialog, DialogDescription, DialogTitle } from '../../../ui/Dialog';

type Overlay =
  | { kind: 'none' }
  | { kind: 'help' }
  | { kind: 'menu' }
  | { kind: 'confirm-cancel' }
  | { kind: 'payment'; mode: PaymentMode }
  | { kind: 'search' }
  | { kind: 'adjust'; target: AdjustTarget }
  | { kind: 'customer' }
  /** The grams of a weighed item without a scale label: a new line, or a new weight for `lineKey`. */
  | { kind: 'weight'; product: CartProduct; lineKey: string | null; currentGrams: number | null }
  /** The sale as it will be sent, waiting for a manager; `error` is the server's refusal of the last try. */
  | { kind: 'approval'; mode: PaymentMode; body: CreateSaleInput; needs: string[]; error: string | null }
  | { kind: 'done'; sale: Sale }
  | { kind: 'drawer'; movement: DrawerMovementKind }
  | { kind: 'close-shift' }
  | { kind: 'park' }
  | { kind: 'recall' }
  | { kind: 'return' }
  | { kind: 'void'; sale: Sale }
  | { kind: 'printer' }
  /** Completed on this till alone (offline or no answer in time): queued, sent later. */
  | { kind: 'done-local'; receipt: LocalReceipt; printable: Sale };

function toCartProduct(product: SearchHit): CartProduct {
  return {
    id: product.id,
    sku: product.sku,
    name: product.name,
    unit: product.unit,
    priceCents: product.priceCents,
    taxClass: product.taxClass,
    brand: product.brand,
    categoryId: product.categoryId,
  };
}

/** The selling screen: the scan field always has focus, every action has a key. */
export function SellScreen({
  store,
  shift,
  registerId,
  cashier,
  signInCashier,
  onShiftClosed,
}: {
  store: Store;
  shift: Shift;
  registerId: string;
  /** Who is signed in at the till (from the app layer). */
  cashier: TillUser;
  /** Signs another cashier in at this till (Alt+W). */
  signInCashier: (credentials: CashierCredentials) => Promise<TillUser>;
  /** The shift was closed (Alt+Z): the till goes back to opening one. */
  onShiftClosed: () => void;
}) {
  const [cart, setCart] = useState<Cart>(EMPTY_CART);
  const [scanText, setScanText] = useState('');
  const [scanError, setScanError] = useState<string | null>(null);
  const [pendingScans, setPendingScans] = useState(0);
  const [overlay, setOverlay] = useState<Overlay>({ kind: 'none' });
  const [payment, setPayment] = useState<PaymentStatus>({ state: 'editing', error: null });
  // The till lock (idle, Alt+L) and changing cashier (Alt+W) cover the screen; the cart stays underneath.
  const tillLock = useTillLock();
  const [switchingCashier, setSwitchingCashier] = useState(false);
  const lockShown = tillLock.locked || switchingCashier;
  const [notice, setNotice] = useState<string | null>(null);
  // The server lets a manager or admin approve their own discounts and price changes.
  const selfApproves = cashier.role !== 'cashier';
  const scanRef = useRef<HTMLInputElement>(null);
  // The ESC/POS receipt printer and cash drawer (Alt+D); `printer.openDrawer()` pulses the drawer.
  const printer = useSerialPrinter();
  // The idempotency key of the sale being rung up: kept across retries, renewed for the next sale.
  const saleIdRef = useRef<string>(crypto.randomUUID());
  // Lookups run in parallel but land in scan order, so three fast scans show in the order scanned.
  const scanChainRef = useRef<Promise<void>>(Promise.resolve());
  // Codes already looked up on this till: a repeat scan adds quantity without waiting for the network.
  const knownCodesRef = useRef(new Map<string, CartProduct>());
  const saleCustomer = useSaleCustomer(store.id);
  // The last sale completed at this till in this session: what Alt+V voids.
  const lastSaleRef = useRef<Sale | null>(null);
  // The catalog copy, receipt counter and outbox of this register (null outside RegisterPage).
  const offline = useRegisterOffline();
  // Sales numbered on this till and not yet on the server: a return or a shift close waits for them, so the
  // server's numbering and the shift's cash both include them.
  const queuedSales = useRegisterOfflineStatus(offline)?.outbox.queued ?? 0;
  const waitForQueuedSales =
    queuedSales === 0
      ? null
      : `${queuedSales === 1 ? '1 sale on this till has' : `${queuedSales} sales on this till have`} not reached the server yet (see the banner). Wait until they are sent.`;

  const priced = useMemo((): PricedSale | null => {
    if (cart.lines.length === 0) {
      return null;
    }
    return priceCart(pricingCartOf(cart), cartCatalog(cart), store);
  }, [cart, store]);

  // What a manager must approve, known before sending so the dialog comes up front.
  const approvals = useMemo(
    () => (priced === null ? [] : approvalsNeeded(pricingCartOf(cart), priced, store)),
    [cart, priced, store],
  );
  // Free units beyond what the attached customer has earned: a manager approves them too.
  const rewardApprovals = useMemo(
    () => rewardApprovalsNeeded(cart, saleCustomer.customer?.loyalty ?? []),
    [cart, saleCustomer.customer],
  );

  const overlayOpen = overlay.kind !== 'none';

  // What is open when a deferred focus lands: a dialog opened meanwhile (F6 right after a sale) keeps its
  // focus, and so does the till lock (Esc then Alt+W at once: the username field, not the scan field).
  const overlayKindRef = useRef(overlay.kind);
  overlayKindRef.current = overlay.kind;
  const lockShownRef = useRef(lockShown);
  lockShownRef.current = lockShown;

  function focusScan() {
    requestAnimationFrame(() => {
      if (overlayKindRef.current === 'none' && !lockShownRef.current) {
        scanRef.current?.focus();
      }
    });
  }

  useEffect(() => {
    if (!overlayOpen) {
      scanRef.current?.focus();
    }
  }, [overlayOpen]);

  function submitScan(raw: string) {
    markScanStart();
    const code = raw.trim();
    setScanText('');
    if (code === '') {
      return;
    }
    setScanError(null);
    setNotice(null);
    const known = knownCodesRef.current.get(code);
    if (known) {
      scanChainRef.current = scanChainRef.current.then(() =>
        setCart((current) => addScannedProduct(current, known)),
      );
      return;
    }
    setPendingScans((count) => count + 1);
    // The till's own catalog copy first; the server when the copy does not know the code.
    const lookup = findProductOnTill(offline, code, store, (unknown) => lookupProduct(unknown, store.id));
    scanChainRef.current = scanChainRef.current
      .then(() => lookup)
      .then(
        (product) => applyLookup(code, product),
        (error: unknown) => setScanError(describeScanError(error, code)),
      )
      .finally(() => setPendingScans((count) => count - 1));
  }

  function applyLookup(code: string, product: ScannedProduct) {
    if (!product.active) {
      setScanError(`${product.name} is no longer sold. Put it aside and call a manager.`);
      return;
    }
    if (product.scanned?.priceCents != null) {
      setScanError(`${product.name}: price-embedded labels cannot be sold at this till yet. Call a manager.`);
      return;
    }
    const cartProduct = toCartProduct(product);
    if (product.unit === 'weight') {
      const grams = product.scanned?.quantity ?? null;
      if (grams === null) {
        setOverlay({ kind: 'weight', product: cartProduct, lineKey: null, currentGrams: null });
        return;
      }
      setCart((current) => addScannedProduct(current, cartProduct, grams));
      return;
    }
    knownCodesRef.current.set(code, cartProduct);
    setCart((current) => addScannedProduct(current, cartProduct));
  }

  function openPayment(mode: PaymentMode) {
    if (cart.lines.length === 0 || priced === null) {
      setScanError('Scan an item first.');
      return;
    }
    if (pendingScans > 0) {
      setScanError('Wait for the last scan to show up, then take payment.');
      return;
    }
    if (saleCustomer.loading) {
      setScanError('Wait for the customer to show up, then take payment.');
      return;
    }
    setPayment({ state: 'editing', error: null });
    setOverlay({ kind: 'payment', mode });
  }

  function startNewSale() {
    setCart(EMPTY_CART);
    saleCustomer.clear();
    setScanError(null);
    setNotice(null);
    setPayment({ state: 'editing', error: null });
    saleIdRef.current = crypto.randomUUID();
    setOverlay({ kind: 'none' });
    focusScan();
  }

  async function sendSale(body: CreateSaleInput, mode: PaymentMode) {
    setPayment({ state: 'sending', error: null, body });
    try {
      if (offline !== null && priced !== null) {
        // Through the outbox: numbered and queued on the till first, then sent (awaited for a few seconds).
        const done = await offline.completeSale({
          body,
          priced,
          lines: cart.lines.map((line) => ({
            name: line.product.name,
            unit: line.product.unit,
            quantity: line.quantity,
          })),
          cashRoundingCents: store.cashRoundingCents,
        });
        if (done.kind === 'refused') {
          throw done.error;
        }
        if (done.kind === 'sent') {
          lastSaleRef.current = done.sale;
        }
        setOverlay(
          done.kind === 'sent'
            ? { kind: 'done', sale: done.sale }
            : {
                kind: 'done-local',
                receipt: done.receipt,
                printable: provisionalSaleOf({
                  body,
                  cart,
                  priced,
                  receipt: done.receipt,
                  store,
                  cashierId: cashier.id,
                }),
              },
        );
        return;
      }
      const sale = await createSale(body);
      lastSaleRef.current = sale;
      setOverlay({ kind: 'done', sale });
    } catch (error) {
      if (
        error instanceof ApiError &&
        (error.code === 'APPROVAL_REQUIRED' || error.code === 'ACCOUNT_LOCKED')
      ) {
        // Nothing was recorded: ask the manager (again), under a fresh key; the refused PIN is not kept.
        saleIdRef.current = crypto.randomUUID();
        const { approval: refused, ...unapproved } = body;
        const rewardNeeds = error.details.filter((detail) => detail.path.endsWith('.rewardProgramId'));
        const needs = error.details
          .filter((detail) => detail.path !== 'approval' && !detail.path.endsWith('.rewardProgramId'))
          .map((detail) => ({
            path: detail.path,
            reason: detail.path.endsWith('unitPriceOverrideCents')
              ? ('price_override' as const)
              : ('discount_over_limit' as const),
          }));
        setPayment({ state: 'editing', error: null });
        setOverlay({
          kind: 'approval',
          mode,
          body: { ...unapproved, id: saleIdRef.current },
          needs:
            needs.length + rewardNeeds.length > 0
              ? [...describeApprovals(needs, cart), ...describeRewardApprovals(rewardNeeds, cart)]
              : overlay.kind === 'approval'
                ? overlay.needs
                : describeApprovals(approvals, cart),
          error: refused === undefined ? null : describeApprovalError(error),
        });
        return;
      }
      // Any other answer is shown in the payment dialog, whichever dialog sent the sale.
      setOverlay({ kind: 'payment', mode });
      if (isOutcomeUnknown(error)) {
        // The sale may be on the server already: only the very same body may be sent again.
        setPayment({
          state: 'unknown',
          error: `${describeSaleError(error)} The sale may already be recorded: press Enter to send it again, it is never recorded twice.`,
          body,
        });
        return;
      }
      // A definite refusal: nothing was recorded, so the cashier may change the payment under a new key.
      saleIdRef.current = crypto.randomUUID();
      setPayment({ state: 'editing', error: describeSaleError(error) });
    }
  }

  function completeSale(tenders: TenderInput[], mode: PaymentMode) {
    const body: CreateSaleInput = {
      id: saleIdRef.current,
      storeId: store.id,
      registerId,
      shiftId: shift.id,
      ...(saleCustomer.customer ? { customerId: saleCustomer.customer.id } : {}),
      ...saleLinesOf(cart),
      tenders,
    };
    if (!selfApproves && (approvals.length > 0 || rewardApprovals.length > 0)) {
      const needs = [
        ...describeApprovals(approvals, cart),
        ...describeRewardApprovals(rewardApprovals, cart),
      ];
      setOverlay({ kind: 'approval', mode, body, needs, error: null });
      return;
    }
    void sendSale(body, mode);
  }

  function approveSale(approval: Approval) {
    if (overlay.kind !== 'approval') {
      return;
    }
    // The approval travels with this one request only: it is never stored on the till.
    void sendSale({ ...overlay.body, approval }, overlay.mode);
  }

  function addSearchedProduct(product: SearchHit) {
    setOverlay({ kind: 'none' });
    setScanError(null);
    const cartProduct = toCartProduct(product);
    if (product.unit === 'weight') {
      setOverlay({ kind: 'weight', product: cartProduct, lineKey: null, currentGrams: null });
      return;
    }
    scanChainRef.current = scanChainRef.current.then(() =>
      setCart((current) => addScannedProduct(current, cartProduct)),
    );
  }

  function openAdjust(kind: AdjustTarget['kind']) {
    if (kind === 'cart-discount') {
      if (cart.lines.length === 0) {
        setScanError('Scan an item first.');
        return;
      }
      setOverlay({ kind: 'adjust', target: { kind, current: cart.cartDiscount } });
      return;
    }
    const line = cart.lines.find((item) => item.key === cart.selectedKey);
    if (!line) {
      setScanError('Select an item first (↑ / ↓).');
      return;
    }
    if (line.rewardProgramId !== undefined) {
      setScanError(`${line.product.name} is free (a reward): it takes no discount or price change.`);
      return;
    }
    setOverlay({
      kind: 'adjust',
      target:
        kind === 'line-discount'
          ? { kind, lineKey: line.key, itemName: line.product.name, current: line.discount }
          : {
              kind,
              lineKey: line.key,
              itemName: line.product.name,
              catalogPriceCents: line.product.priceCents,
              perKilogram: line.product.unit === 'weight',
              current: line.override,
            },
    });
  }

  function applyAdjust(
    target: AdjustTarget,
    value: { type: 'percent' | 'amount'; value: number; reason: string } | null,
  ) {
    setCart((current) => {
      switch (target.kind) {
        case 'line-discount':
          return setLineDiscount(current, target.lineKey, value);
        case 'cart-discount':
          return setCartDiscount(current, value);
        case 'price-override':
          return setPriceOverride(
            current,
            target.lineKey,
            value === null ? null : { unitPriceCents: value.value, reason: value.reason },
          );
      }
    });
    setOverlay({ kind: 'none' });
  }

  function openCloseShift() {
    if (cart.lines.length > 0) {
      setScanError('Finish or cancel this sale before closing the shift.');
      return;
    }
    setOverlay({ kind: 'close-shift' });
  }

  function startSwitchingCashier() {
    setSwitchingCashier(true);
  }

  function backToSelling() {
    tillLock.unlocked();
    setSwitchingCashier(false);
    focusScan();
  }

  function attachCustomer(customerId: string) {
    // Free lines belong to the customer who earned them: a new customer starts without them.
    setCart((current) => undoAllRewards(current));
    saleCustomer.attach(customerId);
    setOverlay({ kind: 'none' });
  }

  function removeCustomer() {
    setCart((current) => undoAllRewards(current));
    saleCustomer.clear();
    setOverlay({ kind: 'none' });
  }

  /** Alt+Y: an earned reward onto a qualifying line; on a free line, it is paid again. */
  function redeemOrUndoReward() {
    const selected = cart.lines.find((line) => line.key === cart.selectedKey);
    if (selected?.rewardProgramId !== undefined) {
      setCart((current) => undoReward(current, selected.key));
      setScanError(null);
      return;
    }
    if (saleCustomer.customer === null) {
      setScanError('Put the customer on the sale first (F6), then redeem their reward.');
      return;
    }
    const plan = planRedemption(cart, saleCustomer.programs, saleCustomer.customer.loyalty);
    if (!plan.ok) {
      setScanError(plan.message);
      return;
    }
    const line = cart.lines.find((item) => item.key === plan.lineKey);
    setCart((current) => redeemReward(current, plan.lineKey, plan.programId, plan.units));
    setScanError(
      plan.earned
        ? null
        : `${saleCustomer.customer.name} has not earned a free ${line?.product.name ?? 'item'}: a manager approves it when paying.`,
    );
  }

  /** Alt+G: a new weight for the selected weighed line; otherwise find the item (it asks its weight). */
  function openWeight() {
    const line = cart.lines.find((item) => item.key === cart.selectedKey);
    if (line && line.product.unit === 'weight') {
      setOverlay({ kind: 'weight', product: line.product, lineKey: line.key, currentGrams: line.quantity });
      return;
    }
    setOverlay({ kind: 'search' });
  }

  function applyWeight(product: CartProduct, lineKey: string | null, grams: number) {
    setOverlay({ kind: 'none' });
    if (lineKey !== null) {
      setCart((current) => setWeighedQuantity(current, lineKey, grams));
      return;
    }
    scanChainRef.current = scanChainRef.current.then(() =>
      setCart((current) => addScannedProduct(current, product, grams)),
    );
  }

  /** F5: parks a cart with items; on an empty sale lists the parked carts to recall one. */
  function parkOrRecall() {
    if (pendingScans > 0) {
      setScanError('Wait for the last scan to show up.');
      return;
    }
    setOverlay({ kind: cart.lines.length > 0 ? 'park' : 'recall' });
  }

  /** Alt+R: a return is its own transaction, so it starts from an empty sale. */
  function openReturn() {
    if (cart.lines.length > 0) {
      setScanError('Finish this sale or park it (F5) first, then take the return.');
      return;
    }
    if (waitForQueuedSales !== null) {
      // The server numbers the return from this register's counter, which the queued sales still hold.
      setScanError(`Returns need the server. ${waitForQueuedSales}`);
      return;
    }
    setOverlay({ kind: 'return' });
  }

  /** Alt+V: voids the last sale rung up on this till. */
  function openVoidLastSale() {
    const last = lastSaleRef.current;
    if (last === null) {
      setScanError('No sale has been completed on this till since it was opened.');
      return;
    }
    setOverlay({ kind: 'void', sale: last });
  }

  // One listener for the whole screen; it reads the latest state through this ref.
  const keyHandlerRef = useRef<(event: KeyboardEvent) => void>(() => undefined);
  keyHandlerRef.current = (event: KeyboardEvent) => {
    if (overlay.kind !== 'none') {
      return; // each overlay handles its own keys
    }
    const scanEmpty = scanRef.current === null || scanRef.current.value === '';
    const selected = cart.selectedKey;
    const handled = (() => {
      if (event.altKey && event.code === 'KeyM') {
        setOverlay({ kind: 'menu' });
        return true;
      }
      if (event.altKey) {
        switch (event.code) {
          case 'KeyI':
            setOverlay({ kind: 'drawer', movement: 'paid_in' });
            return true;
          case 'KeyO':
            setOverlay({ kind: 'drawer', movement: 'paid_out' });
            return true;
          case 'KeyN':
            setOverlay({ kind: 'drawer', movement: 'no_sale' });
            return true;
          case 'KeyZ':
            openCloseShift();
            return true;
          case 'KeyL':
            tillLock.lock();
            return true;
          case 'KeyW':
            startSwitchingCashier();
            return true;
          case 'KeyY':
            redeemOrUndoReward();
            return true;
          case 'KeyG':
            openWeight();
            return true;
          case 'KeyR':
            openReturn();
            return true;
          case 'KeyV':
            openVoidLastSale();
            return true;
          case 'KeyD':
            setOverlay({ kind: 'printer' });
            return true;
        }
      }
      switch (event.key) {
        case 'F1':
          setOverlay({ kind: 'help' });
          return true;
        case 'F2':
          openPayment('cash');
          return true;
        case 'F3':
          openPayment('card');
          return true;
        case 'F4':
          openPayment('split');
          return true;
        case 'F6':
          setOverlay({ kind: 'customer' });
          return true;
        case 'F5':
          parkOrRecall();
          return true;
        case 'F7':
          setOverlay({ kind: 'search' });
          return true;
        case 'f':
          if (!event.ctrlKey) {
            return false;
          }
          setOverlay({ kind: 'search' });
          return true;
        case 'F8':
          openAdjust('line-discount');
          return true;
        case 'F9':
          openAdjust('price-override');
          return true;
        case 'F10':
          openAdjust('cart-discount');
          return true;
        case 'Escape':
          if (!scanEmpty) {
            setScanText('');
          } else if (cart.lines.length > 0) {
            setOverlay({ kind: 'confirm-cancel' });
          }
          return true;
        case '+':
          if (!scanEmpty || selected === null) {
            return false;
          }
          setCart((current) => changeQuantity(current, selected, 1));
          return true;
        case '-':
          if (!scanEmpty || selected === null) {
            return false;
          }
          setCart((current) => changeQuantity(current, selected, -1));
          return true;
        case 'Delete':
          if (!scanEmpty || selected === null) {
            return false;
          }
          setCart((current) => removeLine(current, selected));
          return true;
        case 'ArrowUp':
          setCart((current) => moveSelection(current, -1));
          return true;
        case 'ArrowDown':
          setCart((current) => moveSelection(current, 1));
          return true;
        default:
          return false;
      }
    })();
    if (handled) {
      event.preventDefault();
      if (document.activeElement !== scanRef.current) {
        focusScan();
      }
    }
  };
  useEffect(() => {
    const listener = (event: KeyboardEvent) => keyHandlerRef.current(event);
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, []);

  // The till menu (Alt+M): each action's key works from the selling screen too.
  const tillActions: TillAction[] = [
    { id: 'search', label: 'Find a product', keys: 'F7', run: () => setOverlay({ kind: 'search' }) },
    { id: 'line-discount', label: 'Item discount', keys: 'F8', run: () => openAdjust('line-discount') },
    { id: 'price-override', label: 'Change price', keys: 'F9', run: () => openAdjust('price-override') },
    { id: 'cart-discount', label: 'Sale discount', keys: 'F10', run: () => openAdjust('cart-discount') },
    { id: 'customer', label: 'Customer', keys: 'F6', run: () => setOverlay({ kind: 'customer' }) },
    { id: 'reward', label: 'Redeem reward', keys: 'Alt+Y', run: redeemOrUndoReward },
    { id: 'weight', label: 'Weighed item', keys: 'Alt+G', run: openWeight },
    {
      id: 'paid-in',
      label: 'Paid in',
      keys: 'Alt+I',
      run: () => setOverlay({ kind: 'drawer', movement: 'paid_in' }),
    },
    {
      id: 'paid-out',
      label: 'Paid out',
      keys: 'Alt+O',
      run: () => setOverlay({ kind: 'drawer', movement: 'paid_out' }),
    },
    {
      id: 'no-sale',
      label: 'No sale',
      keys: 'Alt+N',
      run: () => setOverlay({ kind: 'drawer', movement: 'no_sale' }),
    },
    {
      id: 'close-shift',
      label: 'Close the shift',
      keys: 'Alt+Z',
      run: openCloseShift,
      unavailable: cart.lines.length > 0 ? 'Finish or cancel this sale before closing the shift.' : null,
    },
    { id: 'lock', label: 'Lock the till', keys: 'Alt+L', run: tillLock.lock },
    { id: 'switch-cashier', label: 'Change cashier', keys: 'Alt+W', run: startSwitchingCashier },
    { id: 'park', label: 'Park / recall a cart', keys: 'F5', run: parkOrRecall },
    { id: 'return', label: 'Return or exchange', keys: 'Alt+R', run: openReturn },
    {
      id: 'void-last',
      label: 'Void the last sale',
      keys: 'Alt+V',
      run: openVoidLastSale,
      unavailable: lastSaleRef.current === null ? 'No sale has been completed on this till yet.' : null,
    },
    { id: 'printer', label: 'Printer & drawer', keys: 'Alt+D', run: () => setOverlay({ kind: 'printer' }) },
    { id: 'help', label: 'Keys', keys: 'F1', run: () => setOverlay({ kind: 'help' }) },
  ];

  function pickTillAction(action: TillAction) {
    setOverlay({ kind: 'none' });
    if (action.unavailable) {
      setScanError(action.unavailable);
      focusScan();
      return;
    }
    action.run();
  }

  const totalCents = priced?.totalCents ?? 0;
  const itemCount = cart.lines.reduce(
    (count, line) => count + (line.product.unit === 'each' ? line.quantity : 1),
    0,
  );

  return (
    <div className="register">
      <section className="register-sale" aria-label="Sale">
        <div className="register-scan">
          <label htmlFor="register-scan-input" className="register-scan-label">
            Scan or type a barcode / SKU
          </label>
          <input
            id="register-scan-input"
            ref={scanRef}
            className="register-scan-input"
            value={scanText}
            autoComplete="off"
            autoCorrect="off"
            autoCapitalize="none"
            spellCheck={false}
            enterKeyHint="enter"
            onChange={(event) => setScanText(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === 'Enter') {
                event.preventDefault();
                submitScan(event.currentTarget.value);
              }
            }}
            onBlur={() => {
              // The scanner types into whatever has focus: give it back unless a dialog needs it.
              if (overlay.kind === 'none' && !lockShown) {
                focusScan();
              }
            }}
          />
          {pendingScans > 0 && (
            <span className="register-scan-pending" role="status">
              Looking up…
            </span>
          )}
        </div>
        {scanError !== null && (
          <p className="alert register-scan-error" role="alert">
            {scanError}
          </p>
        )}
        {notice !== null && scanError === null && (
          <p className="shift-notice" role="status">
            {notice}
          </p>
        )}
        <SaleCustomerCard
          customer={saleCustomer.customer}
          programs={saleCustomer.programs}
          loading={saleCustomer.loading}
          error={saleCustomer.error}
        />
        <CartTable
          cart={cart}
          priced={priced}
          currency={store.currency}
          onSelect={(key) => setCart((current) => ({ ...current, selectedKey: key }))}
          onChangeQuantity={(key, delta) => setCart((current) => changeQuantity(current, key, delta))}
          onRemove={(key) => setCart((current) => removeLine(current, key))}
        />
      </section>
      <aside className="register-side" aria-label="Totals and payment">
        <div className="register-till-info">
          <span>{store.name}</span>
          <span>
            Register {registerId} · shift open since{' '}
            {new Date(shift.openedAt).toLocaleTimeString('en-US', {
              hour: 'numeric',
              minute: '2-digit',
              timeZone: store.timezone,
            })}
          </span>
        </div>
        <TotalsPanel priced={priced} currency={store.currency} itemCount={itemCount} />
        <div className="register-actions register-adjust-actions">
          <button
            type="button"
            className="button button-secondary"
            onClick={() => setOverlay({ kind: 'search' })}
          >
            Find <kbd>F7</kbd>
          </button>
          <button
            type="button"
            className="button button-secondary"
            onClick={() => openAdjust('line-discount')}
          >
            Item % <kbd>F8</kbd>
          </button>
          <button
            type="button"
            className="button button-secondary"
            onClick={() => openAdjust('price-override')}
          >
            Price <kbd>F9</kbd>
          </button>
          <button
            type="button"
            className="button button-secondary"
            onClick={() => openAdjust('cart-discount')}
          >
            Sale % <kbd>F10</kbd>
          </button>
        </div>
        <div className="register-actions">
          <button
            type="button"
            className="button button-primary register-action"
            onClick={() => openPayment('cash')}
          >
            Cash <kbd>F2</kbd>
          </button>
          <button
            type="button"
            className="button button-primary register-action"
            onClick={() => openPayment('card')}
          >
            Card <kbd>F3</kbd>
          </button>
          <button
            type="button"
            className="button button-secondary register-action"
            onClick={() => openPayment('split')}
          >
            Split <kbd>F4</kbd>
          </button>
          <button
            type="button"
            className="button button-secondary register-action"
            onClick={() => (cart.lines.length > 0 ? setOverlay({ kind: 'confirm-cancel' }) : focusScan())}
          >
            Cancel sale <kbd>Esc</kbd>
          </button>
          <button
            type="button"
            className="button button-secondary register-action register-action-wide"
            onClick={() => setOverlay({ kind: 'menu' })}
          >
            More <kbd>Alt+M</kbd>
          </button>
        </div>
      </aside>

      {overlay.kind === 'help' && <HelpOverlay onClose={() => setOverlay({ kind: 'none' })} />}
      {overlay.kind === 'printer' && (
        <PrinterDialog printer={printer} onClose={() => setOverlay({ kind: 'none' })} />
      )}
      {overlay.kind === 'menu' && (
        <TillMenu
          actions={tillActions}
          onPick={pickTillAction}
          onClose={() => setOverlay({ kind: 'none' })}
        />
      )}
      {overlay.kind === 'confirm-cancel' && (
        <ConfirmCancel
          total={formatMoney(totalCents, store.currency)}
          onConfirm={startNewSale}
          onKeep={() => setOverlay({ kind: 'none' })}
        />
      )}
      {overlay.kind === 'payment' && priced !== null && (
        <PaymentDialog
          // A new method starts with its own empty fields and focus in its first one.
          key={overlay.mode}
          mode={overlay.mode}
          totalCents={priced.totalCents}
          store={store}
          status={payment}
          onModeChange={(mode) => setOverlay({ kind: 'payment', mode })}
          onComplete={(tenders) => completeSale(tenders, overlay.mode)}
          onRetry={() => {
            if (payment.state === 'unknown') {
              void sendSale(payment.body, overlay.mode);
            }
          }}
          onCancel={() => {
            if (payment.state === 'editing') {
              setOverlay({ kind: 'none' });
            }
          }}
          onScan={(code) => {
            setOverlay({ kind: 'none' });
            submitScan(code);
          }}
        />
      )}
      {overlay.kind === 'search' && (
        <ProductSearchDialog
          currency={store.currency}
          onPick={addSearchedProduct}
          onClose={() => setOverlay({ kind: 'none' })}
        />
      )}
      {overlay.kind === 'adjust' && (
        <AdjustDialog
          target={overlay.target}
          currency={store.currency}
          limitPercent={store.cashierDiscountLimitPercent}
          onApply={(value) => applyAdjust(overlay.target, value)}
          onRemove={() => applyAdjust(overlay.target, null)}
          onClose={() => setOverlay({ kind: 'none' })}
        />
      )}
      {overlay.kind === 'customer' && (
        <CustomerDialog
          attached={saleCustomer.customer}
          onAttach={(customer) => attachCustomer(customer.id)}
          onRemove={removeCustomer}
          onClose={() => setOverlay({ kind: 'none' })}
        />
      )}
      {overlay.kind === 'weight' && (
        <WeightDialog
          product={overlay.product}
          currentGrams={overlay.currentGrams}
          currency={store.currency}
          onApply={(grams) => applyWeight(overlay.product, overlay.lineKey, grams)}
          onClose={() => setOverlay({ kind: 'none' })}
        />
      )}
      {overlay.kind === 'approval' && (
        <ApprovalDialog
          needs={overlay.needs}
          error={overlay.error}
          sending={payment.state === 'sending'}
          onApprove={approveSale}
          onCancel={() => setOverlay({ kind: 'payment', mode: overlay.mode })}
        />
      )}
      {overlay.kind === 'drawer' && (
        <CashMovementDialog
          kind={overlay.movement}
          shiftId={shift.id}
          currency={store.currency}
          onDone={(message) => {
            setOverlay({ kind: 'none' });
            setNotice(message);
          }}
          onDrawerShouldOpen={() => {
            // The drawer hangs off the receipt printer: without one connected the cashier opens it by key.
            if (printer.isConnected) {
              printer.openDrawer().catch((error: unknown) => setScanError(describePrinterError(error)));
            }
          }}
          onClose={() => setOverlay({ kind: 'none' })}
        />
      )}
      {overlay.kind === 'close-shift' && (
        <CloseShiftDialog
          shiftId={shift.id}
          currency={store.currency}
          blockedReason={waitForQueuedSales}
          onClose={() => setOverlay({ kind: 'none' })}
          onShiftClosed={onShiftClosed}
        />
      )}
      {lockShown && (
        <TillLockLayer
          key={tillLock.locked ? 'pin' : 'switch'}
          start={tillLock.locked ? 'pin' : 'switch'}
          cashier={cashier}
          storeId={store.id}
          cart={
            cart.lines.length === 0 ? null : { itemCount, total: formatMoney(totalCents, store.currency) }
          }
          signInCashier={signInCashier}
          onUnlocked={backToSelling}
          onSwitched={(user) => {
            startNewSale();
            backToSelling();
            setNotice(`${user.name} is signed in at this till.`);
          }}
          onCancelSwitch={backToSelling}
          parkCart={async (label) => {
            await parkCart({
              storeId: store.id,
              registerId,
              label,
              cart: cartDraftOf(cart, saleCustomer.customer?.id ?? null),
            });
          }}
          discardCart={startNewSale}
        />
      )}
      {overlay.kind === 'park' && (
        <ParkCartDialog
          cart={cart}
          customerId={saleCustomer.customer?.id ?? null}
          itemCount={itemCount}
          storeId={store.id}
          registerId={registerId}
          timeZone={store.timezone}
          onParked={(label) => {
            startNewSale();
            setNotice(`Cart parked as “${label}”. F5 on an empty sale brings it back.`);
          }}
          onClose={() => setOverlay({ kind: 'none' })}
        />
      )}
      {overlay.kind === 'recall' && (
        <RecallCartDialog
          storeId={store.id}
          timeZone={store.timezone}
          onRecalled={(recalled, dropped, label, customerId) => {
            startNewSale();
            setCart(recalled);
            if (customerId !== null) {
              saleCustomer.attach(customerId);
            }
            setNotice(`Recalled “${label}” at today's prices.`);
            if (dropped.length > 0) {
              setScanError(`No longer sold, left off: ${dropped.join(', ')}.`);
            }
          }}
          onClose={() => setOverlay({ kind: 'none' })}
        />
      )}
      {overlay.kind === 'return' && (
        <ReturnDialog
          store={store}
          registerId={registerId}
          shiftId={shift.id}
          // The return took the register's next number on the server: the till's counter moves past it.
          onReturnRecorded={(receiptNumber) => {
            void noteReceiptNumberUsed(store.id, registerId, receiptNumber);
          }}
          onClose={startNewSale}
        />
      )}
      {overlay.kind === 'void' && (
        <VoidLastSaleDialog
          sale={overlay.sale}
          currency={store.currency}
          onVoided={(voided) => {
            if (lastSaleRef.current?.id === voided.id) {
              lastSaleRef.current = null;
            }
          }}
          onClose={() => setOverlay({ kind: 'none' })}
        />
      )}
      {(overlay.kind === 'done' || overlay.kind === 'done-local') && (
        <SaleCompletePanel
          sale={overlay.kind === 'done' ? overlay.sale : overlay.receipt}
          store={store}
          customerEmail={saleCustomer.customer?.email ?? null}
          receiptPrinter={
            printer.isConnected
              ? {
                  printReceipt: () =>
                    printer.printReceipt(overlay.kind === 'done' ? overlay.sale : overlay.printable, store),
                  openDrawer: printer.openDrawer,
                }
              : null
          }
          onNewSale={(firstCode) => {
            startNewSale();
            if (firstCode !== null) {
              submitScan(firstCode);
            }
          }}
        />
      )}
    </div>
  );
}

function ConfirmCancel({
  total,
  onConfirm,
  onKeep,
}: {
  total: string;
  onConfirm: () => void;
  onKeep: () => void;
}) {
  const keepRef = useRef(onKeep);
  const confirmRef = useRef(onConfirm);
  keepRef.current = onKeep;
  confirmRef.current = onConfirm;
  useEffect(() => {
    const listener = (event: KeyboardEvent) => {
      if (event.key === 'Enter') {
        event.preventDefault();
        confirmRef.current();
      } else if (event.key === 'Escape') {
        event.preventDefault();
        keepRef.current();
      }
    };
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, []);
  return (
    <Dialog role="alertdialog" className="panel register-dialog">
      <DialogTitle>Cancel this sale?</DialogTitle>
      <DialogDescription>
        Every item ({total}) comes off the screen. Nothing has been charged.
      </DialogDescription>
      <div className="register-setup-actions">
        <button type="button" className="button button-primary" onClick={onConfirm}>
          Cancel sale <kbd>Enter</kbd>
        </button>
        <button type="button" className="button button-secondary" onClick={onKeep}>
          Keep selling <kbd>Esc</kbd>
        </button>
      </div>
    </Dialog>
  );
}
