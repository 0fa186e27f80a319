import type { FlowDto } from '../../../contract/flows'
import { fromJsonColumn } from '../../common/json-column'
import { optionalJson, toTemplateDto } from '../../templates/template.mapper'
import type { FlowRow } from './flow.repository'

/** Row → DTO. */
export function toFlowDto(row: FlowRow): FlowDto {
  return toTemplateDto(row, {
    definition: {
      nodes: fromJsonColumn(row.nodes, {}),
      autoCreateInstances: row.auto_create_instances === 1
    },
    parentAlias: 'universalFlowId',
    optional: {
      parametersSchema: optionalJson(row.parameters_schema, {}),
      concurrency: row.concurrency ?? undefined
    }
  }) as unknown as FlowDto
}
