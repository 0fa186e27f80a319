import { useRef, useState } from 'react'
import type { ImportTypeResult, MembraneImportResult } from '@contract/interchange'
import { messageOf } from '../../api/console-client'
import { formatCount } from '../../format/time'
import { useApi, useConsole } from '../../store/store'
import { Button } from '../../ui/button'
import { Callout, Card } from '../../ui/card'
import { Checkbox } from '../../ui/controls'
import { AlertCircleIcon, CheckCircleIcon, DownloadIcon, UploadIcon } from '../../ui/icons'

const TYPE_NAMES: Record<string, string> = {
  connectors: 'Custom connectors',
  integrations: 'Integrations',
  flows: 'Flows',
  actions: 'Actions',
  'app-data-schemas': 'App data schemas',
  'data-sources': 'Data sources',
  'field-mappings': 'Field mappings',
  'app-event-types': 'App event types',
  'data-link-tables': 'Data link tables'
}

const OUTCOMES = ['created', 'updated', 'deleted', 'unchanged'] as const
const OUTCOME_CLASS: Record<(typeof OUTCOMES)[number], string> = {
  created: 'report-added',
  updated: 'report-changed',
  deleted: 'report-removed',
  unchanged: ''
}

function typeName(type: string): string {
  return TYPE_NAMES[type] ?? type
}

function toBase64(bytes: Uint8Array): string {
  let binary = ''
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(binary)
}

function saveZip(fileName: string, base64: string): void {
  const binary = atob(base64)
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  const url = URL.createObjectURL(new Blob([bytes], { type: 'application/zip' }))
  const a = document.createElement('a')
  a.href = url
  a.download = fileName
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

function ResultTable(props: { result: MembraneImportResult }) {
  const rows = Object.entries(props.result.types).filter(([, r]) => OUTCOMES.some((o) => r[o].length))
  if (!rows.length) return <p className="subtle">The zip holds no elements.</p>
  const changes = rows.flatMap(([type, r]: [string, ImportTypeResult]) =>
    (['created', 'updated', 'deleted'] as const).flatMap((o) =>
      r[o].map((e) => ({
        type,
        outcome: o,
        name: e.integrationKey ? `${e.integrationKey} / ${e.key}` : e.key,
        fields: e.changedFields
      }))
    )
  )
  return (
    <div className="stack-sm">
      <div className="report-scroll">
        <table className="table table-compact report-table" aria-label="Membrane import report">
          <thead>
            <tr>
              <th>Element type</th>
              <th>Created</th>
              <th>Updated</th>
              <th>Deleted</th>
              <th>Unchanged</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(([type, r]) => (
              <tr key={type}>
                <td className="nowrap">{typeName(type)}</td>
                {OUTCOMES.map((o) => (
                  <td key={o} className={`tabular ${r[o].length ? OUTCOME_CLASS[o] : 'subtle'}`}>
                    {r[o].length ? formatCount(r[o].length) : '—'}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {changes.length > 0 && (
        <table className="table table-compact" aria-label="Changed elements">
          <tbody>
            {changes.map((c, i) => (
              <tr key={i}>
                <td className={`nowrap ${OUTCOME_CLASS[c.outcome]}`}>{c.outcome}</td>
                <td className="subtle nowrap">{typeName(c.type)}</td>
                <td className="mono">{c.name}</td>
                <td className="subtle">{c.fields?.length ? c.fields.join(', ') : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  )
}

/**
 * The Snapshots page's "Membrane workspace (.zip)" card: export in Membrane's workspace zip
 * layout, and import one with a dry-run report before anything is applied.
 */
export function MembraneZipCard(props: { onImported(): void }) {
  const api = useApi()
  const notify = useConsole((s) => s.notify)
  const input = useRef<HTMLInputElement>(null)
  const [file, setFile] = useState<{ name: string; base64: string } | null>(null)
  const [partial, setPartial] = useState(true)
  const [force, setForce] = useState(false)
  const [result, setResult] = useState<MembraneImportResult | null>(null)
  const [error, setError] = useState<{ message: string; details: { path: string; message: string }[] } | null>(null)
  const [busy, setBusy] = useState<'export' | 'check' | 'apply' | null>(null)

  const exportNow = async () => {
    setBusy('export')
    try {
      const zip = await api.call('membrane.export')
      saveZip(zip.fileName, zip.base64)
      notify({ kind: 'success', title: `Exported ${zip.fileName}`, text: `${(zip.sizeBytes / 1024).toFixed(1)} KB` })
    } catch (e) {
      notify({ kind: 'error', title: 'Not exported', text: messageOf(e) })
    } finally {
      setBusy(null)
    }
  }

  const pick = async (f: File | undefined) => {
    if (!f) return
    setFile({ name: f.name, base64: toBase64(new Uint8Array(await f.arrayBuffer())) })
    setResult(null)
    setError(null)
  }

  const run = async (dryRun: boolean) => {
    if (!file) return
    setBusy(dryRun ? 'check' : 'apply')
    setError(null)
    try {
      const answer = await api.call('membrane.import', { base64: file.base64, dryRun, partial, force })
      setResult(answer)
      if (!dryRun) {
        notify({ kind: 'success', title: `Imported ${file.name}` })
        props.onImported()
      }
    } catch (e) {
      setError({
        message: messageOf(e),
        details: (e as { details?: { path: string; message: string }[] }).details ?? []
      })
      setResult(null)
    } finally {
      setBusy(null)
    }
  }

  const changeOption = (set: (v: boolean) => void) => (v: boolean) => {
    set(v)
    setResult(null)
  }

  return (
    <Card
      title="Membrane workspace (.zip)"
      description="Integrations, flows, actions and the other elements in Membrane's workspace zip: move a prototype to a Membrane cloud workspace, or bring one here. Secrets and OAuth clients stay behind."
      footer={
        <>
          <Button icon={<DownloadIcon size={14} />} busy={busy === 'export'} onClick={() => void exportNow()}>
            Export .zip
          </Button>
          {file && (
            <>
              <Button icon={<CheckCircleIcon size={14} />} busy={busy === 'check'} onClick={() => void run(true)}>
                Check zip (dry run)
              </Button>
              <Button
                variant="primary"
                icon={<UploadIcon size={14} />}
                busy={busy === 'apply'}
                disabled={!result?.dryRun || !!error}
                title={result?.dryRun ? undefined : 'Check the zip first'}
                onClick={() => void run(false)}
              >
                Apply zip import
              </Button>
            </>
          )}
        </>
      }
    >
      <div className="drop-zone">
        <UploadIcon size={18} />
        <span>{file ? file.name : 'A workspace zip from GET /export, the Membrane console or membrane-export'}</span>
        <Button size="sm" onClick={() => input.current?.click()}>
          {file ? 'Choose another zip' : 'Choose zip'}
        </Button>
        <input
          ref={input}
          type="file"
          accept=".zip,application/zip"
          className="visually-hidden"
          aria-label="Membrane workspace zip"
          tabIndex={-1}
          onChange={(e) => void pick(e.target.files?.[0])}
        />
      </div>
      {file && (
        <>
          <Checkbox
            checked={partial}
            onChange={changeOption(setPartial)}
            label="Keep elements the zip does not have (partial import)"
          />
          {!partial && (
            <Checkbox
              checked={force}
              onChange={changeOption(setForce)}
              label="Delete them even when deployed instances use them (force)"
            />
          )}
        </>
      )}
      {error && (
        <Callout
          tone="danger"
          icon={<AlertCircleIcon />}
          title="The zip cannot be imported; nothing changed"
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
      {result && (
        <div className="stack-sm" aria-live="polite">
          <h3>{result.dryRun ? 'What the zip import would do' : 'What the zip import did'}</h3>
          <ResultTable result={result} />
          {result.dryRun && (
            <p className="field-hint">Nothing has changed yet. Apply the import to make these changes.</p>
          )}
        </div>
      )}
    </Card>
  )
}
