import type { OperationListItemDto, OperationSpecDto } from '../../contract/operations'
import type { OperationDefinition } from '../apps/connector'

/** An operation as the catalogue lists it. */
export function toOperationListItem(op: OperationDefinition): OperationListItemDto {
  return {
    key: op.key,
    name: op.name,
    ...(op.description ? { description: op.description } : {}),
    ...(op.tags ? { tags: op.tags } : {}),
    isReadOnly: op.isReadOnly ?? false
  }
}

/** An operation with its schemas and the request it sends. */
export function toOperationSpec(op: OperationDefinition): OperationSpecDto {
  return {
    ...toOperationListItem(op),
    inputSchema: op.inputSchema,
    ...(op.outputSchema ? { outputSchema: op.outputSchema } : {}),
    request: { method: op.method, path: op.path }
  }
}
