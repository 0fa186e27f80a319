import { useRef, useState } from 'react'
import type { ConsoleExport } from '@contract/console-views'
import type { CustomerDto } from '@contract/customers'
import type {
  ConflictPolicy,
  FieldSchemaChoice,
  ImportReport,
  SnapshotFile
} from '@contract/snapshots'
import { messageOf } from '../../api/console-client'
import { useLoaded } from '../../api/use-loaded'
import { CustomerPicker } from '../../features/customers/CustomerPicker'
import { formatCount, formatDateTime, fromNow } from '../../format/time'
import { useChangeVersion } from '../../store/live-slice'
import { useApi, useConsole } from '../../store/store'
import { Button } from '../../ui/button'
import { Badge, Callout, Card } from '../../ui/card'
import { Checkbox, Input, Segmented, Switch, Textarea } from '../../ui/controls'
import { ConfirmDialog, Dialog } from '../../ui/dialog'
import { controlProps, Field } from '../../ui/field'
import {
  AlertCircleIcon,
  AlertIcon,
  CameraIcon,
  CheckCircleIcon,
  DownloadIcon,
  PlayIcon,
  RotateIcon,
  SaveIcon,
  TrashIcon,
  UploadIcon
} from '../../ui/icons'
import { KeyValues } from '../../ui/key-values'
import { PageHeader } from '../../ui/page-header'
import { EmptyState, ErrorState, SkeletonRows } from '../../ui/states'
import { MembraneZipCard } from './MembraneZipCard'

/** Sections in the order the report lists them, with names for people. */
const SECTION_NAMES: Record<string, string> = {
  workspace: 'Workspace',
  customers: 'Customers',
  sandboxAccounts: 'Sandbox accounts',
  integrations: 'Integrations',
  connections: 'Connections',
  flows: 'Flow templates',
  actions: 'Action templates',
  flowInstances: 'Flow instances',
  flowRuns: 'Flow runs'
}

const SINGULAR: Record<string, string> = {
  customers: 'customer',
  sandboxAccounts: 'sandbox account',
  integrations: 'integration',
  connections: 'connection',
  flows: 'flow template',
  actions: 'action template',
  flowInstances: 'flow instance',
  flowRuns: 'flow run'
}

/** "1 customer", "3 connections". */
function countOf(key: string, n: number): string {
  return n === 1 && SINGULAR[key] ? `1 ${SINGULAR[key]}` : `${formatCount(n)} ${sectionName(key).toLowerCase()}`
}

function sectionName(key: string): string {
  return SECTION_NAMES[key] ?? key.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/^./, (c) => c.toUpperCase())
}

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`
  return `${(n / 1024 / 1024).toFixed(1)} MB`
}

/** Saves text as a file through the browser (the desktop window shows its save dialog). */
function download(fileName: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }))
  const a = document.createElement('a')
  a.href = url
  a.download = fileName
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

function ExportCard() {
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
      download(result.fileName, result.text)
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
            .map(([k, n]) => countOf(k, n))
            .join(', ') || 'nothing to export'}
        </Callout>
      )}
    </Card>
  )
}

const REPORT_ACTIONS = ['added', 'changed', 'skipped', 'renamed', 'removed'] as const
const ACTION_TITLES: Record<(typeof REPORT_ACTIONS)[number], string> = {
  added: 'Added',
  changed: 'Changed',
  skipped: 'Skipped',
  renamed: 'Renamed',
  removed: 'Removed'
}

function ReportTable(props: { report: ImportReport }) {
  const sections = Object.entries(props.report.counts)
  // Only the outcomes that happened, so the table fits beside the file's details.
  const columns = REPORT_ACTIONS.filter((k) => k === 'added' || sections.some(([, c]) => c[k] > 0))
  const [showItems, setShowItems] = useState(false)
  return (
    <div className="stack-sm">
      <div className="report-scroll">
        <table className="table table-compact report-table" aria-label="Import report">
          <thead>
            <tr>
              <th>Section</th>
              {columns.map((k) => (
                <th key={k}>{ACTION_TITLES[k]}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {sections.map(([key, c]) => (
              <tr key={key}>
                <td className="nowrap">{sectionName(key)}</td>
                {columns.map((k) => (
                  <td key={k} className={`tabular ${c[k] ? `report-${k}` : 'subtle'}`}>
                    {c[k] ? formatCount(c[k]) : '—'}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {props.report.warnings.map((w, i) => (
        <Callout key={i} tone="warning" icon={<AlertIcon />}>
          {w}
        </Callout>
      ))}
      {props.report.items.length > 0 && (
        <>
          <Button size="sm" variant="ghost" onClick={() => setShowItems(!showItems)} aria-expanded={showItems}>
            {showItems
              ? 'Hide the details'
              : `Show the ${props.report.items.length} item${props.report.items.length === 1 ? '' : 's'}`}
          </Button>
          {showItems && (
            <table className="table table-compact" aria-label="Import items">
              <tbody>
                {props.report.items.map((item, i) => (
                  <tr key={i}>
                    <td>
                      <Badge
                        tone={
                          item.action === 'added'
                            ? 'success'
                            : item.action === 'skipped'
                              ? 'neutral'
                              : item.action === 'removed'
                                ? 'danger'
                                : 'warning'
                        }
                      >
                        {item.action}
                      </Badge>
                    </td>
                    <td className="subtle nowrap">{sectionName(item.section)}</td>
                    <td>{item.label}</td>
                    <td className="subtle">{item.detail}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </div>
  )
}

interface PickedFile {
  name: string
  size: number
  text: string
  head?: Pick<SnapshotFile, 'version' | 'exportedAt' | 'scope' | 'description' | 'engineVersion'> & {
    secrets: SnapshotFile['secrets']
    customers: number
    /** A customer file that carries its workspace's field schema. */
    hasFieldSchema: boolean
  }
  parseError?: string
}

function readHead(text: string): Pick<PickedFile, 'head' | 'parseError'> {
  try {
    const file = JSON.parse(text) as SnapshotFile
    if (!file || typeof file !== 'object') return { parseError: 'The file is not a JSON object.' }
    return {
      head: {
        version: file.version,
        exportedAt: file.exportedAt,
        scope: file.scope,
        description: file.description,
        engineVersion: file.engineVersion,
        secrets: file.secrets,
        customers: Array.isArray(file.customers) ? file.customers.length : 0,
        hasFieldSchema: !!file.fieldSchema && typeof file.fieldSchema === 'object'
      }
    }
  } catch (e) {
    return { parseError: 'The file is not valid JSON.' }
  }
}

function ImportCard(props: { onImported(): void }) {
  const api = useApi()
  const notify = useConsole((s) => s.notify)
  const refreshInfo = useConsole((s) => s.refreshInfo)
  const pollChanges = useConsole((s) => s.pollChanges)
  const input = useRef<HTMLInputElement>(null)
  const [file, setFile] = useState<PickedFile | null>(null)
  const [conflict, setConflict] = useState<ConflictPolicy>('rename')
  const [schemaChoice, setSchemaChoice] = useState<FieldSchemaChoice>('keep')
  const [passphrase, setPassphrase] = useState('')
  const [report, setReport] = useState<ImportReport | null>(null)
  const [error, setError] = useState<{ message: string; details: { path: string; message: string }[] } | null>(null)
  const [busy, setBusy] = useState<'check' | 'apply' | null>(null)
  const [dragging, setDragging] = useState(false)

  const pick = async (f: File | undefined) => {
    if (!f) return
    const text = await f.text()
    const head = readHead(text)
    if (head.parseError) {
      // the engine's words for a broken file (where it broke, whether it looks truncated), as the REST API says them
      head.parseError = await api.call('snapshots.import', { text, dryRun: true }).then(
        () => head.parseError,
        (e: unknown) => messageOf(e)
      )
    }
    setFile({ name: f.name, size: f.size, text, ...head })
    setReport(null)
    setError(null)
  }
  const needsPassphrase = file?.head?.secrets?.mode === 'passphrase'
  const run = async (dryRun: boolean) => {
    if (!file) return
    setBusy(dryRun ? 'check' : 'apply')
    setError(null)
    try {
      const result = await api.call('snapshots.import', {
        text: file.text,
        passphrase: needsPassphrase ? passphrase : undefined,
        onConflict: conflict,
        fieldSchema: file.head?.hasFieldSchema ? schemaChoice : undefined,
        dryRun
      })
      setReport(result)
      if (!dryRun) {
        notify({ kind: 'success', title: `Imported ${file.name}` })
        void refreshInfo()
        void pollChanges()
        props.onImported()
      }
    } catch (e) {
      const details = (e as { details?: { path: string; message: string }[] }).details ?? []
      setError({ message: messageOf(e), details })
      setReport(null)
    } finally {
      setBusy(null)
    }
  }

  return (
    <Card
      title="Import"
      description="Checks the whole file first and shows what it would do; then applies it in one transaction, all or nothing."
      footer={
        file && (
          <>
            <Button
              icon={<CheckCircleIcon size={14} />}
              busy={busy === 'check'}
              disabled={!!file.parseError || (needsPassphrase && !passphrase)}
              onClick={() => void run(true)}
            >
              Check (dry run)
            </Button>
            <Button
              variant="primary"
              icon={<UploadIcon size={14} />}
              busy={busy === 'apply'}
              disabled={!report?.dryRun || !!error}
              onClick={() => void run(false)}
              title={report?.dryRun ? undefined : 'Check the file first'}
            >
              Apply import
            </Button>
          </>
        )
      }
    >
      <div
        className={['drop-zone', dragging && 'is-dragging'].filter(Boolean).join(' ')}
        onDragOver={(e) => {
          e.preventDefault()
          setDragging(true)
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(e) => {
          e.preventDefault()
          setDragging(false)
          void pick(e.dataTransfer.files[0])
        }}
      >
        <UploadIcon size={18} />
        <span>{file ? file.name : 'Drop a snapshot file here'}</span>
        <Button size="sm" onClick={() => input.current?.click()}>
          {file ? 'Choose another file' : 'Choose file'}
        </Button>
        <input
          ref={input}
          type="file"
          accept=".json,application/json"
          className="visually-hidden"
          aria-label="Snapshot file"
          tabIndex={-1}
          onChange={(e) => void pick(e.target.files?.[0])}
        />
      </div>
      {file?.parseError && (
        <Callout tone="danger" icon={<AlertCircleIcon />} title="This is not a snapshot file" role="alert">
          {file.parseError}
        </Callout>
      )}
      {file?.head && (
        <KeyValues
          label="The file"
          rows={[
            {
              label: 'Holds',
              value: file.head.scope?.kind === 'customer' ? `One customer's setup` : 'A whole workspace'
            },
            {
              label: 'Exported',
              value: file.head.exportedAt
                ? `${formatDateTime(file.head.exportedAt)} (${fromNow(file.head.exportedAt)})`
                : '—'
            },
            {
              label: 'Format',
              value: `version ${file.head.version} · engine ${file.head.engineVersion ?? '?'} · ${formatBytes(file.size)}`
            },
            {
              label: 'Secrets',
              value: needsPassphrase ? (
                <Badge tone="accent">Sealed with a passphrase</Badge>
              ) : (
                <span className="subtle">Left out</span>
              )
            },
            ...(file.head.description ? [{ label: 'Description', value: file.head.description }] : [])
          ]}
        />
      )}
      {file?.head && (
        <>
          <Field label="When an imported customer's internal id already exists">
            {() => (
              <Segmented<ConflictPolicy>
                label="Conflicts"
                value={conflict}
                onChange={(c) => {
                  setConflict(c)
                  setReport(null)
                }}
                options={[
                  { value: 'skip', label: 'Skip it' },
                  { value: 'replace', label: 'Replace it' },
                  { value: 'rename', label: 'Import as a copy' }
                ]}
              />
            )}
          </Field>
          {file.head.hasFieldSchema && (
            <Field
              label="When the file's field schema differs from this workspace's"
              hint="The check below names the fields that differ."
            >
              {() => (
                <Segmented<FieldSchemaChoice>
                  label="Field schema"
                  value={schemaChoice}
                  onChange={(c) => {
                    setSchemaChoice(c)
                    setReport(null)
                  }}
                  options={[
                    { value: 'keep', label: "Keep this workspace's" },
                    { value: 'replace', label: "Use the file's" },
                    { value: 'merge', label: 'Merge both' }
                  ]}
                />
              )}
            </Field>
          )}
          {needsPassphrase && (
            <Field label="Passphrase" required hint="The one the file was exported with.">
              {(ids) => (
                <Input
                  {...controlProps(ids)}
                  type="password"
                  autoComplete="off"
                  value={passphrase}
                  onChange={(e) => {
                    setPassphrase(e.target.value)
                    setReport(null)
                  }}
                />
              )}
            </Field>
          )}
        </>
      )}
      {error && (
        <Callout
          tone="danger"
          icon={<AlertCircleIcon />}
          title="The file cannot be imported; nothing changed"
          role="alert"
        >
          <div>{error.message}</div>
          {error.details.length > 0 && (
            <ul className="problem-list">
              {error.details.slice(0, 20).map((d, i) => (
                <li key={i}>
                  <span className="mono">{d.path}</span>: {d.message}
                </li>
              ))}
            </ul>
          )}
        </Callout>
      )}
      {report && (
        <div className="stack-sm" aria-live="polite">
          <h3>{report.dryRun ? 'What the import would do' : 'What the import did'}</h3>
          <ReportTable report={report} />
          {report.dryRun ? (
            <p className="field-hint">Nothing has changed yet. Apply the import to make these changes.</p>
          ) : null}
        </div>
      )}
    </Card>
  )
}

function ScenariosCard() {
  const api = useApi()
  const notify = useConsole((s) => s.notify)
  const refreshInfo = useConsole((s) => s.refreshInfo)
  const pollChanges = useConsole((s) => s.pollChanges)
  const [saveOpen, setSaveOpen] = useState(false)
  const [name, setName] = useState('')
  const [description, setDescription] = useState('')
  const [nameError, setNameError] = useState<string | null>(null)
  const [confirm, setConfirm] = useState<{ kind: 'switch' | 'reset' | 'remove'; name: string } | null>(null)
  const [busy, setBusy] = useState<string | null>(null)
  const [lastReport, setLastReport] = useState<{ title: string; report: ImportReport } | null>(null)

  // a switch or reset made elsewhere (CLI, REST, another window) moves every counter
  const workspaceVersion = useChangeVersion('workspace')
  const { data: items, error, reload: load } = useLoaded(() => api.call('scenarios.list'), [api], [workspaceVersion])
  const current = items?.find((s) => s.current)

  const save = async () => {
    if (!/^[a-z0-9][a-z0-9._-]{0,63}$/i.test(name))
      return setNameError('Letters, digits, ".", "_" and "-", starting with a letter or digit (up to 64).')
    setBusy('save')
    try {
      await api.call('scenarios.save', { name, description: description.trim() || undefined })
      setSaveOpen(false)
      notify({ kind: 'success', title: `Saved scenario “${name}”` })
      load()
    } catch (e) {
      setNameError(messageOf(e))
    } finally {
      setBusy(null)
    }
  }
  const act = async () => {
    if (!confirm) return
    setBusy(confirm.kind)
    try {
      if (confirm.kind === 'remove') {
        await api.call('scenarios.remove', { name: confirm.name })
        notify({ kind: 'success', title: `Deleted scenario “${confirm.name}”` })
      } else {
        const report =
          confirm.kind === 'switch'
            ? await api.call('scenarios.switch', { name: confirm.name })
            : await api.call('scenarios.reset')
        setLastReport({
          title: confirm.kind === 'switch' ? `Switched to “${confirm.name}”` : `Reset “${confirm.name}” to its start`,
          report
        })
        notify({
          kind: 'success',
          title: confirm.kind === 'switch' ? `Switched to “${confirm.name}”` : 'Reset to the start of the scenario'
        })
        void refreshInfo()
        // every open page and the shared field schema follow at once, not on the next poll
        void pollChanges()
      }
      setConfirm(null)
      load()
    } catch (e) {
      notify({ kind: 'error', title: 'That did not work', text: messageOf(e) })
    } finally {
      setBusy(null)
    }
  }

  let body
  if (error && !items) body = <ErrorState message={error} onRetry={load} />
  else if (!items) body = <SkeletonRows rows={3} label="Loading scenarios" />
  else if (!items.length)
    body = (
      <EmptyState icon={<CameraIcon size={20} />} title="No scenarios yet">
        Save the workspace as it is now, then switch between scenarios and reset one between demos.
      </EmptyState>
    )
  else
    body = (
      <table className="table table-rows table-fixed" aria-label="Scenarios">
        <thead>
          <tr>
            <th>Scenario</th>
            <th style={{ width: 150 }}>Saved</th>
            <th style={{ textAlign: 'right', width: 100 }}>Customers</th>
            <th style={{ textAlign: 'right', width: 90 }}>Size</th>
            <th style={{ textAlign: 'right', width: 170 }}>
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {items.map((s) => (
            <tr key={s.name}>
              <td>
                <div className="cell-stack">
                  <span className="cell-title">
                    {s.name}{' '}
                    {s.current && (
                      <Badge tone="success" dot>
                        Current
                      </Badge>
                    )}{' '}
                    {!s.savedAt && <Badge tone="accent">Built in</Badge>}
                  </span>
                  {s.description && (
                    <span className="subtle truncate" style={{ fontSize: 'var(--text-sm)' }} title={s.description}>
                      {s.description}
                    </span>
                  )}
                </div>
              </td>
              <td className="subtle nowrap">{s.savedAt ? fromNow(s.savedAt) : 'Built on first use'}</td>
              <td className="tabular" style={{ textAlign: 'right' }}>
                {s.savedAt ? formatCount(s.customers) : '—'}
              </td>
              <td className="tabular subtle" style={{ textAlign: 'right' }}>
                {s.sizeBytes ? formatBytes(s.sizeBytes) : '—'}
              </td>
              <td style={{ textAlign: 'right' }}>
                <div className="row" style={{ justifyContent: 'flex-end', gap: 4 }}>
                  <Button
                    size="sm"
                    icon={<PlayIcon size={12} />}
                    onClick={() => setConfirm({ kind: 'switch', name: s.name })}
                    aria-label={`Switch to ${s.name}`}
                  >
                    Switch
                  </Button>
                  {s.savedAt && (
                    <Button
                      size="sm"
                      variant="danger-ghost"
                      iconOnly
                      icon={<TrashIcon size={13} />}
                      aria-label={`Delete ${s.name}`}
                      onClick={() => setConfirm({ kind: 'remove', name: s.name })}
                    />
                  )}
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    )

  return (
    <Card
      title="Scenarios"
      description="Named states of the whole workspace, kept in the data folder: prepare a story once, switch to it in one click, reset it between demos."
      actions={
        <>
          {current && (
            <Button icon={<RotateIcon size={14} />} onClick={() => setConfirm({ kind: 'reset', name: current.name })}>
              Reset “{current.name}”
            </Button>
          )}
          <Button
            icon={<SaveIcon size={14} />}
            onClick={() => {
              setName('')
              setDescription('')
              setNameError(null)
              setSaveOpen(true)
            }}
          >
            Save current as scenario
          </Button>
        </>
      }
      flush
    >
      {body}
      {lastReport && (
        <div className="card-body" style={{ borderTop: '1px solid var(--border)' }}>
          <h3>{lastReport.title}</h3>
          <ReportTable report={lastReport.report} />
        </div>
      )}
      <Dialog
        open={saveOpen}
        onClose={() => setSaveOpen(false)}
        onSubmit={() => void save()}
        title="Save the workspace as a scenario"
        description="Everything: customers, connections with their secrets (sealed), flows, instances and runs."
        footer={
          <>
            <Button onClick={() => setSaveOpen(false)}>Cancel</Button>
            <Button type="submit" variant="primary" busy={busy === 'save'}>
              Save scenario
            </Button>
          </>
        }
      >
        <Field
          label="Name"
          required
          error={nameError}
          hint={
            items?.some((s) => s.name === name)
              ? 'A scenario of this name exists: saving replaces it.'
              : 'Letters, digits, ".", "_" and "-".'
          }
        >
          {(ids) => (
            <Input
              {...controlProps(ids)}
              mono
              autoFocus
              value={name}
              placeholder="acme-onboarding"
              onChange={(e) => (setName(e.target.value), setNameError(null))}
            />
          )}
        </Field>
        <Field label="Description">
          {(ids) => (
            <Textarea
              id={ids.id}
              rows={2}
              value={description}
              placeholder="Two customers, CRM connected, one failed run to repeat"
              onChange={(e) => setDescription(e.target.value)}
            />
          )}
        </Field>
      </Dialog>
      <ConfirmDialog
        open={confirm !== null}
        title={
          confirm?.kind === 'remove'
            ? `Delete scenario “${confirm.name}”?`
            : confirm?.kind === 'reset'
              ? `Reset “${confirm?.name}”?`
              : `Switch to “${confirm?.name}”?`
        }
        confirmLabel={confirm?.kind === 'remove' ? 'Delete' : confirm?.kind === 'reset' ? 'Reset' : 'Switch'}
        danger={confirm?.kind !== 'switch'}
        busy={busy === confirm?.kind}
        onConfirm={() => void act()}
        onClose={() => setConfirm(null)}
      >
        {confirm?.kind === 'remove'
          ? 'The saved file is deleted from the data folder. The workspace itself does not change.'
          : 'The whole workspace is replaced by the scenario: customers, connections, flows and runs made since are gone. Save the current state first if you need it.'}
      </ConfirmDialog>
    </Card>
  )
}

/** Export and import of customers and workspaces, and the demo scenarios. */
export function SnapshotsPage() {
  const [importedAt, setImportedAt] = useState(0)
  return (
    <div className="page">
      <PageHeader
        title="Snapshots"
        description="Take a customer's setup from one Workbench to another, start from a known state, and switch between demo stories."
      />
      <div className="grid-2 align-start">
        <ExportCard />
        <ImportCard onImported={() => setImportedAt(Date.now())} />
      </div>
      <MembraneZipCard onImported={() => setImportedAt(Date.now())} />
      <ScenariosCard key={importedAt} />
    </div>
  )
}
