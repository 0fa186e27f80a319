import { useState } from 'react'
import type { CustomerDto } from '@contract/customers'
import { ConsoleCallError, messageOf } from '../../api/console-client'
import { placeErrors } from '../../features/fields/field-form-model'
import { FieldControls, useFieldsForm } from '../../features/fields/FieldsForm'
import { useApi, useConsole } from '../../store/store'
import { selectFieldSchema } from '../../store/workspace-slice'
import { Input } from '../../ui/controls'
import { Dialog, FormDialog } from '../../ui/dialog'
import { controlProps, Field } from '../../ui/field'

/** Creates a customer: name, optional internal id, and the fields the schema defines. */
export function CreateCustomerDialog(props: {
  open: boolean
  onClose(): void
  onCreated(customer: CustomerDto): void
}) {
  return props.open ? <CreateCustomerForm {...props} /> : <Dialog open={false} title="" onClose={props.onClose} />
}

function CreateCustomerForm(props: { open: boolean; onClose(): void; onCreated(customer: CustomerDto): void }) {
  const api = useApi()
  const schema = useConsole(selectFieldSchema)
  const putCustomer = useConsole((s) => s.putCustomer)
  const refreshInfo = useConsole((s) => s.refreshInfo)
  const notify = useConsole((s) => s.notify)
  const fields = useFieldsForm(schema, {})
  const [name, setName] = useState('')
  const [internalId, setInternalId] = useState('')
  const [errors, setErrors] = useState<{ name?: string; internalId?: string; form?: string }>({})
  const [busy, setBusy] = useState(false)

  const submit = async () => {
    const problems: typeof errors = {}
    if (!name.trim()) problems.name = 'Give the customer a name.'
    const values = fields.collect()
    setErrors(problems)
    if (problems.name || !values) return
    setBusy(true)
    try {
      const customer = await api.call('customers.create', {
        name: name.trim(),
        ...(internalId.trim() ? { internalId: internalId.trim() } : {}),
        fields: values
      })
      putCustomer(customer)
      void refreshInfo()
      notify({ kind: 'success', title: `Created ${customer.name}` })
      props.onCreated(customer)
    } catch (error) {
      if (error instanceof ConsoleCallError && error.body.key === 'already_exists')
        setErrors({ internalId: error.message })
      else if (error instanceof ConsoleCallError && error.details.length) {
        const placed = placeErrors(error.details, fields.form)
        fields.setErrors(placed.byPath)
        const byName = error.details.find((d) => d.path === 'name')
        setErrors({
          name: byName?.message,
          form: placed.rest.filter((m) => m !== byName?.message).join(' ') || undefined
        })
      } else setErrors({ form: messageOf(error) })
    } finally {
      setBusy(false)
    }
  }

  return (
    <FormDialog
      wide={fields.form.length > 0}
      title="New customer"
      description="Customers are also created automatically the first time a token names them."
      submitLabel="Create customer"
      busy={busy}
      formError={errors.form}
      onClose={props.onClose}
      onSubmit={submit}
    >
      <div className="form-grid">
        <Field label="Name" required error={errors.name}>
          {(ids) => (
            <Input
              {...controlProps(ids)}
              autoFocus
              value={name}
              onChange={(e) => setName(e.target.value)}
              placeholder="Acme Inc."
            />
          )}
        </Field>
        <Field
          label="Internal id"
          hint="Your app's id for it (the token's id claim). Generated when empty."
          error={errors.internalId}
        >
          {(ids) => (
            <Input
              {...controlProps(ids)}
              mono
              value={internalId}
              onChange={(e) => setInternalId(e.target.value)}
              placeholder="acme"
              autoComplete="off"
              spellCheck={false}
            />
          )}
        </Field>
      </div>
      {fields.form.length > 0 && (
        <>
          <hr className="divider" />
          <h3>Fields</h3>
          <FieldControls state={fields} />
        </>
      )}
    </FormDialog>
  )
}
