import type { FlowNodes } from '@contract/flows'
import type { ConsoleClient } from '../../api/console-client'
import { triggerKeys } from './graph-model'

// The input a run dialog and the mapping previews start from: one that fits the flow's trigger.
// A data-record trigger gets what the app's webhook would carry ({event, collectionKey, recordId,
// record}) with a real record of its collection, not the API trigger's example, which made a
// "New CRM contact" flow open a ticket called "Onboard  " for nobody.

/** How sure the builder is of an input: a better one replaces a worse one, never the other way. */
export const INPUT_RANK = { example: 0, record: 1, lastRun: 2, chosen: 3 } as const

/** An input for the run dialog, with where it came from in words for the person. */
export interface SuggestedInput {
  input: unknown
  /** Shown in the run dialog ("A real contacts record (c_1) read through Acme CRM."). */
  source: string
  rank: number
  /** What the trigger would give the nodes after it (a record imported through its field mapping), for previews. */
  triggerOutput?: unknown
}

/** A data-record trigger of the flow: its node key, the event it listens to and its data source. */
export interface RecordTrigger {
  key: string
  event: 'created' | 'updated' | 'deleted'
  dataSource: { key?: string; collectionKey?: string }
  /** The field mapping the trigger imports the record through. */
  fieldMappingKey?: string
}

const RECORD_TRIGGER = /^data-record-(created|updated|deleted)-trigger$/

/** The flow's first data-record trigger, if it has one. */
export function recordTriggerOf(nodes: FlowNodes): RecordTrigger | undefined {
  for (const key of triggerKeys(nodes)) {
    const match = RECORD_TRIGGER.exec(nodes[key].type)
    if (!match) continue
    const raw = nodes[key].config?.dataSource
    const dataSource = raw && typeof raw === 'object' ? (raw as RecordTrigger['dataSource']) : {}
    const mapping = nodes[key].config?.fieldMapping as { key?: unknown } | undefined
    const fieldMappingKey = typeof mapping?.key === 'string' ? mapping.key : undefined
    return { key, event: match[1] as RecordTrigger['event'], dataSource, fieldMappingKey }
  }
  return undefined
}

/** The run input a record event gives a data-record trigger (what the engine builds from a webhook). */
export function recordEventInput(
  trigger: RecordTrigger,
  collectionKey: string,
  record: { id: string } & Record<string, unknown>
): unknown {
  return {
    event: trigger.event,
    collectionKey,
    recordId: record.id,
    record: trigger.event === 'deleted' ? null : record,
    occurredAt: new Date().toISOString()
  }
}

/** The input a run starts from when nothing better is known: the trigger's default, else an example that fits it. */
export function exampleInput(nodes: FlowNodes): SuggestedInput {
  for (const key of triggerKeys(nodes)) {
    const config = nodes[key].config ?? {}
    if (config.defaultInput !== undefined)
      return { input: config.defaultInput, source: "The trigger's default input.", rank: INPUT_RANK.example }
  }
  const trigger = recordTriggerOf(nodes)
  if (trigger) {
    const collection = trigger.dataSource.collectionKey ?? trigger.dataSource.key ?? 'records'
    return {
      input: recordEventInput(trigger, collection, { id: 'example-id' }),
      source: `An example ${collection} event with an empty record: fill in the record's fields.`,
      rank: INPUT_RANK.example
    }
  }
  return {
    input: { email: 'ada@example.com', name: 'Ada Lovelace', amount: 120 },
    source: 'An example input: edit it to what the trigger receives.',
    rank: INPUT_RANK.example
  }
}

/** The collection a trigger's data source reads (a universal data source is followed to the app's collection). */
async function collectionOf(
  api: ConsoleClient,
  trigger: RecordTrigger,
  integrationKey: string
): Promise<string | undefined> {
  const { key, collectionKey } = trigger.dataSource
  if (collectionKey) return collectionKey
  if (!key) return undefined
  const all = await api.call('dataSources.list', {})
  const universal = all.find((d) => d.key === key && d.isUniversal)
  const own = all.find(
    (d) =>
      d.integrationKey === integrationKey &&
      (d.key === key || (universal !== undefined && d.universalDataSourceId === universal.id))
  )
  return own?.collectionKey ?? universal?.collectionKey ?? own?.udm ?? universal?.udm ?? key
}

/** The records a list answer holds (`{data: [...]}`, `{records: [...]}` or a bare array). */
function recordsOf(answer: unknown): unknown[] {
  if (Array.isArray(answer)) return answer
  if (answer && typeof answer === 'object') {
    const { data, records } = answer as { data?: unknown; records?: unknown }
    if (Array.isArray(data)) return data
    if (Array.isArray(records)) return records
  }
  return []
}

/**
 * A real record of the trigger's collection, read through the connection (`GET /<collection>`),
 * as the input the trigger would get; undefined with the reason when none can be read.
 */
export async function readRecordInput(
  api: ConsoleClient,
  nodes: FlowNodes,
  connection: { id: string; name: string; integrationKey: string }
): Promise<SuggestedInput | { reason: string } | undefined> {
  const trigger = recordTriggerOf(nodes)
  if (!trigger) return undefined
  const collection = await collectionOf(api, trigger, connection.integrationKey)
  if (!collection) return { reason: 'the trigger names no collection' }
  const answer = await api.call('connections.executeRequest', {
    id: connection.id,
    method: 'GET',
    path: `/${collection}`,
    query: { limit: '1' }
  })
  if (answer.status >= 300) return { reason: `${connection.name} answered ${answer.status} for /${collection}` }
  const record = recordsOf(answer.data).find(
    (r): r is { id: string } & Record<string, unknown> =>
      !!r && typeof r === 'object' && typeof (r as { id?: unknown }).id === 'string'
  )
  if (!record) return { reason: `${connection.name} has no ${collection} record yet` }
  const input = recordEventInput(trigger, collection, record)
  return {
    input,
    source: `A real ${collection} record (${record.id}) read through ${connection.name}.`,
    rank: INPUT_RANK.record,
    triggerOutput: await importedThroughMapping(api, trigger, connection.id, record).then(
      (fields) => (fields ? { ...(input as object), fields } : undefined),
      () => undefined
    )
  }
}

/** The record imported through the trigger's field mapping on this connection (the trigger's `fields`). */
async function importedThroughMapping(
  api: ConsoleClient,
  trigger: RecordTrigger,
  connectionId: string,
  record: Record<string, unknown>
): Promise<Record<string, unknown> | undefined> {
  if (!trigger.fieldMappingKey || trigger.event === 'deleted') return undefined
  const editors = await api.call('mappingEditor.get', { connectionId })
  const instance = editors.find((e) => e.instance.key === trigger.fieldMappingKey)?.instance
  if (!instance?.importValue) return undefined
  const checked = await api.call('mappingEditor.check', {
    id: instance.id,
    importValue: instance.importValue,
    sample: record
  })
  return checked.imported
}
