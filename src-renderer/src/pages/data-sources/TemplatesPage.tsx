import type { DataSourceDto } from '@contract/data-sources'
import type { FieldMappingDto } from '@contract/field-mappings'
import { useLoaded } from '../../api/use-loaded'
import { hrefOf, type Route } from '../../app/routes'
import { useApi } from '../../store/store'
import { Badge, Card } from '../../ui/card'
import { LayersIcon } from '../../ui/icons'
import { PageHeader } from '../../ui/page-header'
import { EmptyState, ErrorState, SkeletonRows } from '../../ui/states'

type Element = DataSourceDto | FieldMappingDto
type Kind = 'data-sources' | 'field-mappings'

const TITLE: Record<Kind, string> = { 'data-sources': 'Data sources', 'field-mappings': 'Field mappings' }

function detailRoute(kind: Kind, id: string): Route {
  return kind === 'data-sources' ? { name: 'data-source', id } : { name: 'field-mapping', id }
}

/** What the element reads or maps: the collection or UDM of a data source, the data source of a field mapping. */
function target(element: Element): string {
  if ('dataSourceKey' in element || 'appSchema' in element) return (element as FieldMappingDto).dataSourceKey ?? '—'
  const ds = element as DataSourceDto
  return ds.collectionKey ?? (ds.udm ? `UDM ${ds.udm}` : '—')
}

function ElementTable(props: { kind: Kind; items: Element[]; label: string }) {
  return (
    <table className="table" aria-label={props.label}>
      <thead>
        <tr>
          <th scope="col">Key</th>
          <th scope="col">Name</th>
          <th scope="col">Integration</th>
          <th scope="col">{props.kind === 'data-sources' ? 'Collection / UDM' : 'Data source'}</th>
        </tr>
      </thead>
      <tbody>
        {props.items.map((e) => (
          <tr key={e.id}>
            <td className="mono">
              <a href={hrefOf(detailRoute(props.kind, e.id))}>{e.key}</a>
            </td>
            <td>
              {e.name} {e.isCustomized && <Badge tone="accent">Customized</Badge>}
            </td>
            <td>{e.isUniversal ? <Badge>Universal</Badge> : e.integrationKey}</td>
            <td className="mono">{target(e)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

/** The data sources or field mappings page: every element, universal ones and per-integration ones. */
export function TemplatesPage(props: { kind: Kind }) {
  const api = useApi()
  const loaded = useLoaded<Element[]>(
    () => (props.kind === 'data-sources' ? api.call('dataSources.list', {}) : api.call('fieldMappings.list', {})),
    [props.kind]
  )
  return (
    <div className="page">
      <PageHeader
        title={TITLE[props.kind]}
        description="Defined over the REST API or the SDK; universal ones apply to every integration."
      />
      <Card flush>
        {loaded.error ? (
          <ErrorState message={loaded.error} onRetry={loaded.reload} />
        ) : !loaded.data ? (
          <SkeletonRows rows={4} label={`Loading ${TITLE[props.kind].toLowerCase()}`} />
        ) : !loaded.data.length ? (
          <EmptyState icon={<LayersIcon />} title={`No ${TITLE[props.kind].toLowerCase()} yet`}>
            Create one with POST /{props.kind} or the SDK.
          </EmptyState>
        ) : (
          <ElementTable kind={props.kind} items={loaded.data} label={TITLE[props.kind]} />
        )}
      </Card>
    </div>
  )
}

/** One data source or field mapping and its per-integration children. */
export function TemplatePage(props: { kind: Kind; id: string }) {
  const api = useApi()
  const loaded = useLoaded<{ element: Element; children: Element[] }>(
    () =>
      props.kind === 'data-sources'
        ? api.call('dataSources.get', { id: props.id })
        : api.call('fieldMappings.get', { id: props.id }),
    [props.kind, props.id]
  )
  if (loaded.error)
    return (
      <div className="page">
        <Card>
          <ErrorState message={loaded.error} onRetry={loaded.reload} />
        </Card>
      </div>
    )
  if (!loaded.data)
    return (
      <div className="page">
        <Card>
          <SkeletonRows rows={4} label="Loading" />
        </Card>
      </div>
    )
  const { element, children } = loaded.data
  return (
    <div className="page">
      <PageHeader
        breadcrumbs={<a href={hrefOf({ name: props.kind })}>{TITLE[props.kind]}</a>}
        title={element.name}
        badges={element.isUniversal ? <Badge>Universal</Badge> : <Badge>{element.integrationKey}</Badge>}
        description={
          <span className="mono">
            {element.key} · {target(element)}
          </span>
        }
      />
      <Card title="Per integration" flush>
        {children.length ? (
          <ElementTable kind={props.kind} items={children} label="Per integration" />
        ) : (
          <EmptyState icon={<LayersIcon />} title="No per-integration versions">
            {element.isUniversal
              ? 'Every integration uses this one as it is.'
              : 'Only universal elements have children.'}
          </EmptyState>
        )}
      </Card>
    </div>
  )
}
