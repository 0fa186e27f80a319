import { useId, type ReactNode } from 'react'

/** A bordered surface with an optional header (title, description, actions) and footer; a titled card is a named region. */
export function Card(props: {
  title?: ReactNode
  description?: ReactNode
  actions?: ReactNode
  footer?: ReactNode
  flush?: boolean
  className?: string
  children?: ReactNode
}) {
  const titleId = useId()
  return (
    <section
      className={['card', props.className].filter(Boolean).join(' ')}
      aria-labelledby={props.title ? titleId : undefined}
    >
      {(props.title || props.actions) && (
        <header className="card-header">
          <div className="card-header-text">
            {props.title && <h2 id={titleId}>{props.title}</h2>}
            {props.description && <p className="card-description">{props.description}</p>}
          </div>
          {props.actions && <div className="row">{props.actions}</div>}
        </header>
      )}
      {props.children !== undefined && (
        <div className={props.flush ? 'card-body-flush' : 'card-body'}>{props.children}</div>
      )}
      {props.footer && <footer className="card-footer">{props.footer}</footer>}
    </section>
  )
}

/** A short status tag. */
export function Badge(props: {
  tone?: 'neutral' | 'accent' | 'success' | 'warning' | 'danger'
  dot?: boolean
  children: ReactNode
  title?: string
}) {
  const tone = props.tone && props.tone !== 'neutral' ? `badge-${props.tone}` : ''
  return (
    <span className={['badge', tone, props.dot && 'badge-dot'].filter(Boolean).join(' ')} title={props.title}>
      {props.children}
    </span>
  )
}

/** A highlighted message inside a page. */
export function Callout(props: {
  tone: 'info' | 'warning' | 'danger' | 'success'
  icon: ReactNode
  title?: ReactNode
  children?: ReactNode
  actions?: ReactNode
  role?: string
}) {
  return (
    <div className={`callout callout-${props.tone}`} role={props.role}>
      {props.icon}
      <div className="callout-body">
        {props.title && <div className="callout-title">{props.title}</div>}
        {props.children && <div>{props.children}</div>}
      </div>
      {props.actions && <div className="row">{props.actions}</div>}
    </div>
  )
}
