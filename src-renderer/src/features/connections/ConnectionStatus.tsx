import type { ConnectionDto } from '@contract/connections'
import { Badge } from '../../ui/card'

/** A connection's status as a badge: connected, failing, disconnected or archived. */
export function ConnectionStatusBadge(props: { connection: Pick<ConnectionDto, 'status' | 'archivedAt' | 'error'> }) {
  const c = props.connection
  if (c.archivedAt) return <Badge>Archived</Badge>
  switch (c.status) {
    case 'connected':
      return (
        <Badge tone="success" dot>
          Connected
        </Badge>
      )
    case 'error':
      return (
        <Badge tone="warning" dot title={c.error?.message}>
          Failing
        </Badge>
      )
    case 'disconnected':
      return (
        <Badge tone="danger" dot title={c.error?.message}>
          Disconnected
        </Badge>
      )
  }
}

/** The integration's logo (a data URI the engine serves for offline use). */
export function AppLogo(props: { src?: string; name: string; size?: number }) {
  const size = props.size ?? 28
  if (!props.src)
    return <span className="app-logo app-logo-empty" style={{ width: size, height: size }} aria-hidden="true" />
  return <img className="app-logo" src={props.src} alt="" width={size} height={size} />
}
