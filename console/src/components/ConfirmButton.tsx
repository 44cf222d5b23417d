import { type ReactNode, useRef, useState } from 'react';

interface ConfirmButtonProps {
  readonly label: string;
  /** What the dialog asks; says what will happen, in plain words. */
  readonly question: ReactNode;
  readonly confirmLabel?: string;
  readonly danger?: boolean;
  readonly disabled?: boolean;
  readonly onConfirm: () => Promise<void> | void;
}

/**
 * A button whose action needs confirmation, in a native modal <dialog>: focus moves into it,
 * Escape cancels, and focus returns to the button afterwards.
 */
export function ConfirmButton(props: ConfirmButtonProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [busy, setBusy] = useState(false);
  const confirm = async () => {
    setBusy(true);
    try {
      await props.onConfirm();
    } finally {
      setBusy(false);
      dialog.current?.close();
    }
  };
  return (
    <>
      <button
        type="button"
        className={props.danger ? 'danger' : undefined}
        disabled={props.disabled || busy}
        onClick={() => dialog.current?.showModal()}
      >
        {props.label}
      </button>
      <dialog ref={dialog} aria-label={props.label}>
        <div className="dialog-body">{props.question}</div>
        <div className="actions">
          <button type="button" onClick={() => dialog.current?.close()}>
            Cancel
          </button>
          <button
            type="button"
            className={props.danger ? 'danger' : 'primary'}
            disabled={busy}
            onClick={() => void confirm()}
          >
            {props.confirmLabel ?? props.label}
          </button>
        </div>
      </dialog>
    </>
  );
}
