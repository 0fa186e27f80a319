import type { Engine } from '../engine'
import type { ConsoleHandlers } from './console-handler'
import { parseExportRequest, parseImportRequest, parseScenarioRef, parseScenarioSave } from './console-snapshots.inputs'
import { parseNoInput } from './console.inputs'

/** Methods of the snapshots page. */
export type SnapshotMethods =
  | 'snapshots.export'
  | 'snapshots.import'
  | 'scenarios.list'
  | 'scenarios.save'
  | 'scenarios.switch'
  | 'scenarios.reset'
  | 'scenarios.remove'

/** A file name that says what and when: `workbench-acme-2026-01-31-0930.json`. */
function fileNameOf(subject: string, exportedAt: string): string {
  const slug =
    subject
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 48) || 'snapshot'
  const stamp = exportedAt.slice(0, 16).replace('T', '-').replace(':', '')
  return `workbench-${slug}-${stamp}.json`
}

/** Handlers of the snapshots page: export, import with a report, scenarios. */
export function createSnapshotHandlers(engine: Engine): Pick<ConsoleHandlers, SnapshotMethods> {
  const { snapshots, scenarios } = engine
  return {
    'snapshots.export': {
      parse: parseExportRequest,
      run: ({ customerId, passphrase, includeRuns, description }) => {
        const file = snapshots.exportSnapshot({ customer: customerId, passphrase, includeRuns, description })
        const subject =
          file.scope.kind === 'customer'
            ? engine.customers.rowOf(file.scope.customerRef).internal_id
            : (file.workspace?.key ?? 'workspace')
        const text = JSON.stringify(file, null, 2)
        const counts: Record<string, number> = {}
        for (const [key, value] of Object.entries(file)) if (Array.isArray(value)) counts[key] = value.length
        return { fileName: fileNameOf(subject, file.exportedAt), text, sizeBytes: Buffer.byteLength(text), counts }
      }
    },
    'snapshots.import': {
      parse: parseImportRequest,
      run: ({ text, passphrase, onConflict, fieldSchema, dryRun }) =>
        snapshots.importAndSetUp(text, { passphrase: passphrase || undefined, onConflict, fieldSchema, dryRun })
    },
    'scenarios.list': { parse: parseNoInput('scenarios.list'), run: () => scenarios.list() },
    'scenarios.save': { parse: parseScenarioSave, run: ({ name, description }) => scenarios.save(name, description) },
    'scenarios.switch': { parse: parseScenarioRef, run: ({ name }) => scenarios.switchTo(name) },
    'scenarios.reset': { parse: parseNoInput('scenarios.reset'), run: () => scenarios.reset() },
    'scenarios.remove': {
      parse: parseScenarioRef,
      run: ({ name }) => {
        scenarios.remove(name)
        return { removed: name }
      }
    }
  }
}
