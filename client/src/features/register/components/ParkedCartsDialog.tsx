import { type FormEvent, useEffect, useLayoutEffect, useRef, useState } from 'react';
import {
  type CartDraft,
  discardParkedCart,
  getProduct,
  listParkedCarts,
  type ParkedCart,
  parkCart,
  recallParkedCart,
} from '../api/parked-carts';
import type { Cart, CartProduct } from '../cart';
import { describeParkError } from '../describe-returns-error';
import { cartDraftOf, cartFromDraft } from '../parked-cart';
import './returns.css';
import { Dialog, DialogTitle } from '../../../ui/Dialog';

/** F5 with items: name the cart (optional) and put it aside. */
export function ParkCartDialog({
  cart,
  customerId,
  itemCount,
  storeId,
  registerId,
  timeZone,
  onParked,
  onClose,
}: {
  cart: Cart;
  /** The customer on the sale, parked with it. */
  customerId: string | null;
  itemCount: number;
  storeId: string;
  registerId: string;
  timeZone: string;
  onParked: (label: string) => void;
  onClose: () => void;
}) {
  const [note, setNote] = useState('');
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const noteRef = useRef<HTMLInputElement>(null);
  // Focus before the dialog is painted: a scanner's first keys must not land behind it.
  useLayoutEffect(() => noteRef.current?.focus(), []);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (sending) {
      return;
    }
    // The API wants a label: without a note the time and size tell carts apart.
    const time = new Date().toLocaleTimeString('en-US', { hour: 'numeric', minute: '2-digit', timeZone });
    const label =
      note.trim() === '' ? `${time} · ${itemCount} item${itemCount === 1 ? '' : 's'}` : note.trim();
    setSending(true);
    setError(null);
    try {
      await parkCart({ storeId, registerId, label: label.slice(0, 60), cart: cartDraftOf(cart, customerId) });
      onParked(label);
    } catch (caught) {
      setSending(false);
      setError(describeParkError(caught));
    }
  }

  return (
    <Dialog
      as="form"
      className="panel register-dialog"
      onSubmit={submit}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && !sending) {
          event.preventDefault();
          event.stopPropagation();
          onClose();
        }
      }}
      noValidate
    >
      <DialogTitle>Park this cart</DialogTitle>
      <p>
        The {itemCount} item{itemCount === 1 ? '' : 's'} wait here until today's closing; any register of the
        store can bring them back with <kbd>F5</kbd> on an empty sale.
      </p>
      <div className="field">
        <label htmlFor="register-park-note">Note (optional): a name, “blue jacket”…</label>
        <input
          id="register-park-note"
          ref={noteRef}
          autoComplete="off"
          maxLength={60}
          value={note}
          onChange={(event) => setNote(event.target.value)}
        />
      </div>
      {error !== null && (
        <p className="alert" role="alert">
          {error}
        </p>
      )}
      <div className="register-setup-actions">
        <button type="submit" className="button button-primary" disabled={sending}>
          {sending ? 'Parking…' : 'Park and start a new sale'} <kbd>Enter</kbd>
        </button>
        <button type="button" className="button button-secondary" onClick={onClose} disabled={sending}>
          Keep selling <kbd>Esc</kbd>
        </button>
      </div>
    </Dialog>
  );
}

/** Products by id at today's prices; a product gone from the catalog comes back as null. */
async function productsOf(
  draft: CartDraft,
): Promise<Map<string, (CartProduct & { active: boolean }) | null>> {
  const ids = [...new Set(draft.lines.map((line) => line.productId))];
  const found = await Promise.all(
    ids.map(async (id) => {
      try {
        const product = await getProduct(id);
        return [
          id,
          {
            id: product.id,
            sku: product.sku,
            name: product.name,
            unit: product.unit,
            priceCents: product.priceCents,
            taxClass: product.taxClass,
            active: product.active,
          },
        ] as const;
      } catch (error) {
        if (error instanceof Error && 'code' in error && error.code === 'NOT_FOUND') {
          return [id, null] as const;
        }
        throw error;
      }
    }),
  );
  return new Map(found);
}

/** F5 on an empty sale: this store's parked carts, newest first; Enter brings the selected one back. */
export function RecallCartDialog({
  storeId,
  timeZone,
  onRecalled,
  onClose,
}: {
  storeId: string;
  timeZone: string;
  onRecalled: (cart: Cart, dropped: string[], label: string, customerId: string | null) => void;
  onClose: () => void;
}) {
  const [carts, setCarts] = useState<ParkedCart[] | null>(null);
  const [selected, setSelected] = useState(0);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // The cart a first Delete picked: a second Delete throws it away, any other key keeps it.
  const [discarding, setDiscarding] = useState<string | null>(null);
  const listRef = useRef<HTMLDivElement>(null);

  useLayoutEffect(() => listRef.current?.focus(), []);

  useEffect(() => {
    let live = true;
    listParkedCarts(storeId).then(
      (items) => {
        if (live) {
          setCarts(items);
          requestAnimationFrame(() => listRef.current?.focus());
        }
      },
      (caught: unknown) => live && setError(describeParkError(caught)),
    );
    return () => {
      live = false;
    };
  }, [storeId]);

  async function recall(parked: ParkedCart) {
    if (busy) {
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const taken = await recallParkedCart(parked.id);
      const { cart, dropped } = cartFromDraft(taken.cart, await productsOf(taken.cart));
      onRecalled(cart, dropped, taken.label, taken.cart.customerId ?? null);
    } catch (caught) {
      setBusy(false);
      setError(describeParkError(caught));
    }
  }

  async function discard(parked: ParkedCart) {
    if (discarding !== parked.id) {
      setDiscarding(parked.id);
      return;
    }
    setDiscarding(null);
    setBusy(true);
    setError(null);
    try {
      await discardParkedCart(parked.id);
    } catch (caught) {
      setError(describeParkError(caught));
    }
    // Gone either way (thrown away, or taken by another register): the list shows what is left.
    const left = (carts ?? []).filter((item) => item.id !== parked.id);
    setCarts(left);
    setSelected((index) => Math.max(0, Math.min(index, left.length - 1)));
    setBusy(false);
    listRef.current?.focus();
  }

  const count = carts?.length ?? 0;
  return (
    <Dialog
      className="panel register-dialog register-returns-dialog"
      onKeyDown={(event) => {
        if (event.key !== 'Delete') {
          setDiscarding(null);
        }
        if (event.key === 'Escape' && !busy) {
          onClose();
        } else if (event.key === 'Delete' && carts?.[selected] && !busy) {
          void discard(carts[selected]);
        } else if (event.key === 'ArrowDown' && count > 0) {
          setSelected((index) => Math.min(count - 1, index + 1));
        } else if (event.key === 'ArrowUp' && count > 0) {
          setSelected((index) => Math.max(0, index - 1));
        } else if (event.key === 'Enter' && carts?.[selected]) {
          void recall(carts[selected]);
        } else {
          return;
        }
        event.preventDefault();
        event.stopPropagation();
      }}
    >
      <DialogTitle>Parked carts</DialogTitle>
      <div ref={listRef} tabIndex={-1} className="register-returns-list">
        {carts === null && error === null && <p>Loading…</p>}
        {carts !== null && carts.length === 0 && <p>No cart is parked at this store today.</p>}
        {carts !== null && carts.length > 0 && (
          <div className="register-search-results" role="listbox" aria-label="Parked carts, newest first">
            {carts.map((parked, index) => (
              <div
                key={parked.id}
                role="option"
                aria-selected={index === selected}
                className={index === selected ? 'is-selected' : undefined}
                tabIndex={-1}
                onClick={() => void recall(parked)}
                onKeyDown={(event) => {
                  if (event.key === 'Enter') {
                    void recall(parked);
                  }
                }}
              >
                <strong>{parked.label}</strong>
                <span className="register-returns-muted">
                  {' '}
                  · {parked.cart.lines.length} line{parked.cart.lines.length === 1 ? '' : 's'} · parked{' '}
                  {new Date(parked.createdAt).toLocaleTimeString('en-US', {
                    hour: 'numeric',
                    minute: '2-digit',
                    timeZone,
                  })}{' '}
                  on {parked.registerId}
                </span>
              </div>
            ))}
          </div>
        )}
      </div>
      {discarding !== null && (
        <p className="alert" role="alert">
          Press Delete again to throw “{carts?.find((item) => item.id === discarding)?.label}” away; any other
          key keeps it.
        </p>
      )}
      {error !== null && (
        <p className="alert" role="alert">
          {error}
        </p>
      )}
      <div className="register-setup-actions">
        <button
          type="button"
          className="button button-primary"
          disabled={busy || !carts?.[selected]}
          onClick={() => carts?.[selected] && void recall(carts[selected])}
        >
          {busy ? 'Bringing it back…' : 'Recall'} <kbd>Enter</kbd>
        </button>
        <button type="button" className="button button-secondary" onClick={onClose} disabled={busy}>
          Close <kbd>Esc</kbd>
        </button>
        <button
          type="button"
          className="button button-secondary"
          disabled={busy || !carts?.[selected]}
          onClick={() => carts?.[selected] && void discard(carts[selected])}
        >
          Throw away <kbd>Delete</kbd>
        </button>
      </div>
    </Dialog>
  );
}
