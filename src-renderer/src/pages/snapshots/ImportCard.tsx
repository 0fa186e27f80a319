import { useState } from 'react'
import type { ConflictPolicy, FieldSchemaChoice, SnapshotFile } from '@contract/snapshots'
import { messageOf } from '../../api/console-client'
import { formatDateTime, fromNow } from '../../format/time'
import { useApi, useConsole } from '../../store/store'
import { Badge, Callout, Card } from '../../ui/card'
import { Input, Segmented } from '../../ui/controls'
import { controlProps, Field } from '../../ui/field'
import { AlertCircleIcon } from '../../ui/icons'
import { KeyValues } from '../../ui/key-values'
import {
  DryRunButtons,
  FileDropZone,
  ImportOutcome,
  ImportRefusal,
  useDryRunImport,
  type DryRunWords
} from './dry-run-import'
import { ReportTable } from './ReportTable'
import { formatBytes } from './snapshot-format'

/** What the card reads from a picked file before anything is sent: its head, or why it is not a snapshot. */
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
  } catch {
    return { parseError: 'The file is not valid JSON.' }
  }
}

/** Words of the snapshot file's import. */
const FILE_IMPORT: DryRunWords = {
  check: 'Check (dry run)',
  apply: 'Apply import',
  checkFirst: 'Check the file first',
  refused: 'The file cannot be imported; nothing changed',
  wouldDo: 'What the import would do',
  did: 'What the import did'
}

/** The Snapshots page's "Import" card: a snapshot file, checked with a dry run, then applied. */
export function ImportCard(props: { onImported(): void }) {
  const api = useApi()
  const notify = useConsole((s) => s.notify)
  const refreshInfo = useConsole((s) => s.refreshInfo)
  const pollChanges = useConsole((s) => s.pollChanges)
  const [file, setFile] = useState<PickedFile | null>(null)
  const [conflict, setConflict] = useState<ConflictPolicy>('rename')
  const [schemaChoice, setSchemaChoice] = useState<FieldSchemaChoice>('keep')
  const [passphrase, setPassphrase] = useState('')
  const needsPassphrase = file?.head?.secrets?.mode === 'passphrase'
  const importer = useDryRunImport(
    (dryRun) =>
      api.call('snapshots.import', {
        text: file!.text,
        passphrase: needsPassphrase ? passphrase : undefined,
        onConflict: conflict,
        fieldSchema: file!.head?.hasFieldSchema ? schemaChoice : undefined,
        dryRun
      }),
    () => {
      notify({ kind: 'success', title: `Imported ${file!.name}` })
      void refreshInfo()
      void pollChanges()
      props.onImported()
    }
  )

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
    importer.reset()
  }

  return (
    <Card
      title="Import"
      description="Checks the whole file first and shows what it would do; then applies it in one transaction, all or nothing."
      footer={
        file && (
          <DryRunButtons
            state={importer}
            words={FILE_IMPORT}
            checkDisabled={!!file.parseError || (needsPassphrase && !passphrase)}
          />
        )
      }
    >
      <FileDropZone
        fileName={file?.name}
        placeholder="Drop a snapshot file here"
        choose="Choose file"
        chooseAnother="Choose another file"
        accept=".json,application/json"
        inputLabel="Snapshot file"
        onPick={(f) => void pick(f)}
      />
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
                  importer.reset({ keepError: true })
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
                    importer.reset({ keepError: true })
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
                    importer.reset({ keepError: true })
                  }}
                />
              )}
            </Field>
          )}
        </>
      )}
      <ImportRefusal error={importer.error} words={FILE_IMPORT} />
      {importer.result && (
        <ImportOutcome dryRun={importer.result.dryRun} words={FILE_IMPORT}>
          <ReportTable report={importer.result} />
        </ImportOutcome>
      )}
    </Card>
  )
}
