import { useEffect, useRef } from 'react';
import { Dialog, DialogTitle } from '../../../ui/Dialog';

/** One thing the till can do besides scanning and paying: its words, its key, and what it does. */
export type TillAction = {
  id: string;
  label: string;
  /** The key that does the same from the selling screen, shown on the button. */
  keys: string;
  run: () => void;
  /** Why it can't be done right now, shown instead of doing it; null when it can. */
  unavailable?: string | null;
};

/**
 * Every till action as a big button (Alt+M): the touch way to reach what the keys do. Picking one closes the
 * menu first, so the action may open its own dialog.
 */
export function TillMenu({
  actions,
  onPick,
  onClose,
}: {
  actions: readonly TillAction[];
  onPick: (action: TillAction) => void;
  onClose: () => void;
}) {
  const closeRef = useRef(onClose);
  closeRef.current = onClose;
  const firstRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    firstRef.current?.focus();
    const listener = (event: KeyboardEvent) => {
      if (event.key === 'Escape' || (event.altKey && event.code === 'KeyM')) {
        event.preventDefault();
        closeRef.current();
      }
    };
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, []);
  return (
    <Dialog className="panel register-dialog register-till-menu">
      <DialogTitle>Till</DialogTitle>
      <div className="register-till-menu-grid">
        {actions.map((action, index) => (
          <button
            key={action.id}
            ref={index === 0 ? firstRef : undefined}
            type="button"
            className="button button-secondary register-till-menu-item"
            title={action.unavailable ?? undefined}
            onClick={() => onPick(action)}
          >
            <span>{action.label}</span>
            <kbd>{action.keys}</kbd>
          </button>
        ))}
      </div>
      <button type="button" className="button button-primary button-block" onClick={onClose}>
        Close <kbd>Esc</kbd>
      </button>
    </Dialog>
  );
}
