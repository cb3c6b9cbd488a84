import { useEffect, useRef } from 'react';

export const REGISTER_KEYS: ReadonlyArray<readonly [key: string, action: string]> = [
  ['Enter', 'Add the scanned or typed code'],
  ['+ / −', 'One more / one less of the selected item'],
  ['↑ / ↓', 'Select the item above / below'],
  ['Delete', 'Remove the selected item'],
  ['F7 / Ctrl+F', 'Find a product as you type; ↑ / ↓ and Enter add it'],
  ['F8', 'Discount on the selected item (% or amount, reason)'],
  ['F9', 'New price for the selected item (manager’s PIN)'],
  ['F10', 'Discount on the whole sale (% or amount, reason)'],
  ['F2', 'Pay by cash'],
  ['F3', 'Pay by card'],
  ['F4', 'Split payment: card and cash'],
  ['F5–F10', 'Quick cash amounts (in the cash payment)'],
  ['P', 'Print the receipt (after the sale)'],
  ['Esc', 'Clear the scan field, cancel the sale, close a dialog'],
  ['Alt+M', 'The till menu: every action as a button'],
  ['Alt+D', 'Printer & drawer: connect the receipt printer, test print, open the drawer'],
  ['F1', 'Show or hide these keys'],
];

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
    <div className="register-overlay">
      <div
        className="panel register-dialog register-help"
        role="dialog"
        aria-modal="true"
        aria-labelledby="register-help-title"
      >
        <h2 id="register-help-title">Keys</h2>
        <table className="register-help-table">
          <tbody>
            {REGISTER_KEYS.map(([key, action]) => (
              <tr key={key}>
                <th scope="row">
                  <kbd>{key}</kbd>
                </th>
                <td>{action}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <button type="button" className="button button-primary button-block" onClick={onClose}>
          Close <kbd>Esc</kbd>
        </button>
      </div>
    </div>
  );
}
