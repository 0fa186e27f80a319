import { useState } from 'react'
import type { ImportTypeResult, MembraneImportResult } from '@contract/interchange'
import { messageOf } from '../../api/console-client'
import { formatCount } from '../../format/time'
import { useApi, useConsole } from '../../store/store'
import { Button } from '../../ui/button'
import { Card } from '../../ui/card'
import { Checkbox } from '../../ui/controls'
import { DownloadIcon } from '../../ui/icons'
import {
  DryRunButtons,
  FileDropZone,
  ImportOutcome,
  ImportRefusal,
  useDryRunImport,
  type DryRunWords
} from './dry-run-import'
import { saveFile } from './snapshot-format'

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

/** Words of the zip's import. */
const ZIP_IMPORT: DryRunWords = {
  check: 'Check zip (dry run)',
  apply: 'Apply zip import',
  checkFirst: 'Check the zip first',
  refused: 'The zip cannot be imported; nothing changed',
  wouldDo: 'What the zip import would do',
  did: 'What the zip import did'
}

function fromBase64(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64)
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  return bytes
}

/**
 * The Snapshots page's "Membrane workspace (.zip)" card: export in Membrane's workspace zip
 * layout, and import one with a dry-run report before anything is applied.
 */
export function MembraneZipCard(props: { onImported(): void }) {
  const api = useApi()
  const notify = useConsole((s) => s.notify)
  const [file, setFile] = useState<{ name: string; base64: string } | null>(null)
  const [partial, setPartial] = useState(true)
  const [force, setForce] = useState(false)
  const [exporting, setExporting] = useState(false)
  const importer = useDryRunImport(
    (dryRun) => api.call('membrane.import', { base64: file!.base64, dryRun, partial, force }),
    () => {
      notify({ kind: 'success', title: `Imported ${file!.name}` })
      props.onImported()
    }
  )

  const exportNow = async () => {
    setExporting(true)
    try {
      const zip = await api.call('membrane.export')
      saveFile(zip.fileName, fromBase64(zip.base64), 'application/zip')
      notify({ kind: 'success', title: `Exported ${zip.fileName}`, text: `${(zip.sizeBytes / 1024).toFixed(1)} KB` })
    } catch (e) {
      notify({ kind: 'error', title: 'Not exported', text: messageOf(e) })
    } finally {
      setExporting(false)
    }
  }

  const pick = async (f: File | undefined) => {
    if (!f) return
    setFile({ name: f.name, base64: toBase64(new Uint8Array(await f.arrayBuffer())) })
    importer.reset()
  }

  const changeOption = (set: (v: boolean) => void) => (v: boolean) => {
    set(v)
    importer.reset({ keepError: true })
  }

  return (
    <Card
      title="Membrane workspace (.zip)"
      description="Integrations, flows, actions and the other elements in Membrane's workspace zip: move a prototype to a Membrane cloud workspace, or bring one here. Secrets and OAuth clients stay behind."
      footer={
        <>
          <Button icon={<DownloadIcon size={14} />} busy={exporting} onClick={() => void exportNow()}>
            Export .zip
          </Button>
          {file && <DryRunButtons state={importer} words={ZIP_IMPORT} />}
        </>
      }
    >
      <FileDropZone
        fileName={file?.name}
        placeholder="A workspace zip from GET /export, the Membrane console or membrane-export"
        choose="Choose zip"
        chooseAnother="Choose another zip"
        accept=".zip,application/zip"
        inputLabel="Membrane workspace zip"
        onPick={(f) => void pick(f)}
      />
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
      <ImportRefusal error={importer.error} words={ZIP_IMPORT} />
      {importer.result && (
        <ImportOutcome dryRun={importer.result.dryRun} words={ZIP_IMPORT}>
          <ResultTable result={importer.result} />
        </ImportOutcome>
      )}
    </Card>
  )
}
