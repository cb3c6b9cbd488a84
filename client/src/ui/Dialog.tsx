import * as RadixDialog from '@radix-ui/react-dialog';
import {
  createElement,
  type FormEventHandler,
  type HTMLAttributes,
  type ReactNode,
  type Ref,
  useState,
} from 'react';
import './dialog.css';

type DialogProps = Omit<HTMLAttributes<HTMLElement>, 'role' | 'onSubmit'> & {
  onSubmit?: FormEventHandler<HTMLFormElement>;
  noValidate?: boolean;
  ref?: Ref<HTMLFormElement>;
  /** The element the panel is: a form when Enter submits it. */
  as?: 'div' | 'form' | 'section';
  /** 'alertdialog' for a question the cashier must answer before going on. */
  role?: 'dialog' | 'alertdialog';
  overlayClassName?: string;
  overlayTestId?: string;
  children: ReactNode;
};

function keepOpen(event: Event) {
  event.preventDefault();
}

/**
 * The shell every register dialog renders in: a modal (focus stays inside, the page behind is hidden from
 * screen readers) named by its DialogTitle. It never closes itself: each dialog handles Esc and its keys,
 * and a stray touch beside the panel must not lose it. Rendered in place, without a portal.
 */
export function Dialog({
  as = 'div',
  role = 'dialog',
  overlayClassName = 'register-overlay',
  overlayTestId,
  children,
  ...panelProps
}: DialogProps) {
  // Read before any effect of the dialog moves focus into it: where focus goes back to on close.
  const [returnTo] = useState(() => document.activeElement);
  return (
    <RadixDialog.Root open>
      <RadixDialog.Overlay className={overlayClassName} data-testid={overlayTestId}>
        <RadixDialog.Content
          asChild
          role={role}
          data-dialog-panel=""
          onEscapeKeyDown={keepOpen}
          onPointerDownOutside={keepOpen}
          onInteractOutside={keepOpen}
          onOpenAutoFocus={(event) => {
            // Dialogs focus their own first field; the rest get the panel, so Tab starts inside it.
            event.preventDefault();
            const panel = event.currentTarget;
            if (panel instanceof HTMLElement && !panel.contains(document.activeElement)) {
              panel.focus({ preventScroll: true });
            }
          }}
          onCloseAutoFocus={(event) => {
            // Only when focus was lost with the dialog: the register usually puts it in the scan field itself.
            event.preventDefault();
            const lost = document.activeElement === null || document.activeElement === document.body;
            if (lost && returnTo instanceof HTMLElement && returnTo.isConnected) {
              returnTo.focus({ preventScroll: true });
            }
          }}
        >
          {createElement(as, panelProps, children)}
        </RadixDialog.Content>
      </RadixDialog.Overlay>
    </RadixDialog.Root>
  );
}

/** The dialog's heading (an h2), which names the dialog. */
export const DialogTitle = RadixDialog.Title;

/** A paragraph that describes the dialog to screen readers. */
export const DialogDescription = RadixDialog.Description;
