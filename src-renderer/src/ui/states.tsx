import type { ReactNode } from 'react'
import { AlertIcon } from './icons'
import { Button } from './button'

/** Nothing here yet: what this place is for, and the first thing to do. */
export function EmptyState(props: { icon: ReactNode; title: ReactNode; children?: ReactNode; actions?: ReactNode }) {
  return (
    <div className="state" role="status">
      <div className="state-icon">{props.icon}</div>
      <div className="state-title">{props.title}</div>
      {props.children && <div className="state-text">{props.children}</div>}
      {props.actions && <div className="state-actions">{props.actions}</div>}
    </div>
  )
}

/** Something failed where this content should be: the reason, and a way to try again. */
export function ErrorState(props: { title?: ReactNode; message: string; onRetry?: () => void }) {
  return (
    <div className="state state-error" role="alert">
      <div className="state-icon">
        <AlertIcon size={20} />
      </div>
      <div className="state-title">{props.title ?? 'Could not load this'}</div>
      <div className="state-text">{props.message}</div>
      {props.onRetry && (
        <div className="state-actions">
          <Button onClick={props.onRetry}>Try again</Button>
        </div>
      )}
    </div>
  )
}

/** Placeholder rows while content loads. */
export function SkeletonRows(props: { rows?: number; label?: string }) {
  return (
    <div className="stack-sm" role="status" aria-label={props.label ?? 'Loading'} style={{ padding: 'var(--space-5)' }}>
      {Array.from({ length: props.rows ?? 6 }, (_, i) => (
        <div key={i} className="row" style={{ gap: 'var(--space-3)', height: 36 }}>
          <span className="skeleton" style={{ width: 28, height: 28, borderRadius: 8 }} />
          <span className="skeleton" style={{ width: `${28 + ((i * 17) % 30)}%` }} />
          <span className="spacer" />
          <span className="skeleton" style={{ width: 80 }} />
        </div>
      ))}
    </div>
  )
}

/** A centred spinner with a label, for small areas. */
export function Loading(props: { label?: string }) {
  return (
    <div className="state" role="status">
      <span className="spinner" aria-hidden="true" />
      <span className="subtle">{props.label ?? 'Loading…'}</span>
    </div>
  )
}
