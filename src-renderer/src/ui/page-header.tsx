import type { ReactNode } from 'react'

/** A page's title, what it is for, and its main actions. */
export function PageHeader(props: {
  title: ReactNode
  description?: ReactNode
  actions?: ReactNode
  badges?: ReactNode
  breadcrumbs?: ReactNode
  icon?: ReactNode
}) {
  return (
    <div className="stack-sm" style={{ gap: 'var(--space-3)' }}>
      {props.breadcrumbs && (
        <nav className="breadcrumbs" aria-label="Breadcrumbs">
          {props.breadcrumbs}
        </nav>
      )}
      <header className="page-header">
        <div className="row" style={{ gap: 'var(--space-3)', alignItems: 'center', minWidth: 0 }}>
          {props.icon}
          <div className="page-header-text">
            <div className="page-title-row">
              <h1>{props.title}</h1>
              {props.badges}
            </div>
            {props.description && <p className="page-description">{props.description}</p>}
          </div>
        </div>
        {props.actions && <div className="page-actions">{props.actions}</div>}
      </header>
    </div>
  )
}
