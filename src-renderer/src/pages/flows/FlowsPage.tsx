import { useEffect, useState } from 'react'
import type { ConsoleFlow } from '@contract/console-views'
import { useLoaded } from '../../api/use-loaded'
import { hrefOf } from '../../app/routes'
import { PickCustomerDialog } from '../../features/flows/FlowDialogs'
import { iconOf } from '../../features/builder/node-icons'
import { nodeTypeSpec } from '../../features/builder/node-types'
import { fromNow } from '../../format/time'
import { useChangeVersion } from '../../store/live-slice'
import { useApi, useConsole } from '../../store/store'
import { Button } from '../../ui/button'
import { Badge, Card } from '../../ui/card'
import { Checkbox, Input } from '../../ui/controls'
import { FlowIcon, LayersIcon, PlusIcon, SearchIcon } from '../../ui/icons'
import { PageHeader } from '../../ui/page-header'
import { EmptyState, ErrorState, SkeletonRows } from '../../ui/states'

function TriggerChips(props: { flow: ConsoleFlow }) {
  const triggers = Object.values(props.flow.nodes).filter((n) => nodeTypeSpec(n.type)?.isTrigger)
  if (!triggers.length) return <span className="subtle">No trigger</span>
  return (
    <span className="row" style={{ gap: 4, flexWrap: 'wrap' }}>
      {triggers.map((n, i) => {
        const Icon = iconOf(n.type)
        return (
          <span key={i} className="chip">
            <Icon size={11} /> {nodeTypeSpec(n.type)?.name ?? n.type}
          </span>
        )
      })}
    </span>
  )
}

/** Flow templates, and the ways to start a new flow (a template, or one customer's ad-hoc flow). */
export function FlowsPage() {
  const api = useApi()
  const navigate = useConsole((s) => s.navigate)
  const [search, setSearch] = useState('')
  const [query, setQuery] = useState('')
  const [includeArchived, setIncludeArchived] = useState(false)
  const [pickOpen, setPickOpen] = useState(false)
  const version = useChangeVersion('flows')
  const instancesVersion = useChangeVersion('instances')

  useEffect(() => {
    const t = setTimeout(() => setQuery(search), 200)
    return () => clearTimeout(t)
  }, [search])

  const {
    data: items,
    error,
    reload: load
  } = useLoaded(
    () =>
      api
        .call('flows.list', { search: query.trim() || undefined, includeArchived, limit: 500 })
        .then((page) => page.items),
    [api, query, includeArchived],
    [version, instancesVersion]
  )

  let body
  if (error && !items) body = <ErrorState message={error} onRetry={load} />
  else if (!items) body = <SkeletonRows rows={4} label="Loading flows" />
  else if (!items.length)
    body = (
      <EmptyState
        icon={<FlowIcon size={20} />}
        title={query ? 'No template matches' : 'No flow templates yet'}
        actions={
          !query && (
            <>
              <Button variant="primary" icon={<PlusIcon />} onClick={() => navigate({ name: 'new-flow' })}>
                New template
              </Button>
              <Button icon={<PlusIcon />} onClick={() => setPickOpen(true)}>
                New ad-hoc flow
              </Button>
            </>
          )
        }
      >
        {query
          ? 'Try another search.'
          : 'A template is built once and deployed to many customers. An ad-hoc flow belongs to one customer.'}
      </EmptyState>
    )
  else
    body = (
      <table className="table table-rows">
        <thead>
          <tr>
            <th>Template</th>
            <th>Triggers</th>
            <th style={{ textAlign: 'right' }}>Nodes</th>
            <th style={{ textAlign: 'right' }}>Instances</th>
            <th>Updated</th>
          </tr>
        </thead>
        <tbody>
          {items.map((f) => (
            <tr key={f.id} className="row-link">
              <td>
                <a className="cell-main" href={hrefOf({ name: 'flow', id: f.id })}>
                  <span className="flow-node-icon flow-node-triggers" aria-hidden="true">
                    <FlowIcon size={14} />
                  </span>
                  <span className="cell-stack">
                    <span className="cell-title truncate">
                      {f.name} {f.archivedAt && <Badge>Archived</Badge>}
                    </span>
                    <span className="subtle mono truncate" style={{ fontSize: 'var(--text-xs)' }}>
                      {f.integrationKey ? `${f.integrationKey}.` : ''}
                      {f.key}
                    </span>
                  </span>
                </a>
              </td>
              <td>
                <TriggerChips flow={f} />
              </td>
              <td className="tabular" style={{ textAlign: 'right' }}>
                {Object.keys(f.nodes).length}
              </td>
              <td className="tabular" style={{ textAlign: 'right' }}>
                <a href={hrefOf({ name: 'instances', flowId: f.id })}>{f.instanceCount}</a>
              </td>
              <td className="subtle nowrap">{fromNow(f.updatedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    )

  return (
    <div className="page">
      <PageHeader
        title="Flows"
        description="Templates you build once and deploy to customers, and the builder for a customer's own ad-hoc flows."
        actions={
          <>
            <a className="btn btn-ghost" href={hrefOf({ name: 'instances' })}>
              <LayersIcon size={14} /> All instances
            </a>
            <Button icon={<PlusIcon />} onClick={() => setPickOpen(true)}>
              New ad-hoc flow
            </Button>
            <Button variant="primary" icon={<PlusIcon />} onClick={() => navigate({ name: 'new-flow' })}>
              New template
            </Button>
          </>
        }
      />
      <div className="filter-bar">
        <div className="input-group" style={{ width: 300 }}>
          <SearchIcon />
          <Input
            type="search"
            aria-label="Search templates"
            placeholder="Search by name or key…"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
          />
        </div>
        <span className="spacer" />
        <Checkbox checked={includeArchived} onChange={setIncludeArchived} label="Show archived" />
      </div>
      <Card flush>{body}</Card>
      <PickCustomerDialog
        open={pickOpen}
        title="New ad-hoc flow"
        description="An ad-hoc flow belongs to one customer and has no template. Pick whose it is."
        confirmLabel="Open the builder"
        onClose={() => setPickOpen(false)}
        onPick={(c) => {
          setPickOpen(false)
          navigate({ name: 'new-flow', customerId: c.id })
        }}
      />
    </div>
  )
}
