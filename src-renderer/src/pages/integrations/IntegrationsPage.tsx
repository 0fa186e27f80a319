import { useState } from 'react'
import type { ConsoleIntegration } from '@contract/console-views'
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
import { GridIcon, PlugIcon } from '../../ui/icons'
import { KeyValues } from '../../ui/key-values'
import { PageHeader } from '../../ui/page-header'
import { EmptyState, ErrorState, SkeletonRows } from '../../ui/states'

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

function IntegrationCard(props: { integration: ConsoleIntegration; app?: SandboxAppDto; onConnect(): void }) {
  const { integration: i, app } = props
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
                value: `${formatCount(app.settings.rateLimit.requests)} requests per ${formatDuration(app.settings.rateLimit.windowSeconds)} per account`
              }
            ]}
          />
        </div>
      )}
      <footer className="card-footer">
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
  const version = useChangeVersion('connections')
  const integrationsVersion = useChangeVersion('integrations')

  const {
    data,
    error,
    reload: load
  } = useLoaded(() => api.call('integrations.overview'), [api], [version, integrationsVersion])

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
          Add one with POST /integrations (admin token); the sandbox CRM and helpdesk come with every new workspace.
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
            onConnect={() => setConnectTo(i.key)}
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
          <Button
            variant="primary"
            icon={<PlugIcon />}
            onClick={() => setConnectTo(data?.integrations[0]?.key ?? '')}
            disabled={!data?.integrations.length}
          >
            Connect a customer
          </Button>
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
