import { fromJsonColumn, parseJsonColumn, type JsonText } from '../common/json-column'
import type { TemplateRow } from './template.repository'

/** What a kind of template adds to the DTO fields every template has. */
export interface TemplateDtoParts {
  /** Fields always present (the definition: `nodes`, `type` and `config`, …), written after `isCustomized`. */
  definition: Record<string, unknown>
  /** The kind's second name for `parentId` (`universalFlowId`, `universalParentId`, `universalDataSourceId`). */
  parentAlias: string
  /**
   * The engine id of the row's integration, for kinds whose DTO carries it beside
   * `integrationKey` (data sources, field mappings; Membrane's DTOs allow it on every kind).
   */
  integrationId?: string
  /** Fields present only when not undefined, written after the parent. */
  optional: Record<string, unknown>
}

/**
 * Row → DTO for any kind of template: the shared fields around the kind's own, in the order
 * the API has always written them (exports and snapshots keep their key order).
 */
export function toTemplateDto(row: TemplateRow, parts: TemplateDtoParts): Record<string, unknown> {
  const dto: Record<string, unknown> = {
    id: row.id,
    key: row.key,
    name: row.name,
    isUniversal: row.integration_key === null,
    isCustomized: row.is_customized === 1,
    ...parts.definition,
    revision: String(row.revision),
    state: 'READY',
    createdAt: row.created_at,
    updatedAt: row.updated_at
  }
  if (row.description !== null) dto.description = row.description
  if (row.integration_key !== null) dto.integrationKey = row.integration_key
  if (parts.integrationId !== undefined) dto.integrationId = parts.integrationId
  if (row.parent_id !== null) {
    dto.parentId = row.parent_id
    dto[parts.parentAlias] = row.parent_id
  }
  for (const [field, value] of Object.entries(parts.optional)) if (value !== undefined) dto[field] = value
  if (row.meta !== null) dto.meta = parseJsonColumn(row.meta, {})
  if (row.archived_at !== null) dto.archivedAt = row.archived_at
  return dto
}

/** A JSON column's value, or undefined when the column is NULL (an optional DTO field left out). */
export function optionalJson<T>(text: JsonText<T> | null, fallback: T): T | undefined {
  return text === null ? undefined : fromJsonColumn(text, fallback)
}
