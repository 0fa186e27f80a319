import { useEffect, useRef } from 'react'
import { ActivityPage } from '../pages/activity/ActivityPage'
import { CustomerPage } from '../pages/customers/CustomerPage'
import { CustomersPage } from '../pages/customers/CustomersPage'
import { FieldSchemaPage } from '../pages/field-schema/FieldSchemaPage'
import { SettingsPage } from '../pages/settings/SettingsPage'
import { TestCustomerPage } from '../pages/test-customer/TestCustomerPage'
import { TokensPage } from '../pages/tokens/TokensPage'
import { useConsole } from '../store/store'
import { Button } from '../ui/button'
import { ErrorState, Loading } from '../ui/states'
import { Toaster } from '../ui/toaster'
import { LockScreen } from './LockScreen'
import type { Route } from './routes'
import { Sidebar } from './Sidebar'

const TITLES: Record<Route['name'], string> = {
  customers: 'Customers',
  customer: 'Customer',
  'test-customer': 'Test customer',
  'field-schema': 'Field schema',
  tokens: 'Tokens',
  settings: 'Settings',
  activity: 'Activity'
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

  useEffect(() => {
    void connect()
  }, [connect])

  useEffect(() => {
    const onHash = () => syncRoute()
    window.addEventListener('hashchange', onHash)
    return () => window.removeEventListener('hashchange', onHash)
  }, [syncRoute])

  useEffect(() => {
    document.title = `${TITLES[route.name]} · Integration Workbench`
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
          <ErrorState title="The Workbench is not answering" message={message ?? 'Is it still running?'} onRetry={() => void connect()} />
        </div>
      </main>
    )
  }
  return (
    <div className="app">
      <Sidebar />
      <main className="main" ref={main} tabIndex={-1} aria-label={TITLES[route.name]}>
        <Page route={route} />
      </main>
      <Toaster />
    </div>
  )
}

/** A full-width error with a way back, for pages whose subject does not exist. */
export function NotFound(props: { message: string }) {
  return (
    <div className="page">
      <div className="card">
        <ErrorState title="Not found" message={props.message} />
        <div className="row" style={{ justifyContent: 'center', paddingBottom: 'var(--space-6)' }}>
          <Button onClick={() => (window.location.hash = '#/customers')}>Back to customers</Button>
        </div>
      </div>
    </div>
  )
}
