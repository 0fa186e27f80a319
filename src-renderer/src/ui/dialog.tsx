import { useEffect, useId, useRef, type FormEvent, type ReactNode } from 'react'
import { createPortal } from 'react-dom'
import { Button } from './button'
import { XIcon } from './icons'

/**
 * A modal dialog on the native `<dialog>` element: focus is trapped, starts on the first field
 * (never the close button), Escape closes and gives focus back to what opened it, the page behind is inert. Its body is a form, so Enter submits; it is portalled to `<body>` so it never
 * nests inside the form of the page that opens it.
 */
export function Dialog(props: {
  open: boolean
  title: ReactNode
  description?: ReactNode
  onClose(): void
  onSubmit?(event: FormEvent<HTMLFormElement>): void
  footer?: ReactNode
  wide?: boolean
  children?: ReactNode
}) {
  const ref = useRef<HTMLDialogElement>(null)
  const opener = useRef<HTMLElement | null>(null)
  // one id per dialog: a confirmation opened over another dialog is named by its own title
  const titleId = useId()
  useEffect(() => {
    const dialog = ref.current
    if (!dialog) return
    if (props.open && !dialog.open) {
      opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null
      dialog.showModal()
      // showModal focuses the first focusable element, the close button, so Enter would cancel:
      // start on the first field instead, or on the confirming button
      const first =
        dialog.querySelector<HTMLElement>(
          '.dialog-body :is(input, select, textarea, [contenteditable="true"]):not([disabled]):not([type="hidden"])'
        ) ?? dialog.querySelector<HTMLElement>('.dialog-footer button[type="submit"]:not([disabled])')
      first?.focus()
    }
    if (!props.open && dialog.open) {
      dialog.close()
      // back where the person was (Escape, Cancel or done), not to the top of the page
      if (opener.current?.isConnected) opener.current.focus()
      opener.current = null
    }
  }, [props.open])
  useEffect(() => {
    const dialog = ref.current
    return () => {
      // closed by unmounting (the page rendered it only while open): give focus back all the same
      if (dialog?.open && opener.current?.isConnected) opener.current.focus()
    }
  }, [])
  return createPortal(
    <dialog
      ref={ref}
      className={['dialog', props.wide && 'dialog-wide'].filter(Boolean).join(' ')}
      onCancel={(e) => {
        e.preventDefault()
        props.onClose()
      }}
      onClick={(e) => {
        if (e.target === ref.current) props.onClose()
      }}
      aria-labelledby={titleId}
    >
      {props.open && (
        <form
          className="dialog-form"
          noValidate
          onSubmit={(e) => {
            e.preventDefault()
            e.stopPropagation()
            props.onSubmit?.(e)
          }}
        >
          <div className="dialog-header">
            <div className="stack-sm" style={{ gap: 4 }}>
              <h2 id={titleId}>{props.title}</h2>
              {props.description && <p className="muted">{props.description}</p>}
            </div>
            <Button variant="ghost" size="sm" iconOnly aria-label="Close" icon={<XIcon />} onClick={props.onClose} />
          </div>
          {props.children && <div className="dialog-body">{props.children}</div>}
          {props.footer && <div className="dialog-footer">{props.footer}</div>}
        </form>
      )}
    </dialog>,
    document.body
  )
}

/** Asks before doing something that cannot be undone. */
export function ConfirmDialog(props: {
  open: boolean
  title: ReactNode
  children: ReactNode
  confirmLabel: string
  danger?: boolean
  busy?: boolean
  onConfirm(): void
  onClose(): void
}) {
  return (
    <Dialog
      open={props.open}
      title={props.title}
      onClose={props.onClose}
      onSubmit={props.onConfirm}
      footer={
        <>
          <Button onClick={props.onClose}>Cancel</Button>
          <Button type="submit" variant={props.danger ? 'danger' : 'primary'} busy={props.busy} autoFocus>
            {props.confirmLabel}
          </Button>
        </>
      }
    >
      <div className="muted">{props.children}</div>
    </Dialog>
  )
}

/**
 * A dialog whose body is a form that creates something: Cancel and the submit button in the
 * footer, and the error that names no field above the fields.
 */
export function FormDialog(props: {
  title: ReactNode
  description?: ReactNode
  wide?: boolean
  /** The submit button's label ("Create customer"). */
  submitLabel: string
  busy: boolean
  /** An error not placed on a field (the engine's message, a lost connection). */
  formError?: string
  onClose(): void
  onSubmit(event: FormEvent<HTMLFormElement>): void
  children: ReactNode
}) {
  return (
    <Dialog
      open
      wide={props.wide}
      title={props.title}
      description={props.description}
      onClose={props.onClose}
      onSubmit={props.onSubmit}
      footer={
        <>
          <Button onClick={props.onClose}>Cancel</Button>
          <Button type="submit" variant="primary" busy={props.busy}>
            {props.submitLabel}
          </Button>
        </>
      }
    >
      {props.formError && (
        <div className="field-error" role="alert">
          {props.formError}
        </div>
      )}
      {props.children}
    </Dialog>
  )
}
