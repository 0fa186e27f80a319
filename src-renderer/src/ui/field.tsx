import { useId, type ReactNode } from 'react'
import { AlertCircleIcon } from './icons'

/** Ids a control needs to be labelled and described by its field. */
export interface FieldIds {
  id: string
  describedBy?: string
  invalid: boolean
}

/** The props that tie a control to its field (`<Input {...controlProps(ids)} />`): its id, description and invalid state. */
export function controlProps(ids: FieldIds): { id: string; 'aria-describedby'?: string; 'aria-invalid'?: true } {
  return { id: ids.id, 'aria-describedby': ids.describedBy, 'aria-invalid': ids.invalid || undefined }
}

/**
 * A labelled form field: the label, the control, a hint, and the error in place. The control is
 * rendered by `children(ids)` so it gets the right `id`, `aria-describedby` and `aria-invalid`.
 */
export function Field(props: {
  label: ReactNode
  /** Shown after the label in mono (the field's key). */
  meta?: ReactNode
  hint?: ReactNode
  error?: string | null
  required?: boolean
  className?: string
  children(ids: FieldIds): ReactNode
}) {
  const id = useId()
  const hintId = props.hint ? `${id}-hint` : undefined
  const errorId = props.error ? `${id}-error` : undefined
  const describedBy = [errorId, hintId].filter(Boolean).join(' ') || undefined
  return (
    <div className={['field', props.className].filter(Boolean).join(' ')}>
      <label className="field-label" htmlFor={id}>
        <span>
          {props.label}
          {props.required && (
            <span className="field-required" aria-hidden="true">
              {' '}
              *
            </span>
          )}
        </span>
        {props.meta && (
          <span className="field-meta" aria-hidden="true">
            {props.meta}
          </span>
        )}
      </label>
      {props.children({ id, describedBy, invalid: !!props.error })}
      {props.error && (
        <div className="field-error" id={errorId} role="alert">
          <AlertCircleIcon size={13} />
          <span>{props.error}</span>
        </div>
      )}
      {props.hint && !props.error && (
        <div className="field-hint" id={hintId}>
          {props.hint}
        </div>
      )}
    </div>
  )
}
