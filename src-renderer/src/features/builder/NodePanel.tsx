import type { IntegrationChoice } from './builder-state'
import { useMemo, useState } from 'react'
import type { ActionChoice } from '@contract/console-views'
import type { FlowNodeRunDto } from '@contract/flow-runs'
import type { FlowNode, FlowNodes } from '@contract/flows'
import { Button } from '../../ui/button'
import { Callout } from '../../ui/card'
import { Input, Select, Switch } from '../../ui/controls'
import { controlProps, Field } from '../../ui/field'
import { AlertCircleIcon, TrashIcon, XIcon } from '../../ui/icons'
import { JsonEditor } from '../../ui/json-editor'
import { Tabs } from '../../ui/tabs'
import { NodeRunDetails } from '../runs/NodeRunDetails'
import { configFields, jsonText, parseJson, setValueAt, valueAt, type ConfigField } from './config-model'
import { ExpressionField, MappingField, type SampleScope } from './FormulaFields'
import { NODE_KEY } from './graph-model'
import { iconOf } from './node-icons'
import { groupOf, nodeTypeSpec } from './node-types'

/** What the panel needs besides the node: the graph, choices for pickers, the sample data and the last run. */
export type { IntegrationChoice } from './builder-state'

export interface NodePanelContext {
  nodes: FlowNodes
  actions: ActionChoice[]
  integrations: IntegrationChoice[]
  /** The integration of the flow's own connection, when it has one. */
  integrationKey?: string
  sample: SampleScope
  customerId?: string
  runs?: FlowNodeRunDto[]
  readOnly?: boolean
}

const TIME_ZONES: string[] = (() => {
  try {
    return (Intl as unknown as { supportedValuesOf(kind: string): string[] }).supportedValuesOf('timeZone')
  } catch {
    return ['UTC']
  }
})()

function JsonField(props: {
  id: string
  describedBy?: string
  label: string
  value: unknown
  onChange(value: unknown): void
  minHeight?: number
  language?: 'json' | 'javascript'
  invalid?: boolean
}) {
  const [text, setText] = useState(() =>
    props.language === 'javascript' ? String(props.value ?? '') : jsonText(props.value)
  )
  const [error, setError] = useState<string | null>(null)
  return (
    <>
      <JsonEditor
        id={props.id}
        describedBy={props.describedBy}
        label={props.label}
        language={props.language}
        value={text}
        minHeight={props.minHeight ?? 100}
        maxHeight={props.language === 'javascript' ? 460 : 300}
        invalid={props.invalid || !!error}
        onChange={(t) => {
          setText(t)
          if (props.language === 'javascript') return props.onChange(t === '' ? undefined : t)
          const parsed = parseJson(t)
          if (parsed.error) return setError(parsed.error)
          setError(null)
          props.onChange(parsed.value)
        }}
      />
      {error && (
        <div className="field-error" role="alert">
          <AlertCircleIcon size={13} />
          <span>{error}</span>
        </div>
      )}
    </>
  )
}

function placeholderOf(field: ConfigField): string | undefined {
  if (field.defaultValue === undefined) return undefined
  return `Default: ${typeof field.defaultValue === 'string' ? field.defaultValue : JSON.stringify(field.defaultValue)}`
}

function hintOf(field: ConfigField): string | undefined {
  const range = field.minimum !== undefined && field.maximum !== undefined ? ` (${field.minimum}–${field.maximum})` : ''
  return field.description ? field.description + range : range || undefined
}

/** One generated control for one config field. */
function ConfigControl(props: {
  field: ConfigField
  node: FlowNode
  nodeKey: string
  ctx: NodePanelContext
  errors: Record<string, string>
  onConfig(config: Record<string, unknown>): void
}) {
  const { field, node, ctx } = props
  const value = valueAt(node.config, field.path)
  const set = (next: unknown) => props.onConfig(setValueAt(node.config, field.path, next))
  const error = props.errors[field.path]
  const label = `${field.label}`

  if (field.control === 'group') {
    return (
      <fieldset className="fieldset">
        <legend>
          {field.label}
          {field.required && <span className="field-required"> *</span>}
        </legend>
        {error && (
          <div className="field-error" role="alert">
            <AlertCircleIcon size={13} />
            <span>{error}</span>
          </div>
        )}
        {field.children?.map((child) => (
          <ConfigControl key={child.path} {...props} field={child} />
        ))}
      </fieldset>
    )
  }
  if (field.control === 'boolean') {
    const effective = value === undefined ? field.defaultValue === true : value === true
    return (
      <div className="field">
        <Switch checked={effective} onChange={(checked) => set(checked)} label={field.label} />
        {hintOf(field) && <div className="field-hint">{hintOf(field)}</div>}
        {error && <div className="field-error">{error}</div>}
      </div>
    )
  }
  return (
    <Field label={label} meta={field.key} hint={hintOf(field)} error={error} required={field.required}>
      {(ids) => {
        const common = controlProps(ids)
        switch (field.control) {
          case 'mapping':
            return (
              <MappingField
                id={ids.id}
                describedBy={ids.describedBy}
                label={field.label}
                fieldKey={field.key}
                value={value}
                onChange={set}
                sample={ctx.sample}
                customerId={ctx.customerId}
                placeholder={placeholderOf(field)}
              />
            )
          case 'expression':
            return (
              <ExpressionField
                id={ids.id}
                describedBy={ids.describedBy}
                label={field.label}
                value={value}
                onChange={set}
                sample={ctx.sample}
                customerId={ctx.customerId}
                condition={field.key === 'filter'}
                invalid={ids.invalid}
              />
            )
          case 'javascript':
            return (
              <JsonField
                id={ids.id}
                describedBy={ids.describedBy}
                label={field.label}
                value={value}
                onChange={set}
                language="javascript"
                minHeight={180}
                invalid={ids.invalid}
              />
            )
          case 'json':
          case 'json-schema':
            return (
              <JsonField
                id={ids.id}
                describedBy={ids.describedBy}
                label={field.label}
                value={value}
                onChange={set}
                invalid={ids.invalid}
              />
            )
          case 'enum':
            return (
              <Select
                {...common}
                value={value === undefined ? '' : String(value)}
                onChange={(e) =>
                  set(e.target.value === '' ? undefined : field.options?.find((o) => String(o) === e.target.value))
                }
              >
                <option value="">
                  {field.defaultValue !== undefined ? `${String(field.defaultValue)} (default)` : 'Choose…'}
                </option>
                {field.options?.map((o) => (
                  <option key={String(o)} value={String(o)}>
                    {String(o)}
                  </option>
                ))}
              </Select>
            )
          case 'integer':
          case 'number':
            return (
              <Input
                {...common}
                type="number"
                min={field.minimum}
                max={field.maximum}
                step={field.control === 'integer' ? 1 : 'any'}
                placeholder={placeholderOf(field)}
                value={value === undefined ? '' : String(value)}
                onChange={(e) => set(e.target.value === '' ? undefined : Number(e.target.value))}
              />
            )
          case 'node-key': {
            const others = Object.keys(ctx.nodes).filter(
              (k) => k !== props.nodeKey && !nodeTypeSpec(ctx.nodes[k].type)?.isTrigger
            )
            return (
              <Select
                {...common}
                value={typeof value === 'string' ? value : ''}
                onChange={(e) => set(e.target.value || undefined)}
              >
                <option value="">Choose a node…</option>
                {others.map((k) => (
                  <option key={k} value={k}>
                    {ctx.nodes[k].name ? `${ctx.nodes[k].name} (${k})` : k}
                  </option>
                ))}
              </Select>
            )
          }
          case 'timezone':
            return (
              <Select
                {...common}
                value={typeof value === 'string' ? value : ''}
                onChange={(e) => set(e.target.value || undefined)}
              >
                <option value="">This computer’s time zone</option>
                {TIME_ZONES.map((z) => (
                  <option key={z} value={z}>
                    {z}
                  </option>
                ))}
              </Select>
            )
          case 'action-selector': {
            const current =
              value && typeof value === 'object'
                ? ((value as { key?: string; id?: string }).key ?? (value as { id?: string }).id)
                : undefined
            return (
              <Select
                {...common}
                value={current ?? ''}
                onChange={(e) => set(e.target.value ? { key: e.target.value } : undefined)}
              >
                <option value="">{ctx.actions.length ? 'Choose an action…' : 'No action templates yet'}</option>
                {ctx.actions.map((a) => (
                  <option key={a.id} value={a.key}>
                    {a.name} ({a.key})
                  </option>
                ))}
              </Select>
            )
          }
          case 'integration':
            return (
              <Select
                {...common}
                value={typeof value === 'string' ? value : ''}
                onChange={(e) => set(e.target.value || undefined)}
              >
                <option value="">
                  {ctx.integrationKey
                    ? `The flow's own connection (${ctx.integrationKey})`
                    : "The flow's own connection"}
                </option>
                {ctx.integrations.map((i) => (
                  <option key={i.key} value={i.key}>
                    {i.name} ({i.key})
                  </option>
                ))}
              </Select>
            )
          case 'data-source': {
            const collection =
              value && typeof value === 'object' ? (value as { collectionKey?: string }).collectionKey : undefined
            const listId = `${ids.id}-collections`
            const through =
              (typeof node.config?.integrationKey === 'string' ? node.config.integrationKey : undefined) ??
              ctx.integrationKey
            const integration = ctx.integrations.find((i) => i.key === through)
            const collections = integration
              ? integration.collections
              : [...new Set(ctx.integrations.flatMap((i) => i.collections))]
            if (collections.length)
              // a picker of the collections the connection's app has (a stored key it lacks stays listed)
              return (
                <Select
                  {...common}
                  value={collection ?? ''}
                  onChange={(e) => set(e.target.value ? { collectionKey: e.target.value } : undefined)}
                >
                  <option value="">Choose a collection…</option>
                  {[...collections, ...(collection && !collections.includes(collection) ? [collection] : [])].map(
                    (c) => (
                      <option key={c} value={c}>
                        {c}
                        {collections.includes(c) ? '' : ' (not in this app)'}
                      </option>
                    )
                  )}
                </Select>
              )
            return (
              <>
                <Input
                  {...common}
                  mono
                  list={listId}
                  placeholder="contacts"
                  value={collection ?? ''}
                  onChange={(e) => {
                    // Keep a data source key (dataSource.key) the node names beside the collection.
                    const { collectionKey: _old, ...rest } = (
                      value && typeof value === 'object' ? value : {}
                    ) as Record<string, unknown>
                    const next = e.target.value ? { ...rest, collectionKey: e.target.value } : rest
                    set(Object.keys(next).length ? next : undefined)
                  }}
                />
                <datalist id={listId}>
                  {collections.map((c) => (
                    <option key={c} value={c} />
                  ))}
                </datalist>
              </>
            )
          }
          case 'cron':
            return (
              <Input
                {...common}
                mono
                placeholder="0 9 * * 1-5"
                value={typeof value === 'string' ? value : ''}
                onChange={(e) => set(e.target.value || undefined)}
              />
            )
          default:
            return (
              <Input
                {...common}
                placeholder={placeholderOf(field)}
                value={value === undefined ? '' : String(value)}
                onChange={(e) => set(e.target.value === '' ? undefined : e.target.value)}
              />
            )
        }
      }}
    </Field>
  )
}

function KeyField(props: { nodeKey: string; onRename(key: string): string | undefined; readOnly?: boolean }) {
  const [text, setText] = useState(props.nodeKey)
  const [error, setError] = useState<string | null>(null)
  const commit = () => {
    if (text === props.nodeKey) return setError(null)
    if (!NODE_KEY.test(text)) return setError('Use letters, digits, "_" and "-" (1 to 100 characters).')
    const refused = props.onRename(text)
    setError(refused ?? null)
  }
  return (
    <Field label="Key" hint="Later nodes read this node's output as input.<key>." error={error}>
      {(ids) => (
        <Input
          {...controlProps(ids)}
          mono
          value={text}
          readOnly={props.readOnly}
          onChange={(e) => setText(e.target.value)}
          onBlur={commit}
          onKeyDown={(e) => e.key === 'Enter' && (e.preventDefault(), commit())}
        />
      )}
    </Field>
  )
}

type PanelTab = 'settings' | 'run'

/**
 * The selected node's side panel: its settings as a form generated from the node type's config
 * schema (with the engine's problems inline and formula previews), its links, and what it did in
 * the last run.
 */
export function NodePanel(props: {
  nodeKey: string
  node: FlowNode
  ctx: NodePanelContext
  errors: Record<string, string>
  initialTab?: PanelTab
  onChange(node: FlowNode): void
  onRename(key: string): string | undefined
  onDelete(): void
  onClose(): void
}) {
  const { node, ctx, nodeKey } = props
  const spec = nodeTypeSpec(node.type)
  const Icon = iconOf(node.type)
  const fields = useMemo(() => configFields(spec?.configSchema), [spec])
  const [tab, setTab] = useState<PanelTab>(props.initialTab ?? 'settings')
  const onConfig = (config: Record<string, unknown>) => props.onChange({ ...node, config })
  const links = node.links ?? []
  const nodeLevel = props.errors['']
  const ro = !!ctx.readOnly

  return (
    <aside className="node-panel" aria-label={`Node ${nodeKey}`}>
      <header className="node-panel-head">
        <span className={`flow-node-icon flow-node-${spec ? groupOf(spec) : 'logic'}`} aria-hidden="true">
          <Icon size={15} />
        </span>
        <div className="cell-stack" style={{ flex: 1 }}>
          <h2 className="truncate">{node.name || spec?.name || node.type}</h2>
          <span className="subtle truncate" style={{ fontSize: 'var(--text-xs)' }}>
            {node.name && node.name !== spec?.name ? `${spec?.name ?? node.type} · ` : ''}
            <span className="mono">{nodeKey}</span>
          </span>
        </div>
        <Button
          size="sm"
          variant="ghost"
          iconOnly
          aria-label="Close the node panel"
          icon={<XIcon size={14} />}
          onClick={props.onClose}
        />
      </header>
      <Tabs<PanelTab>
        label="Node panel"
        idPrefix={`panel-${nodeKey}`}
        value={tab}
        onChange={setTab}
        items={[
          {
            value: 'settings',
            label: 'Settings',
            extra: Object.keys(props.errors).length ? (
              <span className="tab-count tab-count-danger">{Object.keys(props.errors).length}</span>
            ) : undefined
          },
          { value: 'run', label: 'Last run', disabled: !ctx.runs }
        ]}
      />
      <div className="node-panel-body" role="tabpanel" aria-labelledby={`panel-${nodeKey}-tab-${tab}`}>
        {tab === 'run' && ctx.runs ? (
          <NodeRunDetails runs={ctx.runs} nodeKey={nodeKey} idPrefix={`panel-run-${nodeKey}`} />
        ) : (
          <>
            {spec ? (
              <p className="muted node-panel-desc">{spec.description}</p>
            ) : (
              <Callout tone="danger" icon={<AlertCircleIcon />} title="Unknown node type">
                This engine does not run “{node.type}”. Replace the node with one from the palette.
              </Callout>
            )}
            {nodeLevel && (
              <Callout tone="danger" icon={<AlertCircleIcon />} role="alert">
                {nodeLevel}
              </Callout>
            )}
            <Field label="Name">
              {(ids) => (
                <Input
                  id={ids.id}
                  value={node.name ?? ''}
                  placeholder={spec?.name}
                  readOnly={ro}
                  onChange={(e) => props.onChange({ ...node, name: e.target.value || undefined })}
                />
              )}
            </Field>
            <KeyField key={nodeKey} nodeKey={nodeKey} onRename={props.onRename} readOnly={ro} />
            {fields.length > 0 && (
              <div className="stack" aria-label="Configuration">
                {fields.map((field) => (
                  <ConfigControl
                    key={`${nodeKey}:${field.path}`}
                    field={field}
                    node={node}
                    nodeKey={nodeKey}
                    ctx={ctx}
                    errors={props.errors}
                    onConfig={onConfig}
                  />
                ))}
              </div>
            )}
            {links.length > 0 && (
              <section className="stack-sm" aria-label="Links">
                <h3>Then go to</h3>
                {links.map((link, i) => (
                  <div key={`${link.key}-${i}`} className="link-row">
                    <div className="row-between">
                      <span className="mono">→ {link.key}</span>
                      <Button
                        size="sm"
                        variant="ghost"
                        iconOnly
                        aria-label={`Remove the link to ${link.key}`}
                        icon={<XIcon size={13} />}
                        onClick={() => props.onChange({ ...node, links: links.filter((_, j) => j !== i) })}
                      />
                    </div>
                    <ExpressionField
                      id={`${nodeKey}-link-${i}`}
                      label={`Condition of the link to ${link.key}`}
                      value={link.filter}
                      condition
                      sample={ctx.sample}
                      customerId={ctx.customerId}
                      onChange={(filter) =>
                        props.onChange({ ...node, links: links.map((l, j) => (j === i ? { ...l, filter } : l)) })
                      }
                    />
                    <span className="field-hint">
                      Optional: the data goes to “{link.key}” only when this JSONata condition is true.
                    </span>
                  </div>
                ))}
              </section>
            )}
            {!spec?.isTrigger && (
              <Field
                label="When this node fails"
                hint="Continue passes the error on (as error) to the next nodes instead of failing the run."
              >
                {(ids) => (
                  <Select
                    id={ids.id}
                    value={node.onError ?? 'stop'}
                    onChange={(e) =>
                      props.onChange({ ...node, onError: e.target.value === 'continue' ? 'continue' : undefined })
                    }
                  >
                    <option value="stop">Stop and fail the run</option>
                    <option value="continue">Continue with the next nodes</option>
                  </Select>
                )}
              </Field>
            )}
            {spec?.type === 'for-each-v2' && (
              <Field label="Items in parallel" hint="How many items the loop body runs at once (1 to 100).">
                {(ids) => (
                  <Input
                    id={ids.id}
                    type="number"
                    min={1}
                    max={100}
                    value={node.concurrency ?? ''}
                    placeholder="1"
                    onChange={(e) =>
                      props.onChange({ ...node, concurrency: e.target.value ? Number(e.target.value) : undefined })
                    }
                  />
                )}
              </Field>
            )}
            {!ro && (
              <div className="node-panel-foot">
                <Button variant="danger-ghost" size="sm" icon={<TrashIcon size={14} />} onClick={props.onDelete}>
                  Delete node
                </Button>
              </div>
            )}
          </>
        )}
      </div>
    </aside>
  )
}
