import { useState } from 'react'
import type { ActionChoice, ConsoleIntegration } from '@contract/console-views'
import type { SandboxAppDto } from '@contract/sandbox'
import { useLoaded } from '../../api/use-loaded'
import { hrefOf } from '../../app/routes'
import { ConnectDialog } from '../../features/connections/ConnectDialog'
import { AppLogo } from '../../features/connections/ConnectionStatus'
import { formatCount, formatDuration } from '../../format/time'
import { useChangeVersion } from '../../store/live-slice'
import { useApi, useConsole } from '../../store/store'
import { Button } from '../../ui/button'
import { Badge, Card } from '../../ui/card'
import { CopyableText } from '../../ui/copy-button'
import { GridIcon, PlugIcon, PlusIcon } from '../../ui/icons'
import { KeyValues } from '../../ui/key-values'
import { PageHeader } from '../../ui/page-header'
import { EmptyState, ErrorState, SkeletonRows } from '../../ui/states'
import { countOf } from '../../format/plural'
import { NewActionDialog } from './NewActionDialog'
import { NewHttpIntegrationDialog } from './NewHttpIntegrationDialog'

function sandboxOf(integration: ConsoleIntegration, apps: SandboxAppDto[]): SandboxAppDto | undefined {
  return apps.find((app) => integration.connectorId === `sandbox-${app.key}`)
}

function CountLink(props: { count: number; label: string; tone: 'success' | 'warning' | 'danger'; href: string }) {
  return (
    <a className={`count-link${props.count ? ` count-${props.tone}` : ''}`} href={props.href}>
      <span className="count-value tabular">{formatCount(props.count)}</span>{' '}
      <span className="count-label">{props.label}</span>
    </a>
  )
}

function IntegrationCard(props: {
  integration: ConsoleIntegration
  app?: SandboxAppDto
  /** Its actions, for HTTP integrations (undefined while loading). */
  actions?: ActionChoice[]
  onConnect(): void
  onNewAction(): void
}) {
  const { integration: i, app } = props
  const isHttp = i.connectorId === 'http'
  const counts = i.connectionCounts
  const connectionsHref = hrefOf({ name: 'connections', integrationKey: i.key })
  return (
    <section className="card integration-card" aria-label={i.name}>
      <header className="integration-card-head">
        <AppLogo src={i.logoUri} name={i.name} size={40} />
        <div className="cell-stack" style={{ flex: 1 }}>
          <h2 className="truncate">{i.name}</h2>
          <span className="mono subtle" style={{ fontSize: 'var(--text-xs)' }}>
            {i.key} · {i.connectorId}
          </span>
        </div>
        <div className="row" style={{ gap: 4 }}>
          {i.isSandbox && <Badge tone="accent">Sandbox</Badge>}
          <Badge>
            {i.authType === 'oauth2' ? 'OAuth 2.0' : i.authType === 'client-credentials' ? 'API key' : 'Several ways'}
          </Badge>
          {i.hasMissingParameters && <Badge tone="warning">Not set up</Badge>}
        </div>
      </header>
      <div className="integration-counts">
        <CountLink count={counts.connected} label="connected" tone="success" href={connectionsHref} />
        <CountLink count={counts.error} label="failing" tone="warning" href={connectionsHref} />
        <CountLink count={counts.disconnected} label="disconnected" tone="danger" href={connectionsHref} />
      </div>
      {app && (
        <div className="integration-card-body">
          <KeyValues
            label={`${i.name} sandbox`}
            rows={[
              {
                label: 'API base URL',
                value: <CopyableText text={app.apiBaseUri} copyLabel={`Copy the ${i.name} API base URL`} />
              },
              {
                label: 'Collections',
                value: (
                  <span className="row" style={{ gap: 4, flexWrap: 'wrap' }}>
                    {app.collections.map((c) => (
                      <span key={c} className="chip">
                        {c}
                      </span>
                    ))}
                  </span>
                )
              },
              ...(app.auth === 'oauth2'
                ? [
                    {
                      label: 'Token lifetimes',
                      value: `access ${formatDuration(app.settings.accessTokenTtlSeconds)} · refresh ${formatDuration(app.settings.refreshTokenTtlSeconds)}`
                    }
                  ]
                : []),
              {
                label: 'Rate limit',
                value: `${countOf(app.settings.rateLimit.requests, 'request')} per ${formatDuration(app.settings.rateLimit.windowSeconds)} per account`
              }
            ]}
          />
        </div>
      )}
      {isHttp && (
        <div className="integration-card-body">
          <KeyValues
            label={`${i.name} actions`}
            rows={[
              {
                label: props.actions ? countOf(props.actions.length, 'action') : 'Actions',
                value: !props.actions ? (
                  <span className="subtle">Loading…</span>
                ) : props.actions.length ? (
                  <ul className="integration-actions" aria-label={`Actions of ${i.name}`}>
                    {props.actions.map((a) => (
                      <li key={a.id}>
                        {a.name} <span className="mono subtle">{a.key}</span>
                      </li>
                    ))}
                  </ul>
                ) : (
                  <span className="subtle">None yet: add one to call this service from flows and the SDK.</span>
                )
              }
            ]}
          />
        </div>
      )}
      <footer className="card-footer">
        {isHttp && (
          <Button size="sm" variant="ghost" icon={<PlusIcon />} onClick={props.onNewAction}>
            New action
          </Button>
        )}
        <a className="btn btn-ghost btn-sm" href={connectionsHref}>
          View connections
        </a>
        <Button size="sm" icon={<PlugIcon />} onClick={props.onConnect} disabled={i.hasMissingParameters}>
          Connect a customer
        </Button>
      </footer>
    </section>
  )
}

/** The apps customers can connect to, the sandbox apps behind them, and their connection counts. */
export function IntegrationsPage() {
  const api = useApi()
  const navigate = useConsole((s) => s.navigate)
  const [connectTo, setConnectTo] = useState<string | null>(null)
  const [creating, setCreating] = useState(false)
  const [actionOf, setActionOf] = useState<ConsoleIntegration | null>(null)
  const version = useChangeVersion('connections')
  const integrationsVersion = useChangeVersion('integrations')
  const actionsVersion = useChangeVersion('actions')

  const {
    data,
    error,
    reload: load
  } = useLoaded(() => api.call('integrations.overview'), [api], [version, integrationsVersion])
  const actions = useLoaded(() => api.call('actions.list'), [api], [actionsVersion])

  const stats = data?.sandboxApps[0]?.stats
  let body
  if (error && !data)
    body = (
      <Card>
        <ErrorState message={error} onRetry={load} />
      </Card>
    )
  else if (!data)
    body = (
      <Card>
        <SkeletonRows rows={4} label="Loading integrations" />
      </Card>
    )
  else if (!data.integrations.length)
    body = (
      <Card>
        <EmptyState icon={<GridIcon size={20} />} title="No integrations">
          Add an HTTP integration here or with POST /integrations (admin token); the sandbox CRM and helpdesk come with
          every new workspace.
        </EmptyState>
      </Card>
    )
  else
    body = (
      <div className="integration-grid">
        {data.integrations.map((i) => (
          <IntegrationCard
            key={i.id}
            integration={i}
            app={sandboxOf(i, data.sandboxApps)}
            actions={actions.data?.filter((a) => a.integrationKey === i.key)}
            onConnect={() => setConnectTo(i.key)}
            onNewAction={() => setActionOf(i)}
          />
        ))}
      </div>
    )

  return (
    <div className="page">
      <PageHeader
        title="Integrations"
        description="The apps your customers can connect to. The sandbox apps run inside the Workbench, offline: a real OAuth approval page, real REST APIs with rate limits, and signed webhooks."
        actions={
          <>
            <Button icon={<PlusIcon />} onClick={() => setCreating(true)}>
              New HTTP integration
            </Button>
            <Button
              variant="primary"
              icon={<PlugIcon />}
              onClick={() => setConnectTo(data?.integrations[0]?.key ?? '')}
              disabled={!data?.integrations.length}
            >
              Connect a customer
            </Button>
          </>
        }
      />
      {body}
      {stats && (
        <Card title="Sandbox traffic" description="Since the Workbench started.">
          <div className="stat-row">
            <div className="stat">
              <span className="stat-value">{formatCount(stats.apiRequests)}</span>
              <span className="stat-label">API requests</span>
            </div>
            <div className="stat">
              <span className="stat-value">{formatCount(stats.rateLimited)}</span>
              <span className="stat-label">rate limited (429)</span>
            </div>
            <div className="stat">
              <span className="stat-value">{formatCount(stats.tokenRequests.authorization_code)}</span>
              <span className="stat-label">OAuth approvals</span>
            </div>
            <div className="stat">
              <span className="stat-value">{formatCount(stats.tokenRequests.refresh_token)}</span>
              <span className="stat-label">token refreshes</span>
            </div>
            <div className="stat">
              <span className="stat-value">
                {formatCount(stats.webhookDeliveries.delivered)}
                {stats.webhookDeliveries.failed > 0 && (
                  <span className="subtle"> / {formatCount(stats.webhookDeliveries.failed)} failed</span>
                )}
              </span>
              <span className="stat-label">webhook deliveries</span>
            </div>
          </div>
        </Card>
      )}
      <NewHttpIntegrationDialog
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={() => {
          setCreating(false)
          void load()
        }}
      />
      <NewActionDialog
        integration={actionOf}
        onClose={() => setActionOf(null)}
        onCreated={() => {
          setActionOf(null)
          void actions.reload()
        }}
      />
      <ConnectDialog
        open={connectTo !== null}
        integrationKey={connectTo ?? undefined}
        onClose={() => setConnectTo(null)}
        onConnected={(connection) => {
          setConnectTo(null)
          navigate({ name: 'connection', id: connection.id })
        }}
      />
    </div>
  )
}
