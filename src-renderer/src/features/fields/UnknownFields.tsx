import { useState } from 'react'
import type { FieldSchema } from '@contract/workspace'
import { messageOf } from '../../api/console-client'
import { useApi, useConsole } from '../../store/store'
import { Button } from '../../ui/button'
import { Callout } from '../../ui/card'
import { Dialog } from '../../ui/dialog'
import { InfoIcon, PlusIcon } from '../../ui/icons'
import { FIELD_TYPES, inferFieldType, schemaWithFields, unknownFieldKeys } from './field-schema-model'
import { countOf } from '../../format/plural'

function preview(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value)
  return text.length > 48 ? text.slice(0, 45) + '…' : text
}

/**
 * Fields a customer has that the schema does not define: not in the form, but kept. Says how many,
 * shows them, and offers to add them to the schema (typed from their values).
 */
export function UnknownFields(props: { schema: FieldSchema | undefined; values: Record<string, unknown> }) {
  const api = useApi()
  const setWorkspace = useConsole((s) => s.setWorkspace)
  const notify = useConsole((s) => s.notify)
  const [open, setOpen] = useState(false)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const keys = unknownFieldKeys(props.schema, props.values)
  if (!keys.length) return null

  const add = async () => {
    setBusy(true)
    setError(null)
    try {
      const workspace = await api.call('fieldSchema.save', {
        schema: schemaWithFields(props.schema, keys, props.values)
      })
      setWorkspace(workspace)
      notify({
        kind: 'success',
        title: `Added ${countOf(keys.length, 'field')} to the schema`,
        text: keys.join(', ')
      })
      setOpen(false)
    } catch (e) {
      setError(messageOf(e))
    } finally {
      setBusy(false)
    }
  }

  const typeLabel = (key: string) => FIELD_TYPES.find((t) => t.value === inferFieldType(props.values[key]))?.label
  return (
    <>
      <Callout
        tone="info"
        icon={<InfoIcon />}
        title={`${countOf(keys.length, 'field')} not in the schema`}
        actions={
          <Button size="sm" icon={<PlusIcon />} onClick={() => setOpen(true)}>
            Add to schema
          </Button>
        }
      >
        <div className="stack-sm" style={{ gap: 6 }}>
          <span className="muted">
            These values are kept as they are, but the form shows only fields the schema defines.
          </span>
          <div className="row" style={{ flexWrap: 'wrap', gap: 6 }} aria-label="Fields not in the schema">
            {keys.map((key) => (
              <span key={key} className="chip" title={`${key}: ${preview(props.values[key])}`}>
                <b>{key}</b> {preview(props.values[key])}
              </span>
            ))}
          </div>
        </div>
      </Callout>
      <Dialog
        open={open}
        title="Add these fields to the schema?"
        description="Each gets a type that fits its current value; rename or retype them later in the field schema editor."
        onClose={() => setOpen(false)}
        onSubmit={add}
        footer={
          <>
            <Button onClick={() => setOpen(false)}>Cancel</Button>
            <Button type="submit" variant="primary" busy={busy}>
              Add {countOf(keys.length, 'field')}
            </Button>
          </>
        }
      >
        <table className="table table-compact">
          <thead>
            <tr>
              <th>Key</th>
              <th>Type</th>
              <th>Current value</th>
            </tr>
          </thead>
          <tbody>
            {keys.map((key) => (
              <tr key={key}>
                <td className="mono">{key}</td>
                <td>{typeLabel(key)}</td>
                <td className="muted truncate" style={{ maxWidth: 240 }}>
                  {preview(props.values[key])}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {error && (
          <div className="field-error" role="alert">
            {error}
          </div>
        )}
      </Dialog>
    </>
  )
}
