import { useId, type ReactNode } from 'react'

/** One tab: its value, label and an optional count or badge after the label. */
export interface TabItem<T extends string> {
  value: T
  label: ReactNode
  extra?: ReactNode
  disabled?: boolean
}

/**
 * Tabs over one panel (the panel is the caller's; give it `role="tabpanel"` and
 * `aria-labelledby={tabId(value)}`). Arrow keys move between tabs, as the ARIA pattern asks.
 */
export function Tabs<T extends string>(props: {
  value: T
  items: TabItem<T>[]
  onChange(value: T): void
  label: string
  idPrefix?: string
  className?: string
}) {
  const generated = useId()
  const prefix = props.idPrefix ?? generated
  const enabled = props.items.filter((i) => !i.disabled)
  return (
    <div className={['tabs', props.className].filter(Boolean).join(' ')} role="tablist" aria-label={props.label}>
      {props.items.map((item) => (
        <button
          key={item.value}
          id={`${prefix}-tab-${item.value}`}
          type="button"
          role="tab"
          className="tab"
          disabled={item.disabled}
          aria-selected={item.value === props.value}
          tabIndex={item.value === props.value ? 0 : -1}
          onClick={() => props.onChange(item.value)}
          onKeyDown={(e) => {
            const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0
            if (!step) return
            e.preventDefault()
            const index = enabled.findIndex((i) => i.value === props.value)
            const next = enabled[(index + step + enabled.length) % enabled.length]
            props.onChange(next.value)
            document.getElementById(`${prefix}-tab-${next.value}`)?.focus()
          }}
        >
          {item.label}
          {item.extra}
        </button>
      ))}
    </div>
  )
}

/** The id of a tab, for `aria-labelledby` on its panel. */
export function tabId(prefix: string, value: string): string {
  return `${prefix}-tab-${value}`
}
