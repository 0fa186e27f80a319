import { useState } from 'react'
import type { ActionDto } from '@contract/actions'
import { useApi, useConsole } from '../../store/store'
import { Button } from '../../ui/button'
import { Checkbox, Input, Select } from '../../ui/controls'
import { Dialog, FormDialog } from '../../ui/dialog'
import { controlProps, Field } from '../../ui/field'
import { PlusIcon, TrashIcon } from '../../ui/icons'
import { placeEngineErrors, type FormErrors } from './integration-form-errors'
import { ELEMENT_KEY } from './NewHttpIntegrationDialog'

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const
const TYPES = [
  { value: 'string', label: 'Text' },
  { value: 'number', label: 'Number' },
  { value: 'integer', label: 'Whole number' },
  { value: 'boolean', label: 'Yes / no' }
] as const
const INPUT_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,99}$/

type FieldName = 'key' | 'name' | 'method' | 'path' | 'inputs'
interface InputRow {
  id: number
  name: string
  type: (typeof TYPES)[number]['value']
  required: boolean
}

/** What the action sends: the input as the query of a GET or DELETE, as the JSON body otherwise. */
function requestConfig(method: string, path: string, hasInput: boolean): Record<string, unknown> {
  const request: Record<string, unknown> = { method, path }
  if (hasInput) request[method === 'GET' || method === 'DELETE' ? 'query' : 'body'] = { $var: 'input' }
  return { request }
}

/** The input schema the rows describe (an object of named, typed fields). */
function inputSchema(rows: InputRow[]): Record<string, unknown> {
  return {
    type: 'object',
    additionalProperties: false,
    properties: Object.fromEntries(rows.map((r) => [r.name.trim(), { type: r.type }])),
    ...(rows.some((r) => r.required) ? { required: rows.filter((r) => r.required).map((r) => r.name.trim()) } : {})
  }
}

/**
 * Creates an action of an HTTP integration: one request (method and path, relative to the
 * integration's base URL) through a customer's connection, with its input described as fields.
 */
export function NewActionDialog(props: {
  integration: { key: string; name: string } | null
  onClose(): void
  onCreated(a: ActionDto): void
}) {
  return props.integration ? (
    <NewActionForm {...props} integration={props.integration} />
  ) : (
    <Dialog open={false} title="" onClose={props.onClose} />
  )
}

function NewActionForm(props: {
  integration: { key: string; name: string }
  onClose(): void
  onCreated(a: ActionDto): void
}) {
  const api = useApi()
  const notify = useConsole((s) => s.notify)
  const [key, setKey] = useState('')
  const [name, setName] = useState('')
  const [method, setMethod] = useState<string>('GET')
  const [path, setPath] = useState('')
  const [rows, setRows] = useState<InputRow[]>([])
  const [nextId, setNextId] = useState(1)
  // a field added from the keyboard is where typing goes next
  const [added, setAdded] = useState<number | null>(null)
  const [errors, setErrors] = useState<FormErrors<FieldName>>({ fields: {} })
  const [rowErrors, setRowErrors] = useState<Record<number, string>>({})
  const [busy, setBusy] = useState(false)

  // editing a field takes its error away: what is shown is about what is there
  const edit = (field: FieldName, setter: (value: string) => void, value: string) => {
    setter(value)
    setErrors((all) => ({ ...all, fields: { ...all.fields, [field]: undefined } }))
  }
  const update = (id: number, change: Partial<InputRow>) => {
    setRows((all) => all.map((r) => (r.id === id ? { ...r, ...change } : r)))
    if (change.name !== undefined) setRowErrors(({ [id]: _gone, ...rest }) => rest)
  }

  const submit = async () => {
    const fields: FormErrors<FieldName>['fields'] = {}
    if (!name.trim()) fields.name = 'Give the action a name.'
    if (!key.trim()) fields.key = 'Give the action a key.'
    else if (!ELEMENT_KEY.test(key.trim()))
      fields.key = 'Use letters, digits, "-", "_" or "." (starting with a letter or digit), at most 100.'
    if (!path.trim()) fields.path = 'Say which path to call, e.g. /invoices.'
    else if (!path.trim().startsWith('/')) fields.path = 'Start the path with "/"; it is relative to the base URL.'
    const byRow: Record<number, string> = {}
    const seen = new Set<string>()
    for (const row of rows) {
      const n = row.name.trim()
      if (!n) byRow[row.id] = 'Name the field.'
      else if (!INPUT_NAME.test(n)) byRow[row.id] = 'Use letters, digits and "_", not starting with a digit.'
      else if (seen.has(n)) byRow[row.id] = `There is already a field "${n}".`
      seen.add(n)
    }
    setErrors({ fields })
    setRowErrors(byRow)
    if (Object.keys(fields).length || Object.keys(byRow).length) return
    setBusy(true)
    try {
      const made = await api.call('actions.create', {
        key: key.trim(),
        name: name.trim(),
        integrationKey: props.integration.key,
        type: 'api-request-to-external-app',
        config: requestConfig(method, path.trim(), rows.length > 0),
        inputSchema: inputSchema(rows)
      })
      notify({ kind: 'success', title: `Created ${made.name}` })
      props.onCreated(made)
    } catch (error) {
      setErrors(
        placeEngineErrors<FieldName>(error, (p) => {
          const at = p.replace(/^body\./, '')
          if (at === 'key' || at === 'name') return at
          if (at.startsWith('config.request.path')) return 'path'
          if (at.startsWith('config.request.method')) return 'method'
          if (at.startsWith('inputSchema')) return 'inputs'
          return undefined
        })
      )
    } finally {
      setBusy(false)
    }
  }

  return (
    <FormDialog
      wide
      title={`New action of ${props.integration.name}`}
      description="One request through a customer's connection, with its credentials; the path is relative to the integration's base URL."
      submitLabel="Create action"
      busy={busy}
      formError={errors.form}
      onClose={props.onClose}
      onSubmit={() => void submit()}
    >
      <div className="form-grid">
        <Field label="Name" required error={errors.fields.name}>
          {(ids) => (
            <Input
              {...controlProps(ids)}
              value={name}
              onChange={(e) => edit('name', setName, e.target.value)}
              placeholder="Create invoice"
              autoComplete="off"
            />
          )}
        </Field>
        <Field label="Key" required hint="How flows and the SDK run it." error={errors.fields.key}>
          {(ids) => (
            <Input
              {...controlProps(ids)}
              mono
              value={key}
              onChange={(e) => edit('key', setKey, e.target.value)}
              placeholder="create-invoice"
              autoComplete="off"
              spellCheck={false}
            />
          )}
        </Field>
        <Field label="Method" error={errors.fields.method}>
          {(ids) => (
            <Select {...controlProps(ids)} value={method} onChange={(e) => edit('method', setMethod, e.target.value)}>
              {METHODS.map((m) => (
                <option key={m} value={m}>
                  {m}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <Field label="Path" required error={errors.fields.path}>
          {(ids) => (
            <Input
              {...controlProps(ids)}
              mono
              value={path}
              onChange={(e) => edit('path', setPath, e.target.value)}
              placeholder="/invoices"
              autoComplete="off"
              spellCheck={false}
            />
          )}
        </Field>
      </div>
      <fieldset className="fieldset" aria-describedby="action-input-hint">
        <legend>Input fields</legend>
        <p className="field-hint" id="action-input-hint">
          {method === 'GET' || method === 'DELETE'
            ? 'The fields are sent as query parameters.'
            : 'The fields are sent as the JSON body.'}{' '}
          A run whose input does not fit is refused before any request is made.
        </p>
        {errors.fields.inputs && (
          <div className="field-error" role="alert">
            {errors.fields.inputs}
          </div>
        )}
        {rows.length === 0 && <p className="subtle">No input fields: the action takes no input.</p>}
        {rows.map((row, index) => (
          <div key={row.id} className="input-field-row" role="group" aria-label={`Input field ${index + 1}`}>
            <Field label="Field name" required error={rowErrors[row.id]}>
              {(ids) => (
                <Input
                  {...controlProps(ids)}
                  mono
                  small
                  autoFocus={row.id === added}
                  value={row.name}
                  onChange={(e) => update(row.id, { name: e.target.value })}
                  autoComplete="off"
                  spellCheck={false}
                />
              )}
            </Field>
            <Field label="Type">
              {(ids) => (
                <Select
                  {...controlProps(ids)}
                  small
                  value={row.type}
                  onChange={(e) => update(row.id, { type: e.target.value as InputRow['type'] })}
                >
                  {TYPES.map((t) => (
                    <option key={t.value} value={t.value}>
                      {t.label}
                    </option>
                  ))}
                </Select>
              )}
            </Field>
            <Checkbox label="Required" checked={row.required} onChange={(required) => update(row.id, { required })} />
            <Button
              size="sm"
              variant="danger-ghost"
              iconOnly
              icon={<TrashIcon />}
              aria-label={`Remove input field ${index + 1}`}
              onClick={() => setRows((all) => all.filter((r) => r.id !== row.id))}
            />
          </div>
        ))}
        <Button
          size="sm"
          className="input-field-add"
          icon={<PlusIcon />}
          onClick={() => {
            setRows((all) => [...all, { id: nextId, name: '', type: 'string', required: false }])
            setAdded(nextId)
            setNextId((n) => n + 1)
          }}
        >
          Add input field
        </Button>
      </fieldset>
    </FormDialog>
  )
}
