import { useEffect, useRef } from 'react';
import { Dialog, DialogTitle } from '../../../ui/Dialog';

export const REGISTER_KEYS: ReadonlyArray<readonly [key: string, action: string]> = [
  ['Enter', 'Add the scanned or typed code'],
  ['+ / −', 'One more / one less of the selected item'],
  ['↑ / ↓', 'Select the item above / below'],
  ['Delete', 'Remove the selected item'],
  ['F7 / Ctrl+F', 'Find a product as you type; ↑ / ↓ and Enter add it'],
  ['F8', 'Discount on the selected item (% or amount, reason)'],
  ['F9', 'New price for the selected item (manager’s PIN)'],
  ['F10', 'Discount on the whole sale (% or amount, reason)'],
  ['F6', 'Customer: find by phone or name, add a new one with pets, change or remove'],
  ['Alt+Y', 'Redeem the customer’s earned reward on an item (again on a free item: pay for it)'],
  ['Alt+G', 'Weighed item by grams or kg (on a weighed line: change its weight)'],
  ['E', 'Email the receipt (after the sale)'],
  ['F2', 'Pay by cash'],
  ['F3', 'Pay by card'],
  ['F4', 'Split payment: card and cash'],
  ['F5', 'Park the cart (with items) / recall a parked cart (empty sale)'],
  ['Alt+R', 'Return or exchange: scan the receipt, or “No receipt”'],
  ['Alt+V', 'Void the last sale (manager’s PIN)'],
  ['F5–F10', 'Quick cash amounts (in the cash payment)'],
  ['P', 'Print the receipt (after the sale)'],
  ['Esc', 'Clear the scan field, cancel the sale, close a dialog'],
  ['Alt+M', 'The till menu: every action as a button'],
  ['Alt+I / O / N', 'Paid in / paid out (amount, reason) / no sale: open the drawer'],
  ['Alt+Z', 'Close the shift: count the drawer, then the Z report (P prints it)'],
  ['Alt+L / Alt+W', 'Lock the till (your PIN unlocks it) / change cashier'],
  ['Alt+D', 'Printer & drawer: connect the receipt printer, test print, open the drawer'],
  ['F1', 'Show or hide these keys'],
];

// Two columns, so every key fits a 1024x768 till without scrolling.
const half = Math.ceil(REGISTER_KEYS.length / 2);

/** The keys of the till, on F1. */
export function HelpOverlay({ onClose }: { onClose: () => void }) {
  const closeRef = useRef(onClose);
  closeRef.current = onClose;
  useEffect(() => {
    const listener = (event: KeyboardEvent) => {
      if (event.key === 'Escape' || event.key === 'F1' || event.key === 'Enter') {
        event.preventDefault();
        closeRef.current();
      }
    };
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, []);
  return (
    <Dialog className="panel register-dialog register-help">
      <DialogTitle>Keys</DialogTitle>
      <div className="register-help-columns">
        {[REGISTER_KEYS.slice(0, half), REGISTER_KEYS.slice(half)].map((keys, column) => (
          <table key={column === 0 ? 'first' : 'second'} className="register-help-table">
            <tbody>
              {keys.map(([key, action]) => (
                <tr key={key}>
                  <th scope="row">
                    <kbd>{key}</kbd>
                  </th>
                  <td>{action}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
      </div>
      <button type="button" className="button button-primary button-block" onClick={onClose}>
        Close <kbd>Esc</kbd>
      </button>
    </Dialog>
  );
}
