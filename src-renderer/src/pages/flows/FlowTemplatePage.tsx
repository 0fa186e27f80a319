import { useCallback, useEffect, useState } from 'react'
import type { ConnectionDto } from '@contract/connections'
import type { FlowDto, FlowNodes } from '@contract/flows'
import { ConsoleCallError, messageOf } from '../../api/console-client'
import { NotFound } from '../../ui/not-found'
import { hrefOf } from '../../app/routes'
import { FlowBuilder } from '../../features/builder/FlowBuilder'
import { DeployDialog, needsConnection } from '../../features/flows/FlowDialogs'
import { useApi, useConsole } from '../../store/store'
import { Button } from '../../ui/button'
import { Card } from '../../ui/card'
import { ConfirmDialog } from '../../ui/dialog'
import { ArchiveIcon, HistoryIcon, LayersIcon, RestoreIcon, RocketIcon } from '../../ui/icons'
import { Menu } from '../../ui/menu'
import { ErrorState, Loading } from '../../ui/states'
import { BuilderCrumbs, NameInput } from './builder-heading'

/** A flow template in the builder: edit, run on the test customer, deploy to customers. */
export function FlowTemplatePage(props: { id: string }) {
  const api = useApi()
  const notify = useConsole((s) => s.notify)
  const navigate = useConsole((s) => s.navigate)
  const [flow, setFlow] = useState<FlowDto | null>(null)
  const [latestRunId, setLatestRunId] = useState<string | undefined>()
  const [recordConnection, setRecordConnection] = useState<ConnectionDto | undefined>()
  const [error, setError] = useState<Error | null>(null)
  const [deployOpen, setDeployOpen] = useState(false)
  const [confirmArchive, setConfirmArchive] = useState(false)
  const [ready, setReady] = useState(false)

  const load = useCallback(async () => {
    try {
      const f = await api.call('flows.get', { id: props.id })
      const test = await api.call('testCustomer.get')
      const runs = await api.call('runs.list', { flowId: f.id, customerId: test.id, limit: 1 })
      // a template of an app works on records of a connection to it: its previews and run dialog
      // start from one read through the test customer's connection, else any customer's
      let connection: ConnectionDto | undefined
      if (f.integrationKey) {
        const integrationKey = f.integrationKey
        connection =
          (await api.call('connections.list', { customerId: test.id, integrationKey, limit: 1 })).items[0] ??
          (await api.call('connections.list', { integrationKey, limit: 1 })).items[0]
      }
      setRecordConnection(connection)
      setFlow(f)
      setLatestRunId(runs.items[0]?.id)
      setReady(true)
    } catch (e) {
      setError(e as Error)
    }
  }, [api, props.id])
  useEffect(() => void load(), [load])

  if (error instanceof ConsoleCallError && error.status === 404) return <NotFound message={error.message} />
  if (error)
    return (
      <div className="page">
        <Card>
          <ErrorState message={messageOf(error)} onRetry={() => void load()} />
        </Card>
      </div>
    )
  if (!flow || !ready)
    return (
      <div className="page">
        <Card>
          <Loading label="Loading the flow…" />
        </Card>
      </div>
    )

  const setArchived = async (archive: boolean) => {
    try {
      const f = await api.call(archive ? 'flows.archive' : 'flows.restore', { id: flow.id })
      setFlow(f)
      setConfirmArchive(false)
      notify({ kind: 'success', title: archive ? `Archived “${f.name}”` : `Restored “${f.name}”` })
    } catch (e) {
      notify({ kind: 'error', title: archive ? 'Not archived' : 'Not restored', text: messageOf(e) })
    }
  }
  const connectionBound = needsConnection(flow)

  return (
    <div className="page-builder">
      <FlowBuilder
        key={flow.revision + (flow.archivedAt ?? '')}
        flowKey={`flow:${flow.id}`}
        name={flow.name}
        initialNodes={flow.nodes}
        latestRunId={latestRunId}
        recordConnection={recordConnection}
        save={async ({ name, nodes }): Promise<FlowNodes> => {
          const f = await api.call('flows.update', { id: flow.id, changes: { name, nodes } })
          notify({
            kind: 'success',
            title: 'Template saved',
            text: `Revision ${f.revision}. Instances that follow the template take the change.`
          })
          return f.nodes
        }}
        run={(input, startNodeKey) => api.call('flows.run', { flowId: flow.id, input, startNodeKey })}
        runNote={
          connectionBound
            ? 'This template works on app data: deploy it to a customer connection and run that instance.'
            : "Templates run on the test customer's instance of the flow (deployed on the first run)."
        }
        heading={<BuilderCrumbs items={[{ label: 'Flows', href: hrefOf({ name: 'flows' }) }, { label: flow.key }]} />}
        renderName={(name, setName) => <NameInput value={name} onChange={setName} />}
        banner={
          flow.archivedAt ? (
            <div className="builder-banner builder-banner-warning">
              <ArchiveIcon size={14} />
              <span>
                This template is archived: it cannot be deployed until it is restored. Its instances keep running.
              </span>
              <Button size="sm" icon={<RestoreIcon size={13} />} onClick={() => void setArchived(false)}>
                Restore
              </Button>
            </div>
          ) : undefined
        }
        actions={
          <>
            <Menu
              label="More actions"
              items={[
                {
                  label: `Instances (${flow.key})`,
                  icon: <LayersIcon size={14} />,
                  href: hrefOf({ name: 'instances', flowId: flow.id })
                },
                {
                  label: 'Runs of this template',
                  icon: <HistoryIcon size={14} />,
                  href: hrefOf({ name: 'runs', filters: { flowId: flow.id } })
                },
                ...(flow.archivedAt
                  ? [{ label: 'Restore', icon: <RestoreIcon size={14} />, onSelect: () => void setArchived(false) }]
                  : [
                      {
                        label: 'Archive',
                        icon: <ArchiveIcon size={14} />,
                        danger: true,
                        onSelect: () => setConfirmArchive(true)
                      }
                    ])
              ]}
            />
            <Button
              icon={<RocketIcon size={14} />}
              disabled={!!flow.archivedAt || !Object.keys(flow.nodes).length}
              onClick={() => setDeployOpen(true)}
            >
              Deploy…
            </Button>
          </>
        }
      />
      <DeployDialog
        open={deployOpen}
        flow={flow}
        onClose={() => setDeployOpen(false)}
        onDeployed={(instance) => {
          setDeployOpen(false)
          notify({
            kind: 'success',
            title: `Deployed “${instance.name}”`,
            text:
              instance.state === 'READY' ? 'Setup finished; the instance is ready.' : 'Setup failed: see the instance.'
          })
          navigate({ name: 'instance', id: instance.id })
        }}
      />
      <ConfirmDialog
        open={confirmArchive}
        title={`Archive “${flow.name}”?`}
        confirmLabel="Archive template"
        danger
        onConfirm={() => void setArchived(true)}
        onClose={() => setConfirmArchive(false)}
      >
        The template leaves the list and cannot be deployed; its key becomes free. Existing instances keep their nodes
        and keep running.
      </ConfirmDialog>
    </div>
  )
}
