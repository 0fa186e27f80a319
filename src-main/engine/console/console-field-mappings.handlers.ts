import { Type } from '@sinclair/typebox'
import type { ConsoleMappingCheck, ConsoleMappingEditor } from '../../contract/console-field-mappings'
import { EngineError } from '../common/engine-error'
import { inputParser } from '../common/input-parser'
import type { Engine } from '../engine'
import { applyMapping, mappingProblems, schemaFields } from '../field-mappings/field-mapping.evaluator'
import type { ConsoleHandlers } from './console-handler'
import { ID, Ref } from './console.inputs'

/** Methods of the data source and field mapping pages and of the field mapping editor. */
export type FieldMappingMethods =
  | 'dataSources.list'
  | 'dataSources.get'
  | 'fieldMappings.list'
  | 'fieldMappings.get'
  | 'mappingEditor.get'
  | 'mappingEditor.check'
  | 'mappingEditor.save'
  | 'mappingEditor.reset'

const parseRef = inputParser(Ref, '', 'reference')
const parseListQuery = inputParser(
  Type.Object({ includeArchived: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
  '',
  'listing query'
)
const parseEditorRef = inputParser(
  Type.Object({ connectionId: ID }, { additionalProperties: false }),
  '',
  'field mapping editor request'
)
const OBJECT = Type.Record(Type.String(), Type.Unknown())
const parseDraft = inputParser(
  Type.Object({ id: ID, importValue: OBJECT, sample: Type.Optional(OBJECT) }, { additionalProperties: false }),
  '',
  'field mapping draft'
)

/** Handlers of the data sources and field mappings pages and the editor; every call acts as the console. */
export function createFieldMappingHandlers(engine: Engine): Pick<ConsoleHandlers, FieldMappingMethods> {
  const actor = engine.consoleActor
  const { dataSources, fieldMappings, fieldMappingInstances, dataSourceInstances, connections } = engine

  const editorOf = async (connectionId: string): Promise<ConsoleMappingEditor[]> => {
    const connection = connections.get(actor, connectionId)
    const keys = new Set(
      fieldMappings
        .list({ limit: 1000 })
        .items.filter((m) => m.isUniversal || m.integrationKey === connection.integrationKey)
        .map((m) => m.key)
    )
    const editors: ConsoleMappingEditor[] = []
    for (const key of keys) {
      const instance = await fieldMappingInstances.get(actor, { fieldMappingKey: key, connectionId, autoCreate: true })
      const editor: ConsoleMappingEditor = { instance }
      if (instance.dataSourceInstanceId) {
        try {
          const page = await dataSourceInstances.listRecords(actor, { id: instance.dataSourceInstanceId }, { limit: 1 })
          editor.sample = page.records[0]?.fields
          if (!editor.sample) editor.sampleError = 'The app has no records in this collection yet.'
        } catch (error) {
          editor.sampleError = error instanceof Error ? error.message : String(error)
        }
      }
      editors.push(editor)
    }
    return editors
  }

  const check = async (input: {
    id: string
    importValue: Record<string, unknown>
    sample?: Record<string, unknown>
  }): Promise<ConsoleMappingCheck> => {
    const instance = await fieldMappingInstances.get(actor, { id: input.id })
    const problems = mappingProblems(input.importValue, 'importValue', schemaFields(instance.appSchema), 'your app')
    if (problems.length || !input.sample) return { problems }
    try {
      const imported = await applyMapping(input.importValue, input.sample, 'importValue', instance.appSchema)
      const exported = instance.exportValue
        ? await applyMapping(instance.exportValue, imported, 'exportValue', instance.dataSourceSchema, true)
        : undefined
      return { problems, imported, exported }
    } catch (error) {
      if (error instanceof EngineError) return { problems: error.data?.errors ?? [], previewError: error.message }
      throw error
    }
  }

  return {
    'dataSources.list': {
      parse: parseListQuery,
      run: (q) => dataSources.list({ limit: 1000, includeArchived: q.includeArchived }).items
    },
    'dataSources.get': {
      parse: parseRef,
      run: ({ id }) => ({
        element: dataSources.get(id),
        children: dataSources.list({ limit: 1000, parentId: id }).items
      })
    },
    'fieldMappings.list': {
      parse: parseListQuery,
      run: (q) => fieldMappings.list({ limit: 1000, includeArchived: q.includeArchived }).items
    },
    'fieldMappings.get': {
      parse: parseRef,
      run: ({ id }) => ({
        element: fieldMappings.get(id),
        children: fieldMappings.list({ limit: 1000, parentId: id }).items
      })
    },
    'mappingEditor.get': { parse: parseEditorRef, run: ({ connectionId }) => editorOf(connectionId) },
    'mappingEditor.check': { parse: parseDraft, run: check },
    'mappingEditor.save': {
      parse: parseDraft,
      run: ({ id, importValue }) => fieldMappingInstances.patch(actor, { id }, { importValue })
    },
    'mappingEditor.reset': { parse: parseRef, run: ({ id }) => fieldMappingInstances.reset(actor, { id }) }
  }
}
