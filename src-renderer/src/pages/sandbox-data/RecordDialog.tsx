import { useMemo, useState } from 'react'
import type { SandboxAppKey, SandboxRecordView } from '@contract/sandbox'
import { ConsoleCallError, messageOf } from '../../api/console-client'
import { useLoaded } from '../../api/use-loaded'
import { placeErrors } from '../../features/fields/field-form-model'
import { FieldControls, useFieldsForm } from '../../features/fields/FieldsForm'
import { fromNow } from '../../format/time'
import { useApi, useConsole } from '../../store/store'
import { Button } from '../../ui/button'
import { ConfirmDialog, Dialog } from '../../ui/dialog'
import { TrashIcon } from '../../ui/icons'
import { ErrorState, Loading } from '../../ui/states'
import { changesOf, formSchema, singular } from './record-model'

interface Where {
  app: SandboxAppKey
  accountId: string
  collection: { key: string; name: string }
  /** The collection's schema for this account. */
  schema: Record<string, unknown>
}

/** Opens one record (or a new one) in a form generated from the collection's schema. */
export function RecordDialog(
  props: Where & {
    recordId?: string
    onClose(): void
    onSaved(record: SandboxRecordView): void
    onDeleted(): void
  }
) {
  const api = useApi()
  const { app, accountId, collection, recordId } = props
  const loaded = useLoaded(
    () =>
      recordId
        ? api.call('sandboxData.get', { app, accountId, collection: collection.key, id: recordId })
        : Promise.resolve(null),
    [api, app, accountId, collection.key, recordId]
  )
  const noun = singular(collection.key)
  if (recordId && !loaded.data)
    return (
      <Dialog open title={`Open ${noun}`} onClose={props.onClose}>
        {loaded.error ? (
          <ErrorState title={`Could not open this ${noun}`} message={loaded.error} onRetry={loaded.reload} />
        ) : (
          <Loading label={`Loading the ${noun}…`} />
        )}
      </Dialog>
    )
  return <RecordForm {...props} record={loaded.data ?? undefined} />
}

function RecordForm(
  props: Where & {
    record?: SandboxRecordView
    onClose(): void
    onSaved(record: SandboxRecordView): void
    onDeleted(): void
  }
) {
  const api = useApi()
  const notify = useConsole((s) => s.notify)
  const { app, accountId, collection, record } = props
  const schema = useMemo(() => formSchema(props.schema), [props.schema])
  const fields = useFieldsForm(schema, record?.fields ?? {})
  const [problem, setProblem] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [confirmDelete, setConfirmDelete] = useState(false)
  const noun = singular(collection.key)
  const where = { app, accountId, collection: collection.key }

  const save = async () => {
    const values = fields.collect()
    if (!values) return
    setBusy(true)
    setProblem(null)
    try {
      const saved = record
        ? await api.call('sandboxData.update', {
            ...where,
            id: record.id,
            fields: changesOf(props.schema, record.fields, values)
          })
        : await api.call('sandboxData.create', { ...where, fields: values })
      fields.reset(saved.fields)
      notify({
        kind: 'success',
        title: record ? `Saved ${saved.name ?? saved.id}` : `Created ${noun} ${saved.name ?? saved.id}`,
        text: 'The app sent its record webhooks.'
      })
      props.onSaved(saved)
    } catch (error) {
      if (error instanceof ConsoleCallError && error.details.length) {
        const placed = placeErrors(error.details, fields.form)
        fields.setErrors(placed.byPath)
        setProblem(placed.rest.join(' ') || null)
      } else setProblem(messageOf(error))
    } finally {
      setBusy(false)
    }
  }

  const remove = async () => {
    if (!record) return
    setBusy(true)
    try {
      await api.call('sandboxData.delete', { ...where, id: record.id })
      notify({
        kind: 'success',
        title: `Deleted ${record.name ?? record.id}`,
        text: 'The app sent its record webhooks.'
      })
      setConfirmDelete(false)
      props.onDeleted()
    } catch (error) {
      setConfirmDelete(false)
      setProblem(messageOf(error))
    } finally {
      setBusy(false)
    }
  }

  return (
    <>
      <Dialog
        open
        wide
        title={record ? (record.name ?? record.id) : `New ${noun}`}
        description={
          record ? (
            <>
              <span className="mono">{record.id}</span> · created {fromNow(record.createdAt)} · updated{' '}
              {fromNow(record.updatedAt)}
            </>
          ) : (
            `Checked by ${app === 'crm' ? 'Sandbox CRM' : 'Sandbox Helpdesk'} as its API checks it; saving sends the ${collection.key}.created webhook.`
          )
        }
        onClose={props.onClose}
        onSubmit={() => void save()}
        footer={
          <>
            {record && (
              <Button
                variant="danger-ghost"
                icon={<TrashIcon />}
                onClick={() => setConfirmDelete(true)}
                style={{ marginRight: 'auto' }}
              >
                Delete
              </Button>
            )}
            <Button onClick={props.onClose}>{record && !fields.dirty ? 'Close' : 'Cancel'}</Button>
            <Button type="submit" variant="primary" busy={busy} disabled={!!record && !fields.dirty}>
              {record ? 'Save changes' : `Create ${noun}`}
            </Button>
          </>
        }
      >
        {problem && (
          <div className="field-error" role="alert">
            {problem}
          </div>
        )}
        <FieldControls state={fields} />
      </Dialog>
      <ConfirmDialog
        open={confirmDelete}
        title={`Delete ${record?.name ?? 'this record'}?`}
        confirmLabel={`Delete ${noun}`}
        danger
        busy={busy}
        onConfirm={() => void remove()}
        onClose={() => setConfirmDelete(false)}
      >
        The {noun} is removed from the app and its {collection.key}.deleted webhook goes out. This cannot be undone.
      </ConfirmDialog>
    </>
  )
}
