import { useState } from 'react'
import type { CustomerDto } from '@contract/customers'
import { ConsoleCallError, messageOf } from '../../api/console-client'
import { hrefOf } from '../../app/routes'
import { placeErrors } from '../../features/fields/field-form-model'
import { FieldControls, useFieldsForm } from '../../features/fields/FieldsForm'
import { UnknownFields } from '../../features/fields/UnknownFields'
import { useConsole } from '../../store/store'
import { selectFieldSchema } from '../../store/workspace-slice'
import { Button } from '../../ui/button'
import { Callout, Card } from '../../ui/card'
import { Input } from '../../ui/controls'
import { controlProps, Field } from '../../ui/field'
import { AlertIcon, BracesIcon } from '../../ui/icons'
import { EmptyState } from '../../ui/states'

/** What the editor saves: name, internal id and the full fields object (unknown fields included). */
export interface CustomerChanges {
  name: string
  internalId: string
  fields: Record<string, unknown>
}

/**
 * Edits a customer's name, internal id and fields (a form generated from the field schema). Values
 * are checked as you type where the console can tell, and by the engine on save; either way the
 * problem is shown next to the field and nothing is saved.
 */
export function CustomerEditor(props: {
  customer: CustomerDto
  save(changes: CustomerChanges): Promise<CustomerDto>
  onSaved(customer: CustomerDto): void
  disabledReason?: string
}) {
  const { customer } = props
  const schema = useConsole(selectFieldSchema)
  const workspaceLoaded = useConsole((s) => s.workspace !== null)
  const notify = useConsole((s) => s.notify)
  const fields = useFieldsForm(schema, customer.fields)
  const [name, setName] = useState(customer.name)
  const [internalId, setInternalId] = useState(customer.internalId)
  const [errors, setErrors] = useState<{ name?: string; internalId?: string; form?: string }>({})
  const [busy, setBusy] = useState(false)
  const dirty = fields.dirty || name !== customer.name || internalId !== customer.internalId
  const [shown, setShown] = useState(customer)
  if (shown !== customer) {
    // the customer changed elsewhere (REST, import): show it, unless the person is editing
    setShown(customer)
    if (!fields.dirty && name === shown.name && internalId === shown.internalId) {
      setName(customer.name)
      setInternalId(customer.internalId)
      fields.reset(customer.fields)
    }
  }
  const disabled = !!props.disabledReason

  const discard = () => {
    setName(customer.name)
    setInternalId(customer.internalId)
    setErrors({})
    fields.reset(customer.fields)
  }

  const submit = async () => {
    const problems: typeof errors = {}
    if (!name.trim()) problems.name = 'The name cannot be empty.'
    if (!internalId.trim()) problems.internalId = 'The internal id cannot be empty: it is the id your tokens carry.'
    const values = fields.collect()
    setErrors(problems)
    if (problems.name || problems.internalId || !values) {
      notify({ kind: 'error', title: 'Not saved', text: 'Fix the highlighted fields first.' })
      return
    }
    setBusy(true)
    try {
      const saved = await props.save({ name: name.trim(), internalId: internalId.trim(), fields: values })
      fields.reset(saved.fields)
      setName(saved.name)
      setInternalId(saved.internalId)
      props.onSaved(saved)
      notify({ kind: 'success', title: 'Saved', text: `${saved.name} is up to date.` })
    } catch (error) {
      if (error instanceof ConsoleCallError && error.body.key === 'already_exists') {
        setErrors({ internalId: error.message })
      } else if (error instanceof ConsoleCallError && error.details.length) {
        const placed = placeErrors(error.details, fields.form)
        fields.setErrors(placed.byPath)
        const own = {
          name: error.details.find((d) => d.path === 'name')?.message,
          internalId: error.details.find((d) => d.path === 'internalId')?.message
        }
        const rest = placed.rest.filter((m) => m !== own.name && m !== own.internalId)
        setErrors({ ...own, form: rest.length ? rest.join(' ') : undefined })
      } else {
        setErrors({ form: messageOf(error) })
      }
      notify({
        kind: 'error',
        title: 'Not saved',
        text:
          error instanceof ConsoleCallError && error.details.length
            ? 'The engine refused some values; see the fields.'
            : messageOf(error)
      })
    } finally {
      setBusy(false)
    }
  }

  return (
    <form
      className="stack"
      noValidate
      aria-label="Customer"
      onSubmit={(e) => {
        e.preventDefault()
        void submit()
      }}
    >
      {errors.form && (
        <Callout tone="danger" icon={<AlertIcon />} title="Not saved" role="alert">
          {errors.form}
        </Callout>
      )}
      <Card title="Details" description="How the customer is named, and the id your app and its tokens use for it.">
        <div className="form-grid">
          <Field label="Name" required error={errors.name}>
            {(ids) => (
              <Input
                {...controlProps(ids)}
                value={name}
                disabled={disabled}
                onChange={(e) => {
                  setName(e.target.value)
                  setErrors((x) => ({ ...x, name: undefined }))
                }}
              />
            )}
          </Field>
          <Field
            label="Internal id"
            required
            hint="The token's id claim. Changing it moves the customer to a new id."
            error={errors.internalId}
          >
            {(ids) => (
              <Input
                {...controlProps(ids)}
                mono
                value={internalId}
                disabled={disabled}
                autoComplete="off"
                spellCheck={false}
                onChange={(e) => {
                  setInternalId(e.target.value)
                  setErrors((x) => ({ ...x, internalId: undefined }))
                }}
              />
            )}
          </Field>
        </div>
      </Card>
      <Card
        title="Fields"
        description="Generated from the workspace's field schema: types, allowed values and required fields are checked before anything is saved."
        actions={
          <a className="btn btn-ghost btn-sm" href={hrefOf({ name: 'field-schema' })}>
            <BracesIcon size={14} /> Edit schema
          </a>
        }
      >
        <UnknownFields schema={schema} values={customer.fields} />
        {fields.form.length ? (
          <FieldControls state={fields} disabled={disabled} />
        ) : workspaceLoaded ? (
          <EmptyState
            icon={<BracesIcon size={20} />}
            title="No fields defined yet"
            actions={
              <a className="btn btn-secondary" href={hrefOf({ name: 'field-schema' })}>
                Define fields
              </a>
            }
          >
            The field schema says which fields every customer has. Define it once, and this form follows.
          </EmptyState>
        ) : null}
      </Card>
      {(dirty || busy) && !disabled && (
        <div className="save-bar" role="region" aria-label="Unsaved changes">
          <span className="save-bar-text">You have unsaved changes.</span>
          <Button variant="ghost" onClick={discard} disabled={busy}>
            Discard
          </Button>
          <Button type="submit" variant="primary" busy={busy}>
            Save changes
          </Button>
        </div>
      )}
    </form>
  )
}
