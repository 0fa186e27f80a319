import { lazy, Suspense, useEffect, useRef, type MouseEvent, type RefObject } from 'react'
import { ActivityPage } from '../pages/activity/ActivityPage'
import { ConnectionPage } from '../pages/connections/ConnectionPage'
import { ConnectionsPage } from '../pages/connections/ConnectionsPage'
import { FlowsPage } from '../pages/flows/FlowsPage'
import { InstancesPage } from '../pages/instances/InstancesPage'
import { IntegrationsPage } from '../pages/integrations/IntegrationsPage'
import { RunsPage } from '../pages/runs/RunsPage'
import { AppEventTypePage, AppEventTypesPage } from '../pages/app-events/AppEventTypesPage'
import { TemplatePage, TemplatesPage } from '../pages/data-sources/TemplatesPage'
import { SnapshotsPage } from '../pages/snapshots/SnapshotsPage'
import { SandboxDataPage } from '../pages/sandbox-data/SandboxDataPage'
import { CustomerPage } from '../pages/customers/CustomerPage'
import { CustomersPage } from '../pages/customers/CustomersPage'
import { FieldSchemaPage } from '../pages/field-schema/FieldSchemaPage'
import { SettingsPage } from '../pages/settings/SettingsPage'
import { TestCustomerPage } from '../pages/test-customer/TestCustomerPage'
import { TokensPage } from '../pages/tokens/TokensPage'
import { useLiveSync } from '../store/live-sync'
import { useConsole } from '../store/store'
import { ErrorState, Loading } from '../ui/states'
import { Toaster } from '../ui/toaster'
import { LockScreen } from './LockScreen'
import type { Route } from './routes'
import { Sidebar } from './Sidebar'

// The node canvas (@xyflow/react) is a large part of the console: load it with the pages that draw one.
const FlowTemplatePage = lazy(() =>
  import('../pages/flows/FlowTemplatePage').then((m) => ({ default: m.FlowTemplatePage }))
)
const NewFlowPage = lazy(() => import('../pages/flows/NewFlowPage').then((m) => ({ default: m.NewFlowPage })))
const InstancePage = lazy(() => import('../pages/instances/InstancePage').then((m) => ({ default: m.InstancePage })))
const RunPage = lazy(() => import('../pages/runs/RunPage').then((m) => ({ default: m.RunPage })))

const TITLES: Record<Route['name'], string> = {
  customers: 'Customers',
  customer: 'Customer',
  'test-customer': 'Test customer',
  'field-schema': 'Field schema',
  tokens: 'Tokens',
  settings: 'Settings',
  activity: 'Activity',
  integrations: 'Integrations',
  connections: 'Connections',
  connection: 'Connection',
  flows: 'Flows',
  flow: 'Flow builder',
  'new-flow': 'New flow',
  instances: 'Instances',
  instance: 'Instance',
  runs: 'Runs',
  run: 'Run',
  snapshots: 'Snapshots',
  'data-sources': 'Data sources',
  'data-source': 'Data source',
  'field-mappings': 'Field mappings',
  'field-mapping': 'Field mapping',
  'sandbox-data': 'Sandbox data',
  'app-event-types': 'App events',
  'app-event-type': 'App event type'
}

function Page({ route }: { route: Route }) {
  switch (route.name) {
    case 'customers':
      return <CustomersPage />
    case 'customer':
      return <CustomerPage key={route.id} id={route.id} />
    case 'test-customer':
      return <TestCustomerPage />
    case 'field-schema':
      return <FieldSchemaPage />
    case 'tokens':
      return <TokensPage key={route.customerId ?? ''} customerId={route.customerId} />
    case 'settings':
      return <SettingsPage />
    case 'activity':
      return <ActivityPage />
    case 'integrations':
      return <IntegrationsPage />
    case 'connections':
      return (
        <ConnectionsPage
          key={`${route.customerId ?? ''}|${route.integrationKey ?? ''}`}
          customerId={route.customerId}
          integrationKey={route.integrationKey}
        />
      )
    case 'connection':
      return <ConnectionPage key={route.id} id={route.id} />
    case 'flows':
      return <FlowsPage />
    case 'flow':
      return <FlowTemplatePage key={route.id} id={route.id} />
    case 'new-flow':
      return <NewFlowPage key={route.customerId ?? ''} customerId={route.customerId} />
    case 'instances':
      return (
        <InstancesPage
          key={`${route.customerId ?? ''}|${route.flowId ?? ''}`}
          customerId={route.customerId}
          flowId={route.flowId}
        />
      )
    case 'instance':
      return <InstancePage key={route.id} id={route.id} />
    case 'runs':
      return <RunsPage filters={route.filters} />
    case 'run':
      return <RunPage key={route.id} id={route.id} />
    case 'snapshots':
      return <SnapshotsPage />
    case 'data-sources':
    case 'field-mappings':
      return <TemplatesPage key={route.name} kind={route.name} />
    case 'data-source':
      return <TemplatePage key={route.id} kind="data-sources" id={route.id} />
    case 'field-mapping':
      return <TemplatePage key={route.id} kind="field-mappings" id={route.id} />
    case 'sandbox-data':
      return <SandboxDataPage place={route.place} />
    case 'app-event-types':
      return <AppEventTypesPage />
    case 'app-event-type':
      return <AppEventTypePage key={route.id} id={route.id} />
  }
}

/** The console: connects, then shows the sidebar and the page the URL names. */
export function App() {
  const status = useConsole((s) => s.status)
  const message = useConsole((s) => s.sessionMessage)
  const route = useConsole((s) => s.route)
  const connect = useConsole((s) => s.connect)
  const syncRoute = useConsole((s) => s.syncRoute)
  const main = useRef<HTMLElement>(null)
  useLiveSync(status === 'ready')
  const reachable = useConsole((s) => s.reachable)

  useEffect(() => {
    void connect()
  }, [connect])

  const watchServer = useConsole((s) => s.watchServer)
  useEffect(() => (status === 'ready' ? watchServer() : undefined), [status, watchServer])

  useEffect(() => {
    const onHash = (e: HashChangeEvent) => syncRoute(e.oldURL)
    window.addEventListener('hashchange', onHash)
    return () => window.removeEventListener('hashchange', onHash)
  }, [syncRoute])

  const workspaceName = useConsole((s) => s.info?.workspaceName)
  const port = useConsole((s) => (s.info?.apiUrl ? new URL(s.info.apiUrl).port : undefined))
  useEffect(() => {
    // two Workbenches open at once: the tab title says which workspace and port this one is
    document.title = [TITLES[route.name], workspaceName, port && `:${port}`, 'Integration Workbench']
      .filter(Boolean)
      .join(' · ')
  }, [route, workspaceName, port])

  useEffect(() => {
    // move focus to the new page so keyboard and screen-reader users start there
    if (main.current && document.activeElement?.closest('.sidebar')) main.current.focus({ preventScroll: true })
  }, [route])

  if (status === 'connecting') {
    return (
      <main className="lock-screen">
        <Loading label="Connecting to the Workbench…" />
      </main>
    )
  }
  if (status === 'locked') return <LockScreen />
  if (status === 'offline') {
    return (
      <main className="lock-screen">
        <div className="card lock-card">
          <ErrorState
            title="The Workbench is not answering"
            message={message ?? 'Is it still running?'}
            onRetry={() => void connect()}
          />
        </div>
      </main>
    )
  }
  return (
    <div className="app" data-offline={reachable ? undefined : 'true'}>
      <a className="skip-link" href="#main-content" onClick={skipToMain(main)}>
        Skip to content
      </a>
      <Sidebar />
      <main className="main" id="main-content" ref={main} tabIndex={-1} aria-label={TITLES[route.name]}>
        <ServerDownBanner />
        <Suspense
          fallback={
            <div className="page">
              <Loading label="Loading…" />
            </div>
          }
        >
          <Page route={route} />
        </Suspense>
      </main>
      <Toaster />
    </div>
  )
}

/** The skip link moves focus (not only the scroll position) to the page, so Tab continues there. */
function skipToMain(main: RefObject<HTMLElement | null>) {
  return (e: MouseEvent) => {
    e.preventDefault()
    main.current?.focus()
  }
}

/** Shown on every page while the server does not answer; goes away by itself when it is back. */
function ServerDownBanner() {
  const reachable = useConsole((s) => s.reachable)
  const apiUrl = useConsole((s) => s.info?.apiUrl)
  if (reachable) return null
  return (
    <div className="server-down" role="alert">
      <span className="status-dot" aria-hidden="true" />
      <span>
        <strong>The Workbench is not answering</strong>
        {apiUrl ? ` at ${apiUrl.replace(/^https?:\/\//, '')}` : ''}. Start it again; this page reconnects by itself.
      </span>
    </div>
  )
}
