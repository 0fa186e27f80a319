import type { DataCollectionDto } from '../../../contract/apps'
import { collectionSchema, type SandboxAppDefinition } from '../sandbox/sandbox-app.definitions'

/** The data collections of a sandbox app, as its connector spec lists them. */
export function sandboxCollections(definition: SandboxAppDefinition): DataCollectionDto[] {
  return definition.collections.map((c) => ({
    key: c.key,
    name: c.name,
    fieldsSchema: collectionSchema(c),
    operations: {
      list: true,
      findById: true,
      create: true,
      update: true,
      delete: true,
      search: true,
      events: ['created', 'updated', 'deleted']
    }
  }))
}
