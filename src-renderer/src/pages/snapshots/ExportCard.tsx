import { useState } from 'react'
import type { ConsoleExport } from '@contract/console-views'
import type { CustomerDto } from '@contract/customers'
import { messageOf } from '../../api/console-client'
import { CustomerPicker } from '../../features/customers/CustomerPicker'
import { useApi, useConsole } from '../../store/store'
import { Button } from '../../ui/button'
import { Callout, Card } from '../../ui/card'
import { Checkbox, Input, Segmented, Switch } from '../../ui/controls'
import { controlProps, Field } from '../../ui/field'
import { CheckCircleIcon, DownloadIcon } from '../../ui/icons'
import { formatBytes, saveFile, sectionCountOf } from './snapshot-format'

/** The Snapshots page's "Export" card: one customer or the whole workspace as a versioned JSON file. */
export function ExportCard() {
  const api = useApi()
  const notify = useConsole((s) => s.notify)
  const [scope, setScope] = useState<'workspace' | 'customer'>('customer')
  const [customer, setCustomer] = useState<CustomerDto | null>(null)
  const [includeRuns, setIncludeRuns] = useState(false)
  const [withSecrets, setWithSecrets] = useState(false)
  const [passphrase, setPassphrase] = useState('')
  const [description, setDescription] = useState('')
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [busy, setBusy] = useState(false)
  const [last, setLast] = useState<ConsoleExport | null>(null)

  const exportNow = async () => {
    const problems: Record<string, string> = {}
    if (scope === 'customer' && !customer) problems.customer = 'Pick the customer to export.'
    if (withSecrets && passphrase.length < 8)
      problems.passphrase = 'At least 8 characters: whoever imports the file needs it.'
    setErrors(problems)
    if (Object.keys(problems).length) return
    setBusy(true)
    try {
      const result = await api.call('snapshots.export', {
        customerId: scope === 'customer' ? customer!.id : undefined,
        passphrase: withSecrets ? passphrase : undefined,
        includeRuns,
        description: description.trim() || undefined
      })
      saveFile(result.fileName, result.text, 'application/json')
      setLast(result)
      notify({ kind: 'success', title: `Exported ${result.fileName}`, text: formatBytes(result.sizeBytes) })
    } catch (e) {
      notify({ kind: 'error', title: 'Not exported', text: messageOf(e) })
    } finally {
      setBusy(false)
    }
  }

  return (
    <Card
      title="Export"
      description="One versioned JSON file: a customer's whole setup for a bug report, or the whole workspace."
      footer={
        <Button variant="primary" icon={<DownloadIcon size={14} />} busy={busy} onClick={() => void exportNow()}>
          Export file
        </Button>
      }
    >
      <Segmented<'workspace' | 'customer'>
        label="What to export"
        value={scope}
        onChange={setScope}
        options={[
          { value: 'customer', label: 'One customer' },
          { value: 'workspace', label: 'Whole workspace' }
        ]}
      />
      {scope === 'customer' && (
        <Field
          label="Customer"
          required
          error={errors.customer}
          hint="Its fields, connections, instances and customisations, ad-hoc flows, and the templates they use."
        >
          {(ids) => (
            <CustomerPicker
              id={ids.id}
              describedBy={ids.describedBy}
              invalid={ids.invalid}
              value={customer}
              onChange={setCustomer}
            />
          )}
        </Field>
      )}
      <Checkbox
        checked={includeRuns}
        onChange={setIncludeRuns}
        label="Include finished runs (with their node runs; can be large)"
      />
      <Switch checked={withSecrets} onChange={setWithSecrets} label="Include secrets, sealed with a passphrase" />
      {withSecrets ? (
        <Field
          label="Passphrase"
          required
          error={errors.passphrase}
          hint="Credentials and tokens are encrypted with it (scrypt + AES-256-GCM). It is not stored anywhere."
        >
          {(ids) => (
            <Input
              {...controlProps(ids)}
              type="password"
              autoComplete="new-password"
              value={passphrase}
              onChange={(e) => setPassphrase(e.target.value)}
            />
          )}
        </Field>
      ) : (
        <p className="field-hint">
          Without secrets, connections come in disconnected where the file is imported: reconnect them there.
        </p>
      )}
      <Field label="Description" hint="Stored in the file, e.g. the ticket it reproduces.">
        {(ids) => (
          <Input
            id={ids.id}
            value={description}
            placeholder="QA-1234: Acme's sync drops contacts"
            onChange={(e) => setDescription(e.target.value)}
          />
        )}
      </Field>
      {last && (
        <Callout tone="success" icon={<CheckCircleIcon />} title={`Saved ${last.fileName}`} role="status">
          {formatBytes(last.sizeBytes)} ·{' '}
          {Object.entries(last.counts)
            .filter(([, n]) => n > 0)
            .map(([k, n]) => sectionCountOf(k, n))
            .join(', ') || 'nothing to export'}
        </Callout>
      )}
    </Card>
  )
}
