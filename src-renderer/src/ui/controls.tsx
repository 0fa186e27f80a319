import {
  forwardRef,
  useId,
  type InputHTMLAttributes,
  type ReactNode,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes
} from 'react'

/** A text input. */
export const Input = forwardRef<
  HTMLInputElement,
  InputHTMLAttributes<HTMLInputElement> & { mono?: boolean; small?: boolean }
>(function Input({ mono, small, className, ...rest }, ref) {
  return (
    <input
      ref={ref}
      className={['input', mono && 'input-mono', small && 'input-sm', className].filter(Boolean).join(' ')}
      {...rest}
    />
  )
})

/** A native select, styled. */
export const Select = forwardRef<HTMLSelectElement, SelectHTMLAttributes<HTMLSelectElement> & { small?: boolean }>(
  function Select({ small, className, children, ...rest }, ref) {
    return (
      <select ref={ref} className={['select', small && 'input-sm', className].filter(Boolean).join(' ')} {...rest}>
        {children}
      </select>
    )
  }
)

/** A multi-line text input. */
export const Textarea = forwardRef<
  HTMLTextAreaElement,
  TextareaHTMLAttributes<HTMLTextAreaElement> & { mono?: boolean }
>(function Textarea({ mono, className, ...rest }, ref) {
  return (
    <textarea ref={ref} className={['textarea', mono && 'input-mono', className].filter(Boolean).join(' ')} {...rest} />
  )
})

/** An on/off switch (a checkbox with the switch role). */
export function Switch(props: {
  checked: boolean
  onChange(checked: boolean): void
  label: ReactNode
  id?: string
  disabled?: boolean
  describedBy?: string
}) {
  return (
    <label className="switch">
      <input
        id={props.id}
        type="checkbox"
        role="switch"
        checked={props.checked}
        disabled={props.disabled}
        aria-describedby={props.describedBy}
        onChange={(e) => props.onChange(e.target.checked)}
      />
      <span>{props.label}</span>
    </label>
  )
}

/** A labelled checkbox. */
export function Checkbox(props: {
  checked: boolean
  onChange(checked: boolean): void
  label: ReactNode
  ariaLabel?: string
}) {
  return (
    <label className="checkbox">
      <input
        type="checkbox"
        checked={props.checked}
        aria-label={props.ariaLabel}
        onChange={(e) => props.onChange(e.target.checked)}
      />
      {props.label}
    </label>
  )
}

/** One choice among a few, as a segmented control (radio group semantics, arrow keys move). */
export function Segmented<T extends string>(props: {
  value: T
  options: { value: T; label: ReactNode; count?: number | string }[]
  onChange(value: T): void
  label: string
}) {
  const id = useId()
  const index = props.options.findIndex((o) => o.value === props.value)
  return (
    <div className="segmented" role="radiogroup" aria-label={props.label}>
      {props.options.map((option, i) => (
        <button
          key={option.value}
          id={`${id}-${option.value}`}
          type="button"
          role="radio"
          aria-checked={option.value === props.value}
          tabIndex={i === index ? 0 : -1}
          onClick={() => props.onChange(option.value)}
          onKeyDown={(e) => {
            const step =
              e.key === 'ArrowRight' || e.key === 'ArrowDown'
                ? 1
                : e.key === 'ArrowLeft' || e.key === 'ArrowUp'
                  ? -1
                  : 0
            if (!step) return
            e.preventDefault()
            const next = props.options[(i + step + props.options.length) % props.options.length]
            props.onChange(next.value)
            document.getElementById(`${id}-${next.value}`)?.focus()
          }}
        >
          {option.label}
          {option.count !== undefined && <span className="seg-count">{option.count}</span>}
        </button>
      ))}
    </div>
  )
}
