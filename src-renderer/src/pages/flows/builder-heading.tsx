import type { ReactNode } from 'react'
import { ChevronRightIcon } from '../../ui/icons'

/** Breadcrumbs above the flow name in the builder's toolbar. */
export function BuilderCrumbs(props: { items: { label: ReactNode; href?: string }[] }) {
  return (
    <nav className="breadcrumbs" aria-label="Breadcrumbs">
      {props.items.map((item, i) => (
        <span key={i} className="row" style={{ gap: 'var(--space-1)', minWidth: 0 }}>
          {i > 0 && <ChevronRightIcon size={13} />}
          {item.href ? <a href={item.href}>{item.label}</a> : <span className="truncate">{item.label}</span>}
        </span>
      ))}
    </nav>
  )
}

/** The flow's name, editable in place (saved with the flow). */
export function NameInput(props: { value: string; onChange(name: string): void; readOnly?: boolean }) {
  return (
    <input
      className="builder-name"
      aria-label="Flow name"
      value={props.value}
      readOnly={props.readOnly}
      placeholder="Untitled flow"
      maxLength={500}
      onChange={(e) => props.onChange(e.target.value)}
    />
  )
}
