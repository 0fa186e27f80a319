import { useCallback, useEffect, useState } from 'react'
import type { ConnectionDto } from '@contract/connections'
import type { ConsoleInstanceView } from '@contract/console-views'
import type { FlowInstanceDto } from '@contract/flow-instances'
import type { FlowNodes } from '@contract/flows'
import { ConsoleCallError, messageOf } from '../../api/console-client'
import { NotFound } from '../../ui/not-found'
import { hrefOf } from '../../app/routes'
import { FlowBuilder } from '../../features/builder/FlowBuilder'
import { formatDateTime, fromNow } from '../../format/time'
import { useApi, useConsole } from '../../store/store'
import { Button } from '../../ui/button'
import { Card } from '../../ui/card'
import { ConfirmDialog, Dialog } from '../../ui/dialog'
import {
  AlertCircleIcon,
  ArchiveIcon,
  HistoryIcon,
  InfoIcon,
  RestoreIcon,
  RotateIcon,
  SaveIcon,
  SparkIcon
} from '../../ui/icons'
import { KeyValues } from '../../ui/key-values'
import { Menu } from '../../ui/menu'
import { ErrorState, Loading } from '../../ui/states'
import { BuilderCrumbs, NameInput } from '../flows/builder-heading'
import { InstanceStateBadge } from './InstancesPage'

function SetupDialog(props: {
  open: boolean
  instance: FlowInstanceDto
  connection?: ConnectionDto
  onClose(): void
  onSetup(): void
  busy: boolean
}) {
  const i = props.instance
  const setup = i.setup
  return (
    <Dialog
      open={props.open}
      onClose={props.onClose}
      wide
      title="Setup"
      description="What deploying this instance did. Run setup again after fixing what it reported."
      footer={
        <>
          <Button onClick={props.onClose}>Close</Button>
          <Button variant="primary" icon={<RotateIcon size={14} />} busy={props.busy} onClick={props.onSetup}>
            Run setup again
          </Button>
        </>
      }
    >
      <KeyValues
        label="Setup"
        rows={[
          { label: 'State', value: <InstanceStateBadge instance={i} /> },
          { label: 'Last setup', value: i.setupAt ? `${formatDateTime(i.setupAt)} (${fromNow(i.setupAt)})` : 'Never' },
          ...(i.connectionId
            ? [
                {
                  label: 'Connection',
                  value: (
                    <a href={hrefOf({ name: 'connection', id: i.connectionId })}>
                      {props.connection
                        ? `${props.connection.name}${props.connection.externalAccount ? ` · ${props.connection.externalAccount.name}` : ''}`
                        : i.connectionId}
                    </a>
                  )
                }
              ]
            : []),
          { label: 'Triggers', value: i.enabled ? 'On: events and schedules start runs' : 'Off: only runs by hand' }
        ]}
      />
      {i.errors?.map((e, n) => (
        <div key={n} className="callout callout-danger" role="alert">
          <AlertCircleIcon />
          <div className="callout-body">
            <div className="callout-title">{e.type === 'flow_instance_setup' ? 'Setup failed' : e.type}</div>
            <div>{e.message}</div>
          </div>
        </div>
      ))}
      {setup?.triggers && setup.triggers.length > 0 && (
        <div className="stack-sm">
          <h3>Webhook subscriptions</h3>
          <table className="table table-compact">
            <thead>
              <tr>
                <th>Trigger</th>
                <th>Collection</th>
                <th>Events</th>
                <th>Subscribed</th>
                <th>Last event</th>
                <th style={{ textAlign: 'right' }}>Received</th>
              </tr>
            </thead>
            <tbody>
              {setup.triggers.map((t) => (
                <tr key={t.nodeKey}>
                  <td className="mono">{t.nodeKey}</td>
                  <td className="mono">{t.collectionKey}</td>
                  <td>{t.events.join(', ')}</td>
                  <td className="subtle">{fromNow(t.subscribedAt)}</td>
                  <td className="subtle">{t.cursor.lastEventAt ? fromNow(t.cursor.lastEventAt) : 'None yet'}</td>
                  <td className="tabular" style={{ textAlign: 'right' }}>
                    {t.eventsReceived}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {setup?.fieldSchemas && Object.keys(setup.fieldSchemas).length > 0 && (
        <p className="subtle">
          Field schemas fetched from the connection: {Object.keys(setup.fieldSchemas).join(', ')}.
        </p>
      )}
    </Dialog>
  )
}

/**
 * One instance in the builder: an ad-hoc flow, or a customer's copy of a template that can be
 * customised, reset and updated; with its setup state, enable switch and runs.
 */
export function InstancePage(props: { id: string }) {
  const api = useApi()
  const notify = useConsole((s) => s.notify)
  const navigate = useConsole((s) => s.navigate)
  const [view, setView] = useState<ConsoleInstanceView | null>(null)
  const [latestRunId, setLatestRunId] = useState<string | undefined>()
  const [loaded, setLoaded] = useState(0)
  const [error, setError] = useState<Error | null>(null)
  const [busy, setBusy] = useState<string | null>(null)
  const [confirm, setConfirm] = useState<'reset' | 'archive' | null>(null)
  const [setupOpen, setSetupOpen] = useState(false)
  const [dirty, setDirty] = useState(false)

  const load = useCallback(async () => {
    try {
      const v = await api.call('instances.get', { id: props.id })
      const runs = await api.call('runs.list', { flowInstanceId: v.instance.id, limit: 1 })
      setView(v)
      setLatestRunId(runs.items[0]?.id)
      setLoaded((n) => n + 1)
      setError(null)
    } catch (e) {
      setError(e as Error)
    }
  }, [api, props.id])
  useEffect(() => void load(), [load])

  if (error instanceof ConsoleCallError && error.status === 404) return <NotFound message={error.message} />
  if (error && !view)
    return (
      <div className="page">
        <Card>
          <ErrorState message={messageOf(error)} onRetry={() => void load()} />
        </Card>
      </div>
    )
  if (!view)
    return (
      <div className="page">
        <Card>
          <Loading label="Loading the flow…" />
        </Card>
      </div>
    )

  const { instance: i, customer, flow, connection } = view
  const act = async (what: string, call: () => Promise<FlowInstanceDto>, done: string, reload = false) => {
    setBusy(what)
    try {
      const instance = await call()
      setView((v) => (v ? { ...v, instance } : v))
      notify({ kind: 'success', title: done })
      setConfirm(null)
      if (reload) await load()
      return instance
    } catch (e) {
      notify({ kind: 'error', title: 'That did not work', text: messageOf(e) })
      return undefined
    } finally {
      setBusy(null)
    }
  }
  const saveAsTemplate = async () => {
    setBusy('template')
    try {
      const created = await api.call('flows.create', { name: i.name, nodes: i.nodes })
      notify({
        kind: 'success',
        title: `Template “${created.name}” created`,
        text: 'Deploy it to other customers from its page.'
      })
      navigate({ name: 'flow', id: created.id })
    } catch (e) {
      notify({ kind: 'error', title: 'Not saved as a template', text: messageOf(e) })
    } finally {
      setBusy(null)
    }
  }

  const banner = (
    <>
      {i.archivedAt && (
        <div className="builder-banner builder-banner-warning">
          <ArchiveIcon size={14} />
          <span>Archived {fromNow(i.archivedAt)}: it does not run until restored.</span>
          <Button
            size="sm"
            icon={<RestoreIcon size={13} />}
            busy={busy === 'restore'}
            onClick={() => void act('restore', () => api.call('instances.restore', { id: i.id }), 'Restored')}
          >
            Restore
          </Button>
        </div>
      )}
      {i.state === 'SETUP_FAILED' && (
        <div className="builder-banner builder-banner-danger" role="alert">
          <AlertCircleIcon size={14} />
          <span>Setup failed: {i.errors?.[0]?.message ?? 'see the setup details'}</span>
          <Button size="sm" onClick={() => setSetupOpen(true)}>
            Details
          </Button>
        </div>
      )}
      {!i.isAdHoc && i.isOutdated && !i.archivedAt && (
        <div className="builder-banner builder-banner-info">
          <SparkIcon size={14} />
          <span>
            The template changed since this instance took its nodes.
            {i.isCustomized ? ' Updating keeps the nodes this customer customised.' : ''}
          </span>
          <Button
            size="sm"
            busy={busy === 'latest'}
            disabled={dirty}
            onClick={() =>
              void act(
                'latest',
                () => api.call('instances.updateToLatest', { id: i.id }),
                'Updated to the latest template',
                true
              )
            }
          >
            Update to latest
          </Button>
        </div>
      )}
      {!i.isAdHoc && i.isCustomized && !i.archivedAt && (
        <div className="builder-banner builder-banner-info">
          <InfoIcon size={14} />
          <span>
            Customised for {customer.name}
            {i.customized.nodes
              ? `: ${Object.values(i.nodes).filter((n) => n.isCustomized).length} node(s) differ from the template`
              : ': the name differs'}
            . Template changes leave customised nodes alone.
          </span>
          <Button size="sm" icon={<RotateIcon size={13} />} disabled={dirty} onClick={() => setConfirm('reset')}>
            Reset to template
          </Button>
        </div>
      )}
    </>
  )

  return (
    <div className="page-builder">
      <FlowBuilder
        key={loaded}
        flowKey={`instance:${i.id}`}
        name={i.name}
        initialNodes={i.nodes}
        customerId={customer.id}
        integrationKey={connection?.integrationKey ?? i.integrationKey}
        recordConnection={connection}
        latestRunId={latestRunId}
        onDirtyChange={setDirty}
        save={async ({ name, nodes }): Promise<FlowNodes> => {
          const updated = await api.call('instances.update', { id: i.id, changes: { name, nodes } })
          setView((v) => (v ? { ...v, instance: updated } : v))
          notify({
            kind: 'success',
            title: 'Saved',
            text: i.isAdHoc ? undefined : 'Changed nodes are marked customised for this customer.'
          })
          return updated.nodes
        }}
        run={(input, startNodeKey) => api.call('runs.start', { flowInstanceId: i.id, input, startNodeKey })}
        runNote={`Runs as ${customer.name}.`}
        heading={
          <BuilderCrumbs
            items={[
              { label: 'Customers', href: hrefOf({ name: 'customers' }) },
              { label: customer.name, href: hrefOf({ name: 'customer', id: customer.id }) },
              {
                label: i.isAdHoc ? 'Ad-hoc flow' : `Instance of ${flow?.name ?? i.flowKey}`,
                href: i.isAdHoc ? undefined : hrefOf({ name: 'flow', id: i.flowId! })
              }
            ]}
          />
        }
        renderName={(name, setName) => <NameInput value={name} onChange={setName} />}
        banner={banner}
        actions={
          <>
            {connection && (
              <a
                className="connection-chip"
                href={hrefOf({ name: 'connection', id: connection.id })}
                title={`Deployed to ${connection.name} (${connection.status})`}
              >
                <span className={`status-dot status-${connection.status}`} aria-hidden="true" />
                <span className="truncate">{connection.name}</span>
              </a>
            )}
            <button type="button" className="badge-button" onClick={() => setSetupOpen(true)}>
              <InstanceStateBadge instance={i} />
              <span className="visually-hidden"> · setup details</span>
            </button>
            <label
              className="switch"
              title={i.enabled ? 'Triggers start runs' : 'Triggers are ignored; runs by hand still work'}
            >
              <input
                type="checkbox"
                role="switch"
                aria-label="Enabled"
                checked={i.enabled}
                disabled={busy === 'enable' || !!i.archivedAt}
                onChange={(e) =>
                  void act(
                    'enable',
                    () => api.call('instances.update', { id: i.id, changes: { enabled: e.target.checked } }),
                    e.target.checked ? 'Enabled: triggers start runs' : 'Disabled: triggers are ignored'
                  )
                }
              />
              <span>{i.enabled ? 'Enabled' : 'Disabled'}</span>
            </label>
            <Menu
              label="More actions"
              items={[
                {
                  label: 'Runs of this flow',
                  icon: <HistoryIcon size={14} />,
                  href: hrefOf({ name: 'runs', filters: { flowInstanceId: i.id } })
                },
                { label: 'Setup details', icon: <InfoIcon size={14} />, onSelect: () => setSetupOpen(true) },
                ...(i.isAdHoc
                  ? [
                      {
                        label: 'Save as template',
                        icon: <SaveIcon size={14} />,
                        disabled: dirty || busy === 'template',
                        onSelect: () => void saveAsTemplate()
                      }
                    ]
                  : [
                      {
                        label: 'Reset to template',
                        icon: <RotateIcon size={14} />,
                        disabled: dirty || !!i.archivedAt,
                        onSelect: () => setConfirm('reset')
                      }
                    ]),
                ...(i.archivedAt
                  ? []
                  : [
                      {
                        label: 'Archive',
                        icon: <ArchiveIcon size={14} />,
                        danger: true,
                        onSelect: () => setConfirm('archive')
                      }
                    ])
              ]}
            />
          </>
        }
      />
      <SetupDialog
        open={setupOpen}
        instance={i}
        connection={connection}
        busy={busy === 'setup'}
        onClose={() => setSetupOpen(false)}
        onSetup={() => void act('setup', () => api.call('instances.setup', { id: i.id }), 'Setup ran again')}
      />
      <ConfirmDialog
        open={confirm === 'reset'}
        title="Reset to the template?"
        confirmLabel="Reset"
        danger
        busy={busy === 'reset'}
        onConfirm={() =>
          void act('reset', () => api.call('instances.reset', { id: i.id }), 'Reset to the template', true)
        }
        onClose={() => setConfirm(null)}
      >
        {customer.name}’s changes to the name and nodes are replaced by the template’s. Runs stay.
      </ConfirmDialog>
      <ConfirmDialog
        open={confirm === 'archive'}
        title={`Archive “${i.name}”?`}
        confirmLabel="Archive"
        danger
        busy={busy === 'archive'}
        onConfirm={() => void act('archive', () => api.call('instances.archive', { id: i.id }), 'Archived')}
        onClose={() => setConfirm(null)}
      >
        Its triggers stop and it cannot run until it is restored. Its runs stay.
      </ConfirmDialog>
    </div>
  )
}
