/**
 * A small app written against Membrane with @membranehq/react, pointed at the Workbench: the
 * provider fetches its token from the app's server, every area's element and instance hooks
 * render their state, and a button opens the SDK's connect UI.
 */
import {
  MembraneProvider,
  useAction,
  useActionInstance,
  useActionInstances,
  useActions,
  useConnection,
  useConnections,
  useFlow,
  useFlowInstance,
  useFlowInstances,
  useFlowRuns,
  useFlows,
  useIntegration,
  useIntegrations,
  useMembrane
} from '@membranehq/react'
import { useEffect, useState } from 'react'
import { createRoot } from 'react-dom/client'

type HookState = { loading: boolean; error?: unknown; count?: number; id?: string }
const states: Record<string, HookState> = {}
;(window as unknown as { hookStates: typeof states }).hookStates = states

function Row({ name, state }: { name: string; state: HookState }) {
  const error = state.error ? String((state.error as Error).message ?? state.error) : ''
  states[name] = { loading: state.loading, error: error || undefined, count: state.count, id: state.id }
  return (
    <tr data-hook={name} data-state={state.loading ? 'loading' : error ? 'error' : 'ok'}>
      <td>{name}</td>
      <td>{state.loading ? 'loading' : error ? `error: ${error}` : 'ok'}</td>
      <td>{state.count ?? state.id ?? ''}</td>
    </tr>
  )
}

function Hooks() {
  const integrations = useIntegrations()
  const integration = useIntegration('crm')
  const connections = useConnections()
  const connectionId = connections.items.find((c) => c.integrationId === integration.integration?.id)?.id
  const connection = useConnection(connectionId)
  const flows = useFlows()
  const flow = useFlow({ key: 'react-flow', integrationKey: 'crm' })
  const flowInstances = useFlowInstances()
  const flowInstance = useFlowInstance({ flowKey: 'react-flow', integrationKey: 'crm', autoCreate: true })
  const flowRuns = useFlowRuns({ connectionFlowId: flowInstance.flowInstance?.id })
  const actions = useActions()
  const action = useAction({ key: 'react-action', integrationKey: 'crm' })
  const actionInstances = useActionInstances()
  // the engine names the template by actionKey, as the docs' selectors do; the SDK's type lists only the generic fields
  const actionInstance = useActionInstance({
    actionKey: 'react-action',
    integrationKey: 'crm',
    autoCreate: true
  } as Parameters<typeof useActionInstance>[0])
  const rows: Array<[string, HookState]> = [
    ['useIntegrations', { ...integrations, count: integrations.items.length }],
    ['useIntegration', { ...integration, id: integration.integration?.id }],
    ['useConnections', { ...connections, count: connections.items.length }],
    ['useConnection', { ...connection, id: connection.connection?.id }],
    ['useFlows', { ...flows, count: flows.items.length }],
    ['useFlow', { ...flow, id: flow.flow?.id }],
    ['useFlowInstances', { ...flowInstances, count: flowInstances.items.length }],
    ['useFlowInstance', { ...flowInstance, id: flowInstance.flowInstance?.id }],
    ['useFlowRuns', { ...flowRuns, count: flowRuns.items.length }],
    ['useActions', { ...actions, count: actions.items.length }],
    ['useAction', { ...action, id: action.action?.id }],
    ['useActionInstances', { ...actionInstances, count: actionInstances.items.length }],
    ['useActionInstance', { ...actionInstance, id: actionInstance.actionInstance?.id }]
  ]
  return (
    <table>
      <tbody>
        {rows.map(([name, state]) => (
          <Row key={name} name={name} state={state} />
        ))}
      </tbody>
    </table>
  )
}

function ConnectButton() {
  const membrane = useMembrane()
  const [outcome, setOutcome] = useState('')
  return (
    <p>
      <button
        id="connect"
        onClick={() =>
          void membrane.ui.connect({ integrationKey: 'crm' }).then(
            (connection) => setOutcome(connection ? `connected ${connection.id}` : 'closed'),
            (error: Error) => setOutcome(`error: ${error.message}`)
          )
        }
      >
        Connect CRM
      </button>
      <span id="outcome">{outcome}</span>
    </p>
  )
}

function App() {
  const [apiUri] = useState(() => new URLSearchParams(location.search).get('api') ?? '')
  useEffect(() => {
    document.title = 'React app on the Workbench'
  }, [])
  return (
    <MembraneProvider
      apiUri={apiUri}
      uiUri={apiUri}
      fetchToken={() => fetch('/token').then((response) => response.text())}
    >
      <h1>React app</h1>
      <ConnectButton />
      <Hooks />
    </MembraneProvider>
  )
}

createRoot(document.getElementById('root')!).render(<App />)
