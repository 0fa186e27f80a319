import { useCallback, useEffect, useState } from 'react'
import type { ConnectionProbeResult, ConsoleConnectionView, ConsoleFaultsInput } from '@contract/console-views'
import { ConsoleCallError, messageOf } from '../../api/console-client'
import { NotFound } from '../../ui/not-found'
import { hrefOf } from '../../app/routes'
import { ConnectProgress } from '../../features/connections/ConnectDialog'
import { AppLogo, ConnectionStatusBadge } from '../../features/connections/ConnectionStatus'
import { FieldMappingEditor } from '../../features/field-mappings/FieldMappingEditor'
import { useConnectWindow } from '../../features/connections/use-connect-window'
import { OperationsCard, SendRequestCard } from '../../features/connections/ConnectionRequests'
import { formatClock, formatDateTime, fromNow } from '../../format/time'
import { useChangeVersion } from '../../store/live-slice'
import { useApi, useConsole } from '../../store/store'
import { Avatar } from '../../ui/avatar'
import { Button } from '../../ui/button'
import { Badge, Callout, Card } from '../../ui/card'
import { CopyableText } from '../../ui/copy-button'
import { Input, Select } from '../../ui/controls'
import { ConfirmDialog } from '../../ui/dialog'
import { controlProps, Field } from '../../ui/field'
import {
  AlertCircleIcon,
  ArchiveIcon,
  ChevronRightIcon,
  ClockIcon,
  HourglassIcon,
  InfoIcon,
  PlayIcon,
  PlugIcon,
  RotateIcon,
  ShieldIcon,
  XIcon,
  ZapIcon
} from '../../ui/icons'
import { KeyValues } from '../../ui/key-values'
import { PageHeader } from '../../ui/page-header'
import { ErrorState, SkeletonRows } from '../../ui/states'
import { tokenExpiry } from './ConnectionsPage'
import { countOf } from '../../format/plural'

const REFRESH_WHY: Record<NonNullable<ConnectionProbeResult['refreshed']>, string> = {
  unauthorized: 'after a 401',
  expiry: 'ahead of expiry',
  manual: 'on request'
}

function ProbeRow(props: { result: ConnectionProbeResult }) {
  const r = props.result
  return (
    <tr>
      <td className="mono subtle nowrap tabular">{formatClock(r.at)}</td>
      <td className="mono nowrap">{r.request}</td>
      <td>
        {r.simulated ? (
          <Badge tone="warning">Simulated {r.status}</Badge>
        ) : r.ok ? (
          <Badge tone="success">{r.status} OK</Badge>
        ) : (
          <Badge tone="danger">{r.status ?? 'Failed'}</Badge>
        )}
      </td>
      <td>
        {r.refreshed ? (
          <Badge tone="accent">Refreshed {REFRESH_WHY[r.refreshed]}</Badge>
        ) : (
          <span className="subtle">No refresh</span>
        )}
      </td>
      <td className="mono subtle nowrap tabular" style={{ textAlign: 'right' }}>
        {r.durationMs} ms
      </td>
    </tr>
  )
}

/** What the last probe found, in one sentence a presenter can read out. */
function probeSentence(r: ConnectionProbeResult): string {
  if (r.simulated) return `Fault simulation answered ${r.status} instead of the app; the call never reached it.`
  if (!r.ok) return r.message ?? 'The call failed.'
  if (r.refreshed === 'unauthorized')
    return 'The app refused the expired token with a 401; the engine refreshed it with the refresh token and repeated the call, which succeeded.'
  if (r.refreshed === 'expiry')
    return 'The token was about to expire, so the engine refreshed it before calling; the call succeeded.'
  return `The app answered ${r.status} with the current credentials.`
}

function FaultsCard(props: {
  view: ConsoleConnectionView
  onChanged(view: ConsoleConnectionView, note?: string): void
}) {
  const api = useApi()
  const notify = useConsole((s) => s.notify)
  const { connection, faults } = props.view
  const [count, setCount] = useState('3')
  const [status, setStatus] = useState<'429' | '500'>('429')
  const [latency, setLatency] = useState(String(faults.latencyMs || 500))
  const [busy, setBusy] = useState<string | null>(null)
  const [errors, setErrors] = useState<Record<string, string>>({})
  const disabled = !!connection.archivedAt || connection.status === 'disconnected'

  const apply = async (what: string, input: Omit<ConsoleFaultsInput, 'id'>, note: string) => {
    setBusy(what)
    try {
      const view = await api.call('connections.simulate', { id: connection.id, ...input })
      props.onChanged(view, note)
      notify({ kind: 'success', title: note })
    } catch (e) {
      notify({ kind: 'error', title: 'Fault not applied', text: messageOf(e) })
    } finally {
      setBusy(null)
    }
  }
  const failNext = () => {
    const n = Number(count)
    if (!Number.isInteger(n) || n < 1 || n > 1000) return setErrors({ count: 'A whole number from 1 to 1000.' })
    setErrors({})
    void apply(
      'fail',
      { failNext: { count: n, status: status === '429' ? 429 : 500 } },
      `The next ${countOf(n, 'call')} will fail with ${status}`
    )
  }
  const addLatency = () => {
    const ms = Number(latency)
    if (!Number.isInteger(ms) || ms < 0 || ms > 60_000) return setErrors({ latency: 'Milliseconds from 0 to 60000.' })
    setErrors({})
    void apply('latency', { latencyMs: ms }, ms ? `Every call now waits ${ms} ms first` : 'Latency removed')
  }
  const clear = async () => {
    setBusy('clear')
    try {
      props.onChanged(await api.call('connections.clearFaults', { id: connection.id }), 'Faults cleared')
    } catch (e) {
      notify({ kind: 'error', title: 'Not cleared', text: messageOf(e) })
    } finally {
      setBusy(null)
    }
  }
  const active = faults.failNextCount > 0 || faults.latencyMs > 0
  return (
    <Card
      title="Fault simulation"
      description="Break this connection on purpose and watch the engine cope."
      actions={
        active && (
          <Button
            size="sm"
            variant="ghost"
            icon={<XIcon size={14} />}
            busy={busy === 'clear'}
            onClick={() => void clear()}
          >
            Clear
          </Button>
        )
      }
    >
      <div className="fault-now" aria-live="polite">
        {faults.failNextCount > 0 && (
          <Badge tone="warning" dot>
            Next {countOf(faults.failNextCount, 'call')} {faults.failNextCount === 1 ? 'fails' : 'fail'} with{' '}
            {faults.failNextStatus}
          </Badge>
        )}
        {faults.latencyMs > 0 && (
          <Badge tone="warning" dot>
            +{faults.latencyMs} ms on every call
          </Badge>
        )}
        {!active && <span className="subtle">No faults are active.</span>}
      </div>
      <div className="fault-actions">
        <div className="fault-action">
          <Button
            icon={<ClockIcon size={14} />}
            busy={busy === 'expire'}
            disabled={disabled || !props.view.canExpireAccessToken}
            onClick={() => void apply('expire', { expireAccessToken: true }, 'Access token expired now')}
          >
            Expire access token now
          </Button>
          <span className="field-hint">
            {props.view.canExpireAccessToken
              ? 'The app stops accepting the current token: the next call gets a real 401 and the engine refreshes.'
              : 'This connection authenticates without an expiring token.'}
          </span>
        </div>
        <div className="fault-action">
          <Button
            variant="danger-ghost"
            icon={<ShieldIcon size={14} />}
            busy={busy === 'revoke'}
            disabled={disabled || !props.view.canRevokeRefreshToken}
            onClick={() => void apply('revoke', { revokeRefreshToken: true }, 'Refresh token revoked')}
          >
            Revoke refresh token
          </Button>
          <span className="field-hint">
            {props.view.canRevokeRefreshToken
              ? 'The next refresh fails and the connection disconnects until someone reconnects it.'
              : 'This connection has no refresh token.'}
          </span>
        </div>
      </div>
      <hr className="divider" />
      <div className="fault-form">
        <Field
          label="Fail the next calls"
          error={errors.count}
          hint="Answered by the engine without reaching the app, then calls go through again."
        >
          {(ids) => (
            <div className="fault-row">
              <Input
                {...controlProps(ids)}
                type="number"
                min={1}
                max={1000}
                value={count}
                onChange={(e) => setCount(e.target.value)}
                style={{ width: 72 }}
              />
              <Select
                aria-label="Status to fail with"
                value={status}
                onChange={(e) => setStatus(e.target.value as '429' | '500')}
              >
                <option value="429">429 rate limit</option>
                <option value="500">500 server error</option>
              </Select>
              <Button busy={busy === 'fail'} disabled={disabled} onClick={failNext}>
                Apply
              </Button>
            </div>
          )}
        </Field>
        <Field
          label="Add latency"
          error={errors.latency}
          hint="Waited before every call to the app, refreshes included."
        >
          {(ids) => (
            <div className="fault-row">
              <Input
                {...controlProps(ids)}
                type="number"
                min={0}
                max={60000}
                step={100}
                value={latency}
                onChange={(e) => setLatency(e.target.value)}
                style={{ width: 110 }}
              />
              <span className="subtle">ms</span>
              <Button
                icon={<HourglassIcon size={14} />}
                busy={busy === 'latency'}
                disabled={disabled}
                onClick={addLatency}
              >
                Apply
              </Button>
            </div>
          )}
        </Field>
      </div>
    </Card>
  )
}

/** One connection: its status and token, a real test call, refresh, reconnect, archive, and fault simulation. */
export function ConnectionPage(props: { id: string }) {
  const api = useApi()
  const notify = useConsole((s) => s.notify)
  const [view, setView] = useState<ConsoleConnectionView | null>(null)
  const [error, setError] = useState<Error | null>(null)
  const [probes, setProbes] = useState<ConnectionProbeResult[]>([])
  const [probing, setProbing] = useState(false)
  const [busy, setBusy] = useState<string | null>(null)
  const [note, setNote] = useState<string | null>(null)
  const [confirmArchive, setConfirmArchive] = useState(false)
  const version = useChangeVersion('connections')
  const reconnect = useConnectWindow((connection) => {
    notify({ kind: 'success', title: `Reconnected ${connection.name}` })
    load()
  })

  const load = useCallback(() => {
    api.call('connections.get', { id: props.id }).then(
      (v) => {
        setView(v)
        setError(null)
      },
      (e: Error) => setError(e)
    )
  }, [api, props.id])
  useEffect(load, [load, version])

  if (error instanceof ConsoleCallError && error.status === 404) return <NotFound message={error.message} />
  if (error && !view)
    return (
      <div className="page">
        <Card>
          <ErrorState message={messageOf(error)} onRetry={load} />
        </Card>
      </div>
    )
  if (!view)
    return (
      <div className="page">
        <Card>
          <SkeletonRows rows={5} label="Loading connection" />
        </Card>
      </div>
    )

  const { connection: c, customer, integration } = view
  const probe = async () => {
    setProbing(true)
    try {
      const result = await api.call('connections.probe', { id: c.id })
      setProbes((old) => [result, ...old].slice(0, 8))
      setView((v) => (v ? { ...v, connection: result.connection } : v))
      setNote(null)
      // the call may have used up a simulated failure or changed the status: read faults and all again
      load()
    } catch (e) {
      notify({ kind: 'error', title: 'The call did not run', text: messageOf(e) })
    } finally {
      setProbing(false)
    }
  }
  const refresh = async () => {
    setBusy('refresh')
    try {
      setView(await api.call('connections.refresh', { id: c.id }))
      notify({ kind: 'success', title: c.canRefreshCredentials ? 'Credentials refreshed' : 'Credentials checked' })
    } catch (e) {
      notify({ kind: 'error', title: 'Not refreshed', text: messageOf(e) })
      load()
    } finally {
      setBusy(null)
    }
  }
  const archive = async () => {
    setBusy('archive')
    try {
      setView(await api.call('connections.archive', { id: c.id }))
      setConfirmArchive(false)
      notify({ kind: 'success', title: `Archived ${c.name}` })
    } catch (e) {
      notify({ kind: 'error', title: 'Not archived', text: messageOf(e) })
    } finally {
      setBusy(null)
    }
  }
  const last = probes[0]

  return (
    <div className="page">
      <PageHeader
        breadcrumbs={
          <>
            <a href={hrefOf({ name: 'connections' })}>Connections</a>
            <ChevronRightIcon size={13} />
            <a href={hrefOf({ name: 'customer', id: customer.id })}>{customer.name}</a>
            <ChevronRightIcon size={13} />
            <span className="truncate">{c.name}</span>
          </>
        }
        icon={<AppLogo src={integration.logoUri} name={integration.name} size={44} />}
        title={c.name}
        badges={
          <>
            <ConnectionStatusBadge connection={c} />
            {c.isTest && <Badge tone="accent">Test customer</Badge>}
          </>
        }
        description={
          <span>
            {customer.name}’s connection to {integration.name}
            {c.externalAccount ? ` · account “${c.externalAccount.name}”` : ''}
          </span>
        }
        actions={
          !c.archivedAt && (
            <>
              <Button variant="danger-ghost" icon={<ArchiveIcon />} onClick={() => setConfirmArchive(true)}>
                Archive
              </Button>
              <Button
                icon={<RotateIcon />}
                busy={busy === 'refresh'}
                disabled={c.status === 'disconnected'}
                onClick={() => void refresh()}
              >
                {c.canRefreshCredentials ? 'Refresh token' : 'Check credentials'}
              </Button>
              <Button
                variant={c.status === 'disconnected' ? 'primary' : 'secondary'}
                icon={<PlugIcon />}
                busy={reconnect.state.phase === 'opening' || reconnect.state.phase === 'waiting'}
                onClick={() =>
                  void reconnect.open({ customerId: customer.id, integrationKey: integration.key, connectionId: c.id })
                }
              >
                Reconnect
              </Button>
            </>
          )
        }
      />
      {c.archivedAt && (
        <Callout tone="warning" icon={<ArchiveIcon />} title={`Archived ${fromNow(c.archivedAt)}`}>
          Archived connections make no calls. Connect the customer again to make a new one.
        </Callout>
      )}
      {!c.archivedAt && c.status !== 'connected' && c.error && (
        <Callout
          tone={c.status === 'disconnected' ? 'danger' : 'warning'}
          icon={<AlertCircleIcon />}
          title={c.status === 'disconnected' ? 'Disconnected: the customer must reconnect' : 'The app is failing'}
          role="alert"
        >
          {c.error.message}
        </Callout>
      )}
      <ConnectProgress
        state={reconnect.state}
        onFocus={reconnect.focus}
        onRetry={() =>
          void reconnect.open({ customerId: customer.id, integrationKey: integration.key, connectionId: c.id })
        }
      />
      <div className="grid-main-aside">
        <div className="stack">
          <Card
            title="Credentials"
            description="Sealed at rest; the engine renews OAuth tokens a minute before they expire and after a 401."
          >
            <KeyValues
              label="Credentials"
              rows={[
                { label: 'Status', value: <ConnectionStatusBadge connection={c} /> },
                { label: 'Auth option', value: <span className="mono">{c.authOptionKey}</span> },
                ...(c.canRefreshCredentials || c.accessTokenExpiresAt
                  ? [
                      { label: 'Access token', value: <span title={c.accessTokenExpiresAt}>{tokenExpiry(c)}</span> },
                      {
                        label: 'Next refresh',
                        value: c.nextCredentialsRefreshAt ? (
                          <span title={c.nextCredentialsRefreshAt}>{fromNow(c.nextCredentialsRefreshAt)}</span>
                        ) : (
                          <span className="subtle">—</span>
                        )
                      },
                      {
                        label: 'Last refreshed',
                        value: c.credentialsRefreshedAt ? (
                          <span title={c.credentialsRefreshedAt} data-testid="last-refreshed">
                            {formatClock(c.credentialsRefreshedAt)} · {fromNow(c.credentialsRefreshedAt)}
                          </span>
                        ) : (
                          <span className="subtle" data-testid="last-refreshed">
                            Not since connecting
                          </span>
                        )
                      }
                    ]
                  : []),
                {
                  label: 'Last used',
                  value: c.lastActiveAt ? (
                    <span title={c.lastActiveAt}>{fromNow(c.lastActiveAt)}</span>
                  ) : (
                    <span className="subtle">Never</span>
                  )
                },
                { label: 'Connected', value: <span title={c.createdAt}>{formatDateTime(c.createdAt)}</span> },
                {
                  label: 'Connection id',
                  value: <CopyableText text={c.id} copyLabel="Copy the connection id" />
                }
              ]}
            />
          </Card>
          <Card
            title="Try a call"
            description={`A real request to ${integration.name} through this connection: faults, refreshes and all.`}
            actions={
              <Button
                variant="primary"
                icon={<PlayIcon size={14} />}
                busy={probing}
                disabled={!!c.archivedAt}
                onClick={() => void probe()}
              >
                Make a test call
              </Button>
            }
          >
            {note && !last && (
              <Callout tone="info" icon={<InfoIcon />}>
                {note}. Make a test call to see what happens next.
              </Callout>
            )}
            {note && last && (
              <Callout tone="info" icon={<InfoIcon />}>
                {note}. Make another call to see its effect.
              </Callout>
            )}
            {last && (
              <Callout
                tone={last.ok ? 'success' : 'danger'}
                icon={last.ok ? <ZapIcon /> : <AlertCircleIcon />}
                title={
                  last.ok
                    ? `${last.status} in ${last.durationMs} ms${last.refreshed ? ' · token refreshed' : ''}`
                    : 'The call failed'
                }
                role="status"
              >
                {probeSentence(last)}
              </Callout>
            )}
            {probes.length > 0 ? (
              <div className="table-scroll">
                <table className="table table-compact" aria-label="Test calls">
                  <thead>
                    <tr>
                      <th>Time</th>
                      <th>Call</th>
                      <th>Answer</th>
                      <th>Credentials</th>
                      <th style={{ textAlign: 'right' }}>Took</th>
                    </tr>
                  </thead>
                  <tbody>
                    {probes.map((p, i) => (
                      <ProbeRow key={`${p.at}-${i}`} result={p} />
                    ))}
                  </tbody>
                </table>
              </div>
            ) : (
              !note && (
                <p className="subtle">
                  No calls yet. The result shows the status, whether the engine refreshed the token, and how long it
                  took.
                </p>
              )
            )}
          </Card>
          {!c.archivedAt && <SendRequestCard connectionId={c.id} appName={integration.name} />}
          {!c.archivedAt && <OperationsCard connectionId={c.id} />}
        </div>
        <div className="stack sticky-aside">
          <Card title="Customer">
            <a className="cell-main" href={hrefOf({ name: 'customer', id: customer.id })}>
              <Avatar name={customer.name} seed={customer.id} />
              <span className="cell-stack">
                <span className="cell-title">{customer.name}</span>
                <span className="mono subtle" style={{ fontSize: 'var(--text-xs)' }}>
                  {customer.internalId}
                </span>
              </span>
            </a>
          </Card>
          {!c.archivedAt && (
            <FaultsCard
              view={view}
              onChanged={(v, n) => {
                setView(v)
                if (n) setNote(n)
              }}
            />
          )}
        </div>
      </div>
      {!c.archivedAt && c.status !== 'disconnected' && <FieldMappingEditor connectionId={c.id} />}
      <ConfirmDialog
        open={confirmArchive}
        title={`Archive ${c.name}?`}
        confirmLabel="Archive connection"
        danger
        busy={busy === 'archive'}
        onConfirm={() => void archive()}
        onClose={() => setConfirmArchive(false)}
      >
        The connection stops working and its OAuth grant is revoked at the app. Flows deployed to it stop. This cannot
        be undone; connect again for a new connection.
      </ConfirmDialog>
    </div>
  )
}
