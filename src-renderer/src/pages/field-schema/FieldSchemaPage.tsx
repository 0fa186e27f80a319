import { useEffect, useMemo, useState } from 'react'
import type { FieldSchemaCheck } from '@contract/console-api'
import type { FieldSchema } from '@contract/workspace'
import { messageOf } from '../../api/console-client'
import { hrefOf } from '../../app/routes'
import {
  blankDefinition,
  FIELD_TYPES,
  ITEM_TYPES,
  modelProblems,
  modelToSchema,
  schemaToModel,
  STRING_FORMATS,
  type FieldDefinition,
  type FieldType,
  type SchemaModel
} from '../../features/fields/field-schema-model'
import { FieldControls, useFieldsForm } from '../../features/fields/FieldsForm'
import { countOf } from '../../format/plural'
import { formatCount } from '../../format/time'
import { useChangeVersion } from '../../store/live-slice'
import { useApi, useConsole } from '../../store/store'
import { Button } from '../../ui/button'
import { Badge, Callout, Card } from '../../ui/card'
import { Input, Segmented, Select } from '../../ui/controls'
import { ConfirmDialog } from '../../ui/dialog'
import { AlertIcon, BracesIcon, CheckCircleIcon, PlusIcon, TrashIcon } from '../../ui/icons'
import { JsonEditor } from '../../ui/json-editor'
import { PageHeader } from '../../ui/page-header'
import { EmptyState, Loading, SkeletonRows } from '../../ui/states'

const EMPTY_SCHEMA: FieldSchema = { type: 'object', properties: {} }

function canonical(schema: FieldSchema | null | undefined): string {
  return JSON.stringify(schema ?? EMPTY_SCHEMA)
}

/** Comma-separated allowed values, typed freely and committed as a list. */
function EnumInput(props: { values: string[]; onChange(values: string[]): void; label: string; numeric: boolean }) {
  const [text, setText] = useState(props.values.join(', '))
  const parsed = (t: string) =>
    t
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)
  useEffect(() => {
    if (parsed(text).join('\u0000') !== props.values.join('\u0000')) setText(props.values.join(', '))
    // only when the values change from outside (the JSON view)
  }, [props.values])
  return (
    <Input
      small
      aria-label={props.label}
      placeholder={props.numeric ? 'Allowed values: 1, 2, 3' : 'Allowed values: a, b, c'}
      value={text}
      onChange={(e) => {
        setText(e.target.value)
        props.onChange(parsed(e.target.value))
      }}
    />
  )
}

function FieldRow(props: {
  def: FieldDefinition
  index: number
  problem?: string
  onChange(def: FieldDefinition): void
  onRemove(): void
}) {
  const { def, index } = props
  const n = index + 1
  const set = (changes: Partial<FieldDefinition>) => props.onChange({ ...def, ...changes })
  const retype = (type: FieldType) => {
    if (type === def.type) return
    if (def.type === 'custom') set({ type, extra: {}, format: '', enumValues: [] })
    else if (type === 'custom') set({ type, extra: { type: def.type } })
    else
      set({
        type,
        format: type === 'string' ? def.format : '',
        enumValues: type === 'string' || type === 'number' || type === 'integer' ? def.enumValues : []
      })
  }
  return (
    <>
      <tr data-field-row={def.key}>
        <td style={{ width: '19%' }}>
          <Input
            small
            mono
            aria-label={`Key of field ${n}`}
            aria-invalid={!!props.problem || undefined}
            value={def.key}
            onChange={(e) => set({ key: e.target.value })}
            spellCheck={false}
          />
        </td>
        <td style={{ width: '19%' }}>
          <Input
            small
            aria-label={`Title of field ${n}`}
            placeholder="Shown as the label"
            value={def.title}
            onChange={(e) => set({ title: e.target.value })}
          />
        </td>
        <td style={{ width: 150 }}>
          <Select
            small
            aria-label={`Type of field ${n}`}
            value={def.type}
            onChange={(e) => retype(e.target.value as FieldType)}
          >
            {FIELD_TYPES.map((t) => (
              <option key={t.value} value={t.value}>
                {t.label}
              </option>
            ))}
          </Select>
        </td>
        <td>
          {def.type === 'string' && (
            <div className="row" style={{ gap: 6 }}>
              <Select
                small
                aria-label={`Format of field ${n}`}
                value={def.format}
                onChange={(e) => set({ format: e.target.value })}
                style={{ width: 140, flex: 'none' }}
              >
                {STRING_FORMATS.map((f) => (
                  <option key={f.value} value={f.value}>
                    {f.label}
                  </option>
                ))}
              </Select>
              <EnumInput
                label={`Allowed values of field ${n}`}
                values={def.enumValues}
                numeric={false}
                onChange={(enumValues) => set({ enumValues })}
              />
            </div>
          )}
          {(def.type === 'number' || def.type === 'integer') && (
            <EnumInput
              label={`Allowed values of field ${n}`}
              values={def.enumValues}
              numeric
              onChange={(enumValues) => set({ enumValues })}
            />
          )}
          {def.type === 'array' && (
            <Select
              small
              aria-label={`Item type of field ${n}`}
              value={def.itemsType}
              onChange={(e) => set({ itemsType: e.target.value as FieldType })}
              style={{ width: 160 }}
            >
              {ITEM_TYPES.map((t) => (
                <option key={t} value={t}>
                  List of {FIELD_TYPES.find((x) => x.value === t)!.label.toLowerCase()}
                </option>
              ))}
            </Select>
          )}
          {(def.type === 'object' || def.type === 'custom') && (
            <span className="subtle" style={{ fontSize: 'var(--text-sm)' }}>
              Edit details in the JSON view
            </span>
          )}
          {def.type === 'boolean' && (
            <span className="subtle" style={{ fontSize: 'var(--text-sm)' }}>
              —
            </span>
          )}
        </td>
        <td style={{ width: 84, textAlign: 'center' }}>
          <input
            type="checkbox"
            aria-label={`Field ${n} is required`}
            checked={def.required}
            onChange={(e) => set({ required: e.target.checked })}
            style={{ accentColor: 'var(--accent)', width: 15, height: 15 }}
          />
        </td>
        <td style={{ width: 44 }}>
          <Button
            size="sm"
            variant="ghost"
            iconOnly
            icon={<TrashIcon size={14} />}
            aria-label={`Remove field ${def.key || n}`}
            onClick={props.onRemove}
          />
        </td>
      </tr>
      {props.problem && (
        <tr>
          <td colSpan={6} style={{ paddingTop: 0 }}>
            <div className="field-error" role="alert">
              <AlertIcon size={13} /> {props.problem}
            </div>
          </td>
        </tr>
      )}
    </>
  )
}

function ImpactCard(props: {
  check: FieldSchemaCheck | null
  checking: boolean
  dirty: boolean
  error: string | null
  blocked: boolean
}) {
  const { check } = props
  let body
  if (props.error)
    body = (
      <Callout tone="danger" icon={<AlertIcon />} title="Could not check customers">
        {props.error}
      </Callout>
    )
  else if (props.blocked)
    body = <p className="muted">Fix the problems in the schema, then every customer is checked against it.</p>
  else if (!check || (props.checking && !check)) body = <Loading label="Checking customers…" />
  else if (check.schemaErrors.length) {
    body = (
      <Callout tone="danger" icon={<AlertIcon />} title="This is not a valid field schema">
        <ul style={{ margin: 0, paddingLeft: 18 }}>
          {check.schemaErrors.map((e) => (
            <li key={e.path + e.message}>{e.message}</li>
          ))}
        </ul>
      </Callout>
    )
  } else if (!check.invalidCount) {
    body = (
      <Callout
        tone="success"
        icon={<CheckCircleIcon />}
        title={props.dirty ? 'No customer becomes invalid' : 'Every customer matches'}
      >
        {check.checkedCount === 1
          ? 'The only customer matches'
          : `All ${countOf(check.checkedCount, 'customer')} match`}{' '}
        {props.dirty ? 'the edited' : 'this'} schema.
      </Callout>
    )
  } else {
    body = (
      <div className="stack-sm">
        <Callout
          tone="warning"
          icon={<AlertIcon />}
          title={`${formatCount(check.invalidCount)} of ${countOf(check.checkedCount, 'customer')} would not match`}
        >
          Their values are kept, but saving their fields will need fixing first.
        </Callout>
        <ul
          className="stack-sm"
          style={{ listStyle: 'none', margin: 0, padding: 0 }}
          aria-label="Customers that would not match"
        >
          {check.problems.map((p) => (
            <li
              key={p.customer.id}
              className="stack-sm"
              style={{ gap: 2, paddingBottom: 8, borderBottom: '1px solid var(--border)' }}
            >
              <a href={hrefOf({ name: 'customer', id: p.customer.id })} className="cell-title">
                {p.customer.name}{' '}
                <span className="subtle mono" style={{ fontSize: 'var(--text-xs)' }}>
                  {p.customer.internalId}
                </span>
              </a>
              {p.errors.slice(0, 2).map((e) => (
                <span key={e.path} className="field-error" style={{ fontSize: 'var(--text-xs)' }}>
                  {e.message}
                </span>
              ))}
            </li>
          ))}
          {check.invalidCount > check.problems.length && (
            <li className="subtle">and {formatCount(check.invalidCount - check.problems.length)} more…</li>
          )}
        </ul>
      </div>
    )
  }
  return (
    <Card
      title="Impact on customers"
      description="Checked against every customer before you save."
      actions={props.checking && check ? <span className="spinner subtle" aria-label="Checking again" /> : undefined}
    >
      <div aria-live="polite">{body}</div>
    </Card>
  )
}

/** A form generated from the draft, to see what customer pages will show. */
function FormPreview(props: { schema: FieldSchema }) {
  const state = useFieldsForm(props.schema, {})
  if (!state.form.length) return null
  return (
    <Card title="Form preview" description="What the customer and test customer pages will show.">
      <FieldControls state={state} />
    </Card>
  )
}

/**
 * The field schema editor: a table of fields (add, rename, retype, remove) and a JSON view of the
 * same draft, kept in sync; every edit is checked against all customers before saving.
 */
export function FieldSchemaPage() {
  const api = useApi()
  const workspace = useConsole((s) => s.workspace)
  const setWorkspace = useConsole((s) => s.setWorkspace)
  const notify = useConsole((s) => s.notify)
  const saved = workspace?.userFieldsSchema
  const [model, setModel] = useState<SchemaModel>(() => schemaToModel(saved))
  const [view, setView] = useState<'table' | 'json'>('table')
  const [jsonText, setJsonText] = useState(() => JSON.stringify(saved ?? EMPTY_SCHEMA, null, 2))
  const [jsonError, setJsonError] = useState<string | null>(null)
  const [check, setCheck] = useState<FieldSchemaCheck | null>(null)
  const [checking, setChecking] = useState(false)
  const [checkError, setCheckError] = useState<string | null>(null)
  const [confirm, setConfirm] = useState(false)
  const [busy, setBusy] = useState(false)
  const [loadedFrom, setLoadedFrom] = useState(workspace)
  // the impact check counts customers: check again when they change
  const customersVersion = useChangeVersion('customers')
  const workspaceVersion = useChangeVersion('workspace')

  if (workspace !== loadedFrom && !busy) {
    // the workspace arrived (or changed elsewhere): start from it
    setLoadedFrom(workspace)
    setModel(schemaToModel(workspace?.userFieldsSchema))
    setJsonText(JSON.stringify(workspace?.userFieldsSchema ?? EMPTY_SCHEMA, null, 2))
    setJsonError(null)
  }

  const problems = useMemo(() => modelProblems(model), [model])
  const draft = useMemo(() => modelToSchema(model), [model])
  const dirty = canonical(draft) !== canonical(saved) || !!jsonError
  const blocked = Object.keys(problems).length > 0 || !!jsonError
  const draftText = canonical(draft)

  useEffect(() => {
    if (blocked) return
    let live = true
    setChecking(true)
    const t = setTimeout(() => {
      api.call('fieldSchema.check', { schema: JSON.parse(draftText) }).then(
        (result) => {
          if (!live) return
          setCheck(result)
          setCheckError(null)
          setChecking(false)
        },
        (e: unknown) => {
          if (!live) return
          setCheckError(messageOf(e))
          setChecking(false)
        }
      )
    }, 350)
    return () => {
      live = false
      clearTimeout(t)
    }
  }, [api, draftText, blocked, customersVersion, workspaceVersion])

  const updateModel = (next: SchemaModel) => {
    setModel(next)
    setJsonText(JSON.stringify(modelToSchema(next), null, 2))
    setJsonError(null)
  }
  const updateField = (uid: string, def: FieldDefinition) =>
    updateModel({ ...model, fields: model.fields.map((f) => (f.uid === uid ? def : f)) })
  const onJson = (text: string) => {
    setJsonText(text)
    try {
      const parsed = JSON.parse(text) as unknown
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
        throw new Error('The schema must be a JSON object such as {"type": "object", "properties": {}}.')
      setModel(schemaToModel(parsed as FieldSchema))
      setJsonError(null)
    } catch (e) {
      setJsonError(messageOf(e))
    }
  }
  const discard = () => {
    setModel(schemaToModel(saved))
    setJsonText(JSON.stringify(saved ?? EMPTY_SCHEMA, null, 2))
    setJsonError(null)
  }
  const save = async () => {
    setBusy(true)
    try {
      const next = await api.call('fieldSchema.save', { schema: draft })
      setWorkspace(next)
      setLoadedFrom(next)
      setConfirm(false)
      notify({
        kind: 'success',
        title: 'Field schema saved',
        text: `${countOf(model.fields.length, 'field')}. Customer forms follow it now.`
      })
    } catch (e) {
      notify({ kind: 'error', title: 'Field schema not saved', text: messageOf(e) })
    } finally {
      setBusy(false)
    }
  }
  const trySave = () => {
    if (blocked || !dirty) return
    if (check?.schemaErrors.length) {
      notify({ kind: 'error', title: 'Not saved', text: 'Fix the schema problems shown under Impact first.' })
      return
    }
    if (check && check.invalidCount > 0) setConfirm(true)
    else void save()
  }

  if (!workspace) {
    return (
      <div className="page">
        <div className="card">
          <SkeletonRows rows={4} label="Loading the field schema" />
        </div>
      </div>
    )
  }

  return (
    <div className="page">
      <PageHeader
        title="Field schema"
        description="Which fields every customer has: their types, allowed values and which are required. Customer forms are generated from it, and every value is checked against it."
        actions={
          <>
            {dirty && !blocked && check && !checking && !check.schemaErrors.length && (
              <Badge tone={check.invalidCount ? 'warning' : 'success'} dot>
                {check.invalidCount ? `${formatCount(check.invalidCount)} would not match` : 'All customers match'}
              </Badge>
            )}
            <Button variant="ghost" onClick={discard} disabled={!dirty || busy}>
              Discard
            </Button>
            <Button variant="primary" onClick={trySave} busy={busy} disabled={!dirty || blocked}>
              Save schema
            </Button>
          </>
        }
      />
      <div className="stack">
        <Card
          title="Fields"
          description={`${countOf(model.fields.length, 'field')}${dirty ? ' · unsaved changes' : ''}`}
          flush={view === 'table'}
          actions={
            <Segmented<'table' | 'json'>
              label="View"
              value={view}
              onChange={setView}
              options={[
                { value: 'table', label: 'Table' },
                { value: 'json', label: 'JSON' }
              ]}
            />
          }
          footer={
            view === 'table' ? (
              <Button
                icon={<PlusIcon />}
                onClick={() => updateModel({ ...model, fields: [...model.fields, blankDefinition(model.fields)] })}
                style={{ marginRight: 'auto' }}
              >
                Add field
              </Button>
            ) : undefined
          }
        >
          {view === 'table' ? (
            model.fields.length ? (
              <table className="table" aria-label="Fields of the schema">
                <thead>
                  <tr>
                    <th>Key</th>
                    <th>Title</th>
                    <th>Type</th>
                    <th>Format and allowed values</th>
                    <th style={{ textAlign: 'center' }}>Required</th>
                    <th>
                      <span className="visually-hidden">Remove</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {model.fields.map((def, i) => (
                    <FieldRow
                      key={def.uid}
                      def={def}
                      index={i}
                      problem={problems[def.uid]}
                      onChange={(d) => updateField(def.uid, d)}
                      onRemove={() => updateModel({ ...model, fields: model.fields.filter((f) => f.uid !== def.uid) })}
                    />
                  ))}
                </tbody>
              </table>
            ) : (
              <EmptyState icon={<BracesIcon size={20} />} title="No fields yet">
                Add the fields your customers have (plan, region, seats…). Tokens may set them through their fields
                claim, and the console generates forms from them.
              </EmptyState>
            )
          ) : (
            <div className="stack-sm">
              <JsonEditor
                value={jsonText}
                onChange={onJson}
                label="Field schema as JSON"
                invalid={!!jsonError}
                minHeight={320}
              />
              {jsonError ? (
                <div className="field-error" role="alert">
                  <AlertIcon size={13} /> {jsonError}
                </div>
              ) : (
                <span className="field-hint">A JSON Schema object. The table shows the same draft.</span>
              )}
            </div>
          )}
        </Card>
        <div className="grid-impact">
          <ImpactCard check={check} checking={checking} dirty={dirty} error={checkError} blocked={blocked} />
          {!blocked && <FormPreview schema={draft} />}
        </div>
      </div>
      <ConfirmDialog
        open={confirm}
        title="Save a schema some customers do not match?"
        confirmLabel={`Save anyway`}
        busy={busy}
        onConfirm={() => void save()}
        onClose={() => setConfirm(false)}
      >
        {check ? countOf(check.invalidCount, 'customer') : 'Some customers'} will not match the new schema. Their values
        are kept as they are; the next time their fields are saved, the values must be fixed.
      </ConfirmDialog>
    </div>
  )
}
