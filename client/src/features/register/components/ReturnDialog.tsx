import { type KeyboardEvent, useLayoutEffect, useRef, useState } from 'react';
import { ApiError } from '../../../api/http';
import type { Store } from '../api/list-stores';
import { lookupProduct } from '../api/lookup-product';
import {
  type CreateReturnInput,
  type Customer,
  createReturn,
  getSaleByReceipt,
  type Return,
  type Sale,
  searchCustomers,
} from '../api/returns';
import type { CartProduct } from '../cart';
import { describeApprovalError, describeScanError, isOutcomeUnknown } from '../describe-register-error';
import { describeReceiptLookupError, describeReturnError } from '../describe-returns-error';
import { formatMoney } from '../money';
import {
  cashRefundDueCents,
  noReceiptRefundCents,
  receiptLineRefundCents,
  returnableQuantity,
} from '../return-refunds';
import { type Approval, ApprovalDialog } from './ApprovalDialog';
import './returns.css';
import { Dialog, DialogTitle } from '../../../ui/Dialog';

type RefundMethod = 'cash' | 'card' | 'store_credit';
const METHOD_NAMES: Record<RefundMethod, string> = {
  cash: 'Cash',
  card: 'Card',
  store_credit: 'Store credit',
};
const REFUND_WORDS: Record<RefundMethod, string> = {
  cash: 'in cash',
  card: 'to the card',
  store_credit: 'as store credit',
};
const METHOD_KEYS: Record<string, RefundMethod> = { '1': 'cash', '2': 'card', '3': 'store_credit' };

type Step = 'find' | 'receipt' | 'no-receipt' | 'approval' | 'done';
/** A line picked to come back: how many, and whether it goes back on the shelf. */
type Pick = { quantity: number; restock: boolean };
type LooseItem = { product: CartProduct; quantity: number; restock: boolean };
type Sending =
  | { state: 'idle' }
  | { state: 'sending' }
  /** No answer: the return may be recorded; only this very body may go again. */
  | { state: 'unknown'; body: CreateReturnInput };

/** Inputs where +, −, space and digits are typed, not taken as keys (the scan fields only while empty). */
function isTypingIn(target: EventTarget): boolean {
  if (!(target instanceof HTMLInputElement)) {
    return false;
  }
  return !(target.dataset.scanField === 'true' && target.value === '');
}

/**
 * Alt+R: a return against a receipt (scanned or typed), or without one (manager's approval, store credit).
 * The return's id is kept across retries like a sale's, so a refund is never recorded twice.
 */
export function ReturnDialog({
  store,
  registerId,
  shiftId,
  onReturnRecorded,
  onClose,
}: {
  store: Store;
  registerId: string;
  shiftId: string;
  /** Called once the return is recorded, with its receipt number (taken from this register's counter). */
  onReturnRecorded: (receiptNumber: string) => void;
  onClose: () => void;
}) {
  const money = (cents: number) => formatMoney(cents, store.currency);
  const [step, setStep] = useState<Step>('find');
  const [codeText, setCodeText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [sale, setSale] = useState<Sale | null>(null);
  const [picks, setPicks] = useState<Record<string, Pick>>({});
  const [items, setItems] = useState<LooseItem[]>([]);
  const [selected, setSelected] = useState(0);
  const [method, setMethod] = useState<RefundMethod>('cash');
  const [reason, setReason] = useState('');
  const [customerQuery, setCustomerQuery] = useState('');
  const [customers, setCustomers] = useState<Customer[]>([]);
  const [customerIndex, setCustomerIndex] = useState(0);
  const [approvalError, setApprovalError] = useState<string | null>(null);
  const [sending, setSending] = useState<Sending>({ state: 'idle' });
  const [recorded, setRecorded] = useState<Return | null>(null);
  const returnIdRef = useRef<string>(crypto.randomUUID());
  const codeRef = useRef<HTMLInputElement>(null);
  const listRef = useRef<HTMLDivElement>(null);
  const doneRef = useRef<HTMLButtonElement>(null);

  // Focus before the step is painted: a scanner's first keys must not land behind the dialog.
  useLayoutEffect(() => {
    if (step === 'find' || step === 'no-receipt') {
      codeRef.current?.focus();
    } else if (step === 'receipt') {
      listRef.current?.focus();
    } else if (step === 'done') {
      doneRef.current?.focus();
    }
  }, [step]);

  const saleLines = sale?.lines ?? [];
  const lineCount = step === 'receipt' ? saleLines.length : items.length;
  const cardReference = sale?.tenders.find((tender) => tender.method === 'card')?.reference ?? null;
  const customer = customers[customerIndex] ?? null;

  const refundCents =
    step === 'no-receipt' || (step === 'approval' && sale === null)
      ? noReceiptRefundCents(items, store)
      : saleLines.reduce(
          (total, line) =>
            total +
            receiptLineRefundCents(line, picks[line.id]?.quantity ?? 0, sale?.pricesIncludeTax ?? false),
          0,
        );
  const payOutCents =
    method === 'cash' ? cashRefundDueCents(refundCents, store.cashRoundingCents) : refundCents;

  async function findReceipt() {
    const receiptNumber = codeText.trim();
    if (receiptNumber === '' || busy) {
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const found = await getSaleByReceipt(receiptNumber, store.id);
      if (found.status === 'voided') {
        setError(`Sale ${found.receiptNumber} was voided: there is nothing to return.`);
        return;
      }
      setSale(found);
      setPicks({});
      setSelected(0);
      setMethod('cash');
      setCodeText('');
      setStep('receipt');
    } catch (caught) {
      setError(describeReceiptLookupError(caught, receiptNumber));
    } finally {
      setBusy(false);
    }
  }

  async function addLooseItem() {
    const code = codeText.trim();
    setCodeText('');
    if (code === '') {
      return;
    }
    setError(null);
    try {
      const product = await lookupProduct(code, store.id);
      if (product.scanned?.priceCents != null) {
        setError(
          `${product.name}: price-embedded labels cannot be returned without a receipt here. Call a manager.`,
        );
        return;
      }
      const grams = product.unit === 'weight' ? (product.scanned?.quantity ?? null) : 1;
      if (grams === null) {
        setError(`${product.name} is sold by weight: weigh it and scan the scale's label.`);
        return;
      }
      const cartProduct: CartProduct = {
        id: product.id,
        sku: product.sku,
        name: product.name,
        unit: product.unit,
        priceCents: product.priceCents,
        taxClass: product.taxClass,
      };
      setItems((current) => {
        const index = current.findIndex((item) => item.product.id === product.id && product.unit === 'each');
        const next =
          index === -1
            ? [...current, { product: cartProduct, quantity: grams, restock: true }]
            : current.map((item, at) => (at === index ? { ...item, quantity: item.quantity + 1 } : item));
        setSelected(index === -1 ? next.length - 1 : index);
        return next;
      });
    } catch (caught) {
      setError(describeScanError(caught, code));
    }
  }

  async function findCustomers() {
    const query = customerQuery.trim();
    if (query === '') {
      return;
    }
    setError(null);
    try {
      const found = await searchCustomers(query);
      setCustomers(found);
      setCustomerIndex(0);
      if (found.length === 0) {
        setError(`No customer matches “${query}”. Store credit needs a customer: add them first.`);
      }
    } catch (caught) {
      setError(describeReturnError(caught));
    }
  }

  /** +1 / −1 on the selected line; a weighed line comes back whole or not at all. */
  function changeSelected(delta: number) {
    if (step === 'receipt') {
      const line = saleLines[selected];
      if (!line) {
        return;
      }
      const left = returnableQuantity(line);
      setPicks((current) => {
        const pick = current[line.id] ?? { quantity: 0, restock: true };
        const quantity =
          line.unit === 'weight'
            ? delta > 0
              ? left
              : 0
            : Math.min(left, Math.max(0, pick.quantity + delta));
        return { ...current, [line.id]: { ...pick, quantity } };
      });
    } else {
      setItems((current) =>
        current
          .map((item, index) =>
            index === selected && item.product.unit === 'each'
              ? { ...item, quantity: Math.max(0, item.quantity + delta) }
              : index === selected && delta < 0
                ? { ...item, quantity: 0 }
                : item,
          )
          .filter((item) => item.quantity > 0),
      );
    }
  }

  function toggleRestock(index: number) {
    if (step === 'receipt') {
      const line = saleLines[index];
      if (line) {
        setPicks((current) => {
          const pick = current[line.id] ?? { quantity: 0, restock: true };
          return { ...current, [line.id]: { ...pick, restock: !pick.restock } };
        });
      }
    } else {
      setItems((current) =>
        current.map((item, at) => (at === index ? { ...item, restock: !item.restock } : item)),
      );
    }
  }

  function methodProblem(candidate: RefundMethod): string | null {
    if (candidate === 'card' && cardReference === null) {
      return 'The sale was not paid by card.';
    }
    if (candidate === 'store_credit' && !sale?.customerId) {
      return 'The sale has no customer to give store credit to.';
    }
    return null;
  }

  function chooseMethod(candidate: RefundMethod) {
    const problem = methodProblem(candidate);
    setError(problem);
    if (problem === null) {
      setMethod(candidate);
    }
  }

  /** Checks what was picked and builds the request (the approval is added by the manager's dialog). */
  function buildBody(): CreateReturnInput | null {
    const base = { id: returnIdRef.current, storeId: store.id, registerId, shiftId, reason: reason.trim() };
    if (step === 'receipt' && sale !== null) {
      const lines = saleLines.flatMap((line) => {
        const pick = picks[line.id];
        return pick && pick.quantity > 0
          ? [{ originalLineId: line.id, quantity: pick.quantity, restock: pick.restock }]
          : [];
      });
      if (lines.length === 0) {
        setError('Pick what comes back: select a line (↑ / ↓) and press +.');
        return null;
      }
      if (base.reason === '') {
        setError('Say why it comes back (the reason field).');
        return null;
      }
      if (payOutCents <= 0) {
        setError('Nothing was paid for these items, so nothing is refunded.');
        return null;
      }
      const paidByCard = sale.tenders
        .filter((tender) => tender.method === 'card' && tender.reference === cardReference)
        .reduce((total, tender) => total + tender.amountCents, 0);
      if (method === 'card' && payOutCents > paidByCard) {
        setError(
          `Only ${money(paidByCard)} of this sale was paid by card: refund in cash or as store credit.`,
        );
        return null;
      }
      const tender =
        method === 'card' && cardReference !== null
          ? { method, amountCents: payOutCents, reference: cardReference }
          : { method, amountCents: payOutCents };
      return { ...base, originalSaleId: sale.id, lines, refundTenders: [tender] };
    }
    if (items.length === 0) {
      setError('Scan the items that come back.');
      return null;
    }
    if (customer === null) {
      setError('Find the customer who gets the store credit (type a phone, name or email, Enter).');
      return null;
    }
    if (base.reason === '') {
      setError('Say why it comes back (the reason field).');
      return null;
    }
    return {
      ...base,
      originalSaleId: null,
      customerId: customer.id,
      lines: items.map((item) => ({
        productId: item.product.id,
        quantity: item.quantity,
        restock: item.restock,
      })),
      refundTenders: [{ method: 'store_credit', amountCents: refundCents }],
    };
  }

  function submit() {
    if (sending.state !== 'idle') {
      return;
    }
    const body = buildBody();
    if (body === null) {
      return;
    }
    setError(null);
    if (body.originalSaleId === null) {
      setApprovalError(null);
      setStep('approval');
      return;
    }
    void send(body);
  }

  async function send(body: CreateReturnInput) {
    setSending({ state: 'sending' });
    try {
      const ret = await createReturn(body);
      setRecorded(ret);
      setSending({ state: 'idle' });
      setStep('done');
      onReturnRecorded(ret.receiptNumber);
    } catch (caught) {
      if (
        caught instanceof ApiError &&
        (caught.code === 'APPROVAL_REQUIRED' || caught.code === 'ACCOUNT_LOCKED')
      ) {
        // Nothing was recorded: the manager tries again, under a fresh key.
        returnIdRef.current = crypto.randomUUID();
        setSending({ state: 'idle' });
        setApprovalError(describeApprovalError(caught));
        setStep('approval');
        return;
      }
      if (isOutcomeUnknown(caught)) {
        setSending({ state: 'unknown', body });
        setStep(body.originalSaleId === null ? 'no-receipt' : 'receipt');
        setError(
          `${describeReturnError(caught)} The return may already be recorded: press Enter to send it again, it is never recorded twice.`,
        );
        return;
      }
      // A definite refusal: nothing was recorded, so the cashier may change it under a new key.
      returnIdRef.current = crypto.randomUUID();
      setSending({ state: 'idle' });
      setStep(body.originalSaleId === null ? 'no-receipt' : 'receipt');
      setError(describeReturnError(caught));
    }
  }

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const target = event.target;
    const typing = isTypingIn(target);
    const key = event.key;
    let handled = true;
    if (key === 'Escape') {
      if (sending.state === 'sending') {
        return;
      }
      if (sending.state === 'unknown') {
        setError('The return may already be recorded: press Enter to send it again before closing.');
      } else {
        onClose();
      }
    } else if (step === 'done') {
      if (key === 'Enter') {
        onClose();
      } else {
        handled = false;
      }
    } else if (step === 'find') {
      if (event.altKey && event.code === 'KeyN') {
        setError(null);
        setCodeText('');
        setStep('no-receipt');
      } else if (key === 'Enter') {
        void findReceipt();
      } else {
        handled = false;
      }
    } else if (key === 'Enter') {
      if (sending.state === 'unknown') {
        void send(sending.body);
      } else if (target === codeRef.current && codeText.trim() !== '') {
        void addLooseItem();
      } else if (target instanceof HTMLInputElement && target.id === 'register-return-customer') {
        void findCustomers();
      } else {
        submit();
      }
    } else if (
      target instanceof HTMLInputElement &&
      target.id === 'register-return-customer' &&
      customers.length > 1 &&
      (key === 'ArrowDown' || key === 'ArrowUp')
    ) {
      setCustomerIndex(
        (index) => (index + (key === 'ArrowDown' ? 1 : customers.length - 1)) % customers.length,
      );
    } else if (key === 'ArrowDown' && lineCount > 0) {
      setSelected((index) => Math.min(lineCount - 1, index + 1));
    } else if (key === 'ArrowUp' && lineCount > 0) {
      setSelected((index) => Math.max(0, index - 1));
    } else if (typing || sending.state !== 'idle') {
      handled = false;
    } else if (key === '+' || key === '-') {
      changeSelected(key === '+' ? 1 : -1);
    } else if (key === ' ') {
      toggleRestock(selected);
    } else if (step === 'receipt' && METHOD_KEYS[key]) {
      chooseMethod(METHOD_KEYS[key]);
    } else {
      handled = false;
    }
    if (handled) {
      event.preventDefault();
      event.stopPropagation();
    }
  }

  if (step === 'approval') {
    return (
      <ApprovalDialog
        needs={[
          `A return without a receipt: ${money(refundCents)} as store credit to ${customer?.name ?? 'the customer'}`,
        ]}
        error={approvalError}
        sending={sending.state === 'sending'}
        onApprove={(approval: Approval) => {
          const body = buildBody();
          if (body !== null) {
            void send({ ...body, approval });
          }
        }}
        onCancel={() => setStep('no-receipt')}
      />
    );
  }

  const sendingNow = sending.state === 'sending';
  return (
    <Dialog className="panel register-dialog register-returns-dialog" onKeyDown={onKeyDown}>
      <DialogTitle>
        {step === 'done'
          ? 'Return recorded'
          : step === 'no-receipt'
            ? 'Return without a receipt'
            : sale !== null && step === 'receipt'
              ? `Return from receipt ${sale.receiptNumber}`
              : 'Return or exchange'}
      </DialogTitle>

      {step === 'find' && (
        <>
          <div className="field">
            <label htmlFor="register-return-code">Scan the receipt's barcode or type its number</label>
            <input
              id="register-return-code"
              ref={codeRef}
              data-scan-field="true"
              autoComplete="off"
              autoCapitalize="characters"
              spellCheck={false}
              value={codeText}
              onChange={(event) => setCodeText(event.target.value)}
            />
          </div>
          <p className="register-returns-muted">
            An exchange is a return, then a new sale: the next sale starts when the return is done.
          </p>
          {error !== null && (
            <p className="alert" role="alert">
              {error}
            </p>
          )}
          <div className="register-setup-actions">
            <button
              type="button"
              className="button button-primary"
              disabled={busy}
              onClick={() => void findReceipt()}
            >
              {busy ? 'Looking up…' : 'Find the sale'} <kbd>Enter</kbd>
            </button>
            <button
              type="button"
              className="button button-secondary"
              onClick={() => {
                setError(null);
                setStep('no-receipt');
              }}
            >
              No receipt <kbd>Alt+N</kbd>
            </button>
            <button type="button" className="button button-secondary" onClick={onClose}>
              Close <kbd>Esc</kbd>
            </button>
          </div>
        </>
      )}

      {step === 'receipt' && sale !== null && (
        <>
          <p className="register-returns-muted">
            Sold{' '}
            {new Date(sale.createdAt).toLocaleString('en-US', {
              dateStyle: 'medium',
              timeStyle: 'short',
              timeZone: store.timezone,
            })}{' '}
            · total {money(sale.totalCents)}
          </p>
          <div ref={listRef} tabIndex={-1} className="register-returns-list">
            <table className="register-returns-table">
              <thead>
                <tr>
                  <th scope="col">Item</th>
                  <th scope="col">Left</th>
                  <th scope="col">Back</th>
                  <th scope="col">Shelf</th>
                  <th scope="col">Refund</th>
                </tr>
              </thead>
              <tbody>
                {saleLines.map((line, index) => {
                  const pick = picks[line.id] ?? { quantity: 0, restock: true };
                  const left = returnableQuantity(line);
                  return (
                    <tr
                      key={line.id}
                      className={index === selected ? 'is-selected' : undefined}
                      aria-selected={index === selected}
                      onClick={() => setSelected(index)}
                    >
                      <td>{line.name}</td>
                      <td>
                        {line.unit === 'weight' ? `${left} g` : left}
                        {line.returnedQuantity > 0 && (
                          <span className="register-returns-muted">
                            {' '}
                            ({line.returnedQuantity} back already)
                          </span>
                        )}
                      </td>
                      <td aria-label={`Returning of ${line.name}`}>
                        {line.unit === 'weight' && pick.quantity > 0 ? `${pick.quantity} g` : pick.quantity}
                      </td>
                      <td>
                        <button
                          type="button"
                          tabIndex={-1}
                          className="register-returns-toggle"
                          aria-label={`Restock ${line.name}`}
                          aria-pressed={pick.restock}
                          onClick={() => toggleRestock(index)}
                        >
                          {pick.restock ? 'Restock' : 'Damaged'}
                        </button>
                      </td>
                      <td>{money(receiptLineRefundCents(line, pick.quantity, sale.pricesIncludeTax))}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <p className="register-returns-hint">
            <kbd>↑</kbd> <kbd>↓</kbd> line · <kbd>+</kbd> <kbd>−</kbd> how many · <kbd>Space</kbd> restock or
            damaged · <kbd>1</kbd> <kbd>2</kbd> <kbd>3</kbd> refund by · <kbd>Tab</kbd> reason
          </p>
        </>
      )}

      {step === 'no-receipt' && (
        <>
          <div className="field">
            <label htmlFor="register-return-code">Scan each item that comes back</label>
            <input
              id="register-return-code"
              ref={codeRef}
              data-scan-field="true"
              autoComplete="off"
              spellCheck={false}
              value={codeText}
              onChange={(event) => setCodeText(event.target.value)}
            />
          </div>
          <div className="register-returns-list">
            {items.length === 0 ? (
              <p className="register-returns-muted">Nothing scanned yet.</p>
            ) : (
              <table className="register-returns-table">
                <tbody>
                  {items.map((item, index) => (
                    <tr
                      key={item.product.id}
                      className={index === selected ? 'is-selected' : undefined}
                      aria-selected={index === selected}
                      onClick={() => setSelected(index)}
                    >
                      <td>{item.product.name}</td>
                      <td aria-label={`Returning of ${item.product.name}`}>
                        {item.product.unit === 'weight' ? `${item.quantity} g` : item.quantity}
                      </td>
                      <td>
                        <button
                          type="button"
                          tabIndex={-1}
                          className="register-returns-toggle"
                          aria-label={`Restock ${item.product.name}`}
                          aria-pressed={item.restock}
                          onClick={() => toggleRestock(index)}
                        >
                          {item.restock ? 'Restock' : 'Damaged'}
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </div>
          <p className="register-returns-hint">
            At today's price, as store credit, with a manager's approval. <kbd>↑</kbd>/<kbd>↓</kbd> item ·{' '}
            <kbd>+</kbd>/<kbd>−</kbd> how many · <kbd>Space</kbd> restock or damaged
          </p>
          <div className="field">
            <label htmlFor="register-return-customer">Customer (phone, name or email, then Enter)</label>
            <input
              id="register-return-customer"
              autoComplete="off"
              value={customerQuery}
              onChange={(event) => setCustomerQuery(event.target.value)}
            />
          </div>
          {customers.length > 0 && (
            <ul className="register-returns-customers" aria-label="Customers found">
              {customers.map((found, index) => (
                <li key={found.id}>
                  <button
                    type="button"
                    tabIndex={-1}
                    aria-pressed={index === customerIndex}
                    className={`register-returns-toggle${index === customerIndex ? ' is-chosen' : ''}`}
                    onClick={() => setCustomerIndex(index)}
                  >
                    {found.name}
                    {found.phone ? ` · ${found.phone}` : ''}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </>
      )}

      {(step === 'receipt' || step === 'no-receipt') && (
        <>
          {error !== null && (
            <p className="alert" role="alert">
              {error}
            </p>
          )}
          <div className={`register-returns-footer${step === 'receipt' ? ' has-methods' : ''}`}>
            {step === 'receipt' && (
              <div className="register-returns-methods">
                {(['cash', 'card', 'store_credit'] as const).map((candidate, index) => (
                  <button
                    key={candidate}
                    type="button"
                    aria-pressed={method === candidate}
                    tabIndex={-1}
                    className={`button ${method === candidate ? 'button-primary' : 'button-secondary'}`}
                    title={methodProblem(candidate) ?? undefined}
                    onClick={() => chooseMethod(candidate)}
                  >
                    {METHOD_NAMES[candidate]} <kbd>{index + 1}</kbd>
                  </button>
                ))}
              </div>
            )}
            <div className="field">
              <label htmlFor="register-return-reason">Reason</label>
              <input
                id="register-return-reason"
                autoComplete="off"
                maxLength={200}
                value={reason}
                onChange={(event) => setReason(event.target.value)}
              />
            </div>
          </div>
          <div className="register-returns-submit">
            <p className="register-returns-total" data-testid="return-refund-total">
              Refund {money(step === 'no-receipt' ? refundCents : payOutCents)}{' '}
              {step === 'no-receipt' ? 'as store credit' : REFUND_WORDS[method]}
            </p>
            <div className="register-setup-actions">
              <button
                type="button"
                className="button button-primary"
                disabled={sendingNow}
                onClick={() => (sending.state === 'unknown' ? void send(sending.body) : submit())}
              >
                {sendingNow
                  ? 'Recording…'
                  : sending.state === 'unknown'
                    ? 'Send again'
                    : step === 'no-receipt'
                      ? 'Manager approval'
                      : 'Refund'}{' '}
                <kbd>Enter</kbd>
              </button>
              <button
                type="button"
                className="button button-secondary"
                disabled={sendingNow}
                onClick={onClose}
              >
                Close <kbd>Esc</kbd>
              </button>
            </div>
          </div>
        </>
      )}

      {step === 'done' && recorded !== null && (
        <>
          <p className="register-returns-payout" data-testid="return-payout">
            {recorded.refundTenders
              .map((tender) =>
                tender.method === 'cash'
                  ? `Give ${money(tender.amountCents)} back in cash`
                  : tender.method === 'card'
                    ? `${money(tender.amountCents)} back to the card`
                    : `${money(tender.amountCents)} added as store credit`,
              )
              .join('; ')}
          </p>
          <p>
            Refund total {money(recorded.refundTotalCents)} · return receipt{' '}
            <strong data-testid="return-receipt-number">{recorded.receiptNumber}</strong>
          </p>
          <p className="register-returns-muted">An exchange? The next sale starts now: scan the new items.</p>
          <button
            ref={doneRef}
            type="button"
            className="button button-primary button-block"
            onClick={onClose}
          >
            Next sale <kbd>Enter</kbd>
          </button>
        </>
      )}
    </Dialog>
  );
}
