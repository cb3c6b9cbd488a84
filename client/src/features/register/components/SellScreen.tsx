import { useEffect, useMemo, useRef, useState } from 'react';
import { approvalsNeeded, priceCart } from '../../../../../shared/pricing/cart';
import type { PricedSale } from '../../../../../shared/pricing/sale-pricing';
import { type CreateSaleInput, createSale, type Sale } from '../api/create-sale';
import type { Shift } from '../api/get-current-shift';
import type { Store } from '../api/list-stores';
import { lookupProduct } from '../api/lookup-product';
import { ApiError } from '../../../api/http';
import type { LocalReceipt } from '../../../offline/outbox-record';
import { useRegisterOffline } from '../../../offline/register-offline-context';
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
  removeLine,
  saleLinesOf,
  setCartDiscount,
  setLineDiscount,
  setPriceOverride,
} from '../cart';
import {
  describeApprovalError,
  describeSaleError,
  describeScanError,
  isOutcomeUnknown,
} from '../describe-register-error';
import { formatMoney } from '../money';
import type { PaymentMode, TenderInput } from '../tenders';
import { AdjustDialog, type AdjustTarget } from './AdjustDialog';
import { type Approval, ApprovalDialog } from './ApprovalDialog';
import { CartTable } from './CartTable';
import { HelpOverlay } from './HelpOverlay';
import { PaymentDialog, type PaymentStatus } from './PaymentDialog';
import { ProductSearchDialog } from './ProductSearchDialog';
import { SaleCompletePanel } from './SaleCompletePanel';
import { TotalsPanel } from './TotalsPanel';

type Overlay =
  | { kind: 'none' }
  | { kind: 'help' }
  | { kind: 'confirm-cancel' }
  | { kind: 'payment'; mode: PaymentMode }
  | { kind: 'search' }
  | { kind: 'adjust'; target: AdjustTarget }
  /** The sale as it will be sent, waiting for a manager; `error` is the server's refusal of the last try. */
  | { kind: 'approval'; mode: PaymentMode; body: CreateSaleInput; needs: string[]; error: string | null }
  | { kind: 'done'; sale: Sale }
  /** Completed on this till alone (offline or no answer in time): queued, sent later. */
  | { kind: 'done-local'; receipt: LocalReceipt };

function toCartProduct(product: SearchHit): CartProduct {
  return {
    id: product.id,
    sku: product.sku,
    name: product.name,
    unit: product.unit,
    priceCents: product.priceCents,
    taxClass: product.taxClass,
  };
}

/** The selling screen: the scan field always has focus, every action has a key. */
export function SellScreen({ store, shift, registerId }: { store: Store; shift: Shift; registerId: string }) {
  const [cart, setCart] = useState<Cart>(EMPTY_CART);
  const [scanText, setScanText] = useState('');
  const [scanError, setScanError] = useState<string | null>(null);
  const [pendingScans, setPendingScans] = useState(0);
  const [overlay, setOverlay] = useState<Overlay>({ kind: 'none' });
  const [payment, setPayment] = useState<PaymentStatus>({ state: 'editing', error: null });
  const scanRef = useRef<HTMLInputElement>(null);
  // The idempotency key of the sale being rung up: kept across retries, renewed for the next sale.
  const saleIdRef = useRef<string>(crypto.randomUUID());
  // Lookups run in parallel but land in scan order, so three fast scans show in the order scanned.
  const scanChainRef = useRef<Promise<void>>(Promise.resolve());
  // Codes already looked up on this till: a repeat scan adds quantity without waiting for the network.
  const knownCodesRef = useRef(new Map<string, CartProduct>());
  // The catalog copy, receipt counter and outbox of this register (null outside RegisterPage).
  const offline = useRegisterOffline();

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

  const overlayOpen = overlay.kind !== 'none';

  function focusScan() {
    requestAnimationFrame(() => scanRef.current?.focus());
  }

  useEffect(() => {
    if (!overlayOpen) {
      scanRef.current?.focus();
    }
  }, [overlayOpen]);

  function submitScan(raw: string) {
    const code = raw.trim();
    setScanText('');
    if (code === '') {
      return;
    }
    setScanError(null);
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
        setScanError(`${product.name} is sold by weight: weigh it and scan the scale's label.`);
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
    setPayment({ state: 'editing', error: null });
    setOverlay({ kind: 'payment', mode });
  }

  function startNewSale() {
    setCart(EMPTY_CART);
    setScanError(null);
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
        setOverlay(
          done.kind === 'sent'
            ? { kind: 'done', sale: done.sale }
            : { kind: 'done-local', receipt: done.receipt },
        );
        return;
      }
      const sale = await createSale(body);
      setOverlay({ kind: 'done', sale });
    } catch (error) {
      if (
        error instanceof ApiError &&
        (error.code === 'APPROVAL_REQUIRED' || error.code === 'ACCOUNT_LOCKED')
      ) {
        // Nothing was recorded: ask the manager (again), under a fresh key; the refused PIN is not kept.
        saleIdRef.current = crypto.randomUUID();
        const { approval: refused, ...unapproved } = body;
        const needs = error.details
          .filter((detail) => detail.path !== 'approval')
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
            needs.length > 0
              ? describeApprovals(needs, cart)
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
      ...saleLinesOf(cart),
      tenders,
    };
    if (approvals.length > 0) {
      setOverlay({ kind: 'approval', mode, body, needs: describeApprovals(approvals, cart), error: null });
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
    if (product.unit === 'weight') {
      setScanError(`${product.name} is sold by weight: weigh it and scan the scale's label.`);
      return;
    }
    setScanError(null);
    const cartProduct = toCartProduct(product);
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

  // One listener for the whole screen; it reads the latest state through this ref.
  const keyHandlerRef = useRef<(event: KeyboardEvent) => void>(() => undefined);
  keyHandlerRef.current = (event: KeyboardEvent) => {
    if (overlay.kind !== 'none') {
      return; // each overlay handles its own keys
    }
    const scanEmpty = scanRef.current === null || scanRef.current.value === '';
    const selected = cart.selectedKey;
    const handled = (() => {
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
              if (overlay.kind === 'none') {
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
            Discount <kbd>F8</kbd>
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
            onClick={() => setOverlay({ kind: 'help' })}
          >
            Keys <kbd>F1</kbd>
          </button>
        </div>
      </aside>

      {overlay.kind === 'help' && <HelpOverlay onClose={() => setOverlay({ kind: 'none' })} />}
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
      {overlay.kind === 'approval' && (
        <ApprovalDialog
          needs={overlay.needs}
          error={overlay.error}
          sending={payment.state === 'sending'}
          onApprove={approveSale}
          onCancel={() => setOverlay({ kind: 'payment', mode: overlay.mode })}
        />
      )}
      {(overlay.kind === 'done' || overlay.kind === 'done-local') && (
        <SaleCompletePanel
          sale={overlay.kind === 'done' ? overlay.sale : overlay.receipt}
          currency={store.currency}
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
    <div className="register-overlay">
      <div
        className="panel register-dialog"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby="cancel-sale-title"
      >
        <h2 id="cancel-sale-title">Cancel this sale?</h2>
        <p>Every item ({total}) comes off the screen. Nothing has been charged.</p>
        <div className="register-setup-actions">
          <button type="button" className="button button-primary" onClick={onConfirm}>
            Cancel sale <kbd>Enter</kbd>
          </button>
          <button type="button" className="button button-secondary" onClick={onKeep}>
            Keep selling <kbd>Esc</kbd>
          </button>
        </div>
      </div>
    </div>
  );
}
