import { Type } from '@sinclair/typebox'
import { ELEMENT_KEY } from '../../contract/templates'
import type { ErrorDetail } from '../../contract/errors'
import type {
  FieldMappingDirection,
  FieldMappingInstanceDto,
  FieldMappingInstanceQuery,
  FieldMappingInstanceSelector,
  FieldMappingRunResult
} from '../../contract/field-mappings'
import type { ElementError } from '../../contract/flows'
import type { Page } from '../../contract/pagination'
import type { Actor } from '../auth/actor'
import type { EngineContext } from '../common/engine-context'
import { badRequest, type EngineError, invalidData, notFound } from '../common/engine-error'
import { inputParser } from '../common/input-parser'
import { fromJsonColumn, toJsonColumn, toJsonColumnOrNull } from '../common/json-column'
import { listProblems } from '../common/problem-list'
import type { ConnectionService } from '../connections/connection.service'
import type { CustomerService } from '../customers/customer.service'
import { elementError, type DataSourceInstanceService } from '../data-source-instances/data-source-instance.service'
import { applyMapping, mappingProblems, schemaFields } from '../field-mappings/field-mapping.evaluator'
import type { FieldMappingRow } from '../field-mappings/field-mapping.repository'
import type { FieldMappingService } from '../field-mappings/field-mapping.service'
import type { IntegrationService } from '../integrations/integration.service'
import { SetUpInstanceService } from '../templates/instance.service'
import { effectiveValue, toFieldMappingInstanceDto } from './field-mapping-instance.mapper'
import { FieldMappingInstanceRepository, type FieldMappingInstanceRow } from './field-mapping-instance.repository'

const MAPPING = Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()])

const CreateBody = Type.Object({
  fieldMappingId: Type.Optional(ELEMENT_KEY),
  fieldMappingKey: Type.Optional(ELEMENT_KEY),
  integrationKey: Type.Optional(ELEMENT_KEY),
  connectionId: Type.Optional(ELEMENT_KEY),
  instanceKey: Type.Optional(ELEMENT_KEY),
  userId: Type.Optional(ELEMENT_KEY),
  importValue: Type.Optional(MAPPING),
  exportValue: Type.Optional(MAPPING)
})
const UpdateBody = Type.Object({
  importValue: Type.Optional(MAPPING),
  exportValue: Type.Optional(MAPPING),
  archivedAt: Type.Optional(Type.String())
})
const RunBody = Type.Object({
  direction: Type.Optional(Type.Union([Type.Literal('import'), Type.Literal('export')])),
  input: Type.Optional(Type.Record(Type.String(), Type.Unknown()))
})

const parseCreate = inputParser(CreateBody, '', 'field mapping instance')
const parseUpdate = inputParser(UpdateBody, '', 'field mapping instance update')
const parseRun = inputParser(RunBody, '', 'field mapping run')

const ENGINE_ACTOR: Actor = { kind: 'admin' }

type MappingValues = { importValue?: Record<string, unknown> | null; exportValue?: Record<string, unknown> | null }

/**
 * Field mapping instances: a field mapping on one customer's connection. The customer's own
 * `importValue` / `exportValue` are a customisation (reset takes them back to the defaults);
 * setup makes sure the data source instance exists on the connection and keeps its field
 * schema, so mappings are checked against the app's real fields. Applying the mapping turns an
 * app record into your app's schema (import) or back (export), with errors that name the field.
 */
export class FieldMappingInstanceService extends SetUpInstanceService<
  FieldMappingInstanceRow,
  FieldMappingInstanceDto,
  FieldMappingInstanceSelector
> {
  constructor(
    ctx: EngineContext,
    private readonly fieldMappings: FieldMappingService,
    private readonly dataSourceInstances: DataSourceInstanceService,
    customers: CustomerService,
    connections: ConnectionService,
    private readonly integrations: IntegrationService
  ) {
    super(
      ctx,
      new FieldMappingInstanceRepository(ctx.db),
      { customers, connections, integrations },
      'fieldMappingInstance'
    )
    ctx.events.on('fieldMapping.updated', ({ fieldMapping }) => void this.setupAllOf(fieldMapping.id))
  }

  list(actor: Actor, query: FieldMappingInstanceQuery = {}): Page<FieldMappingInstanceDto> {
    return this.listPage(actor, query, () => ({
      templateIds: this.templateIdsNamed(this.fieldMappings, query.fieldMappingId, query.fieldMappingKey)
    }))
  }

  find(actor: Actor, selector: FieldMappingInstanceSelector): FieldMappingInstanceRow | undefined {
    if (selector.id) return this.rowFor(actor, selector.id)
    const target = this.target(actor, selector, 'Finding a field mapping instance')
    return this.repo.liveFor(
      target.customerId,
      target.fieldMapping.id,
      target.connectionId,
      selector.instanceKey ?? null
    )
  }

  /** The customer's own import / export mapping (`null` takes one back to the default); checked, or nothing changes. */
  async patch(actor: Actor, selector: FieldMappingInstanceSelector, input: unknown): Promise<FieldMappingInstanceDto> {
    const body = parseUpdate(input ?? {})
    let row = this.require(actor, selector)
    if (body.archivedAt !== undefined) return this.archive(actor, { id: row.id })
    if (row.data_source_schema === null) row = await this.runSetup(row)
    await this.checkValues(row, body)
    const changes: Partial<FieldMappingInstanceRow> = { updated_at: this.ctx.nowIso() }
    if (body.importValue !== undefined) changes.import_value = toJsonColumnOrNull(body.importValue)
    if (body.exportValue !== undefined) changes.export_value = toJsonColumnOrNull(body.exportValue)
    return this.setUpAndAnnounce(this.repo.update(row.id, changes))
  }

  /** Applies the mapping in effect to a record: `import` (app record → your app) or `export` (your app → app). */
  async run(actor: Actor, selector: FieldMappingInstanceSelector, input: unknown): Promise<FieldMappingRunResult> {
    const body = parseRun(input ?? {})
    const row = this.require(actor, selector)
    return { output: await this.mapRecord(row, body.direction ?? 'import', body.input ?? {}) }
  }

  /** Maps one record with the instance's mapping in effect (flows use it). */
  async mapRecord(
    row: FieldMappingInstanceRow,
    direction: 'import' | 'export',
    record: Record<string, unknown>
  ): Promise<Record<string, unknown>> {
    const fieldMapping = this.fieldMappingOf(row)
    if (!allows(fieldMapping.direction as FieldMappingDirection, direction))
      throw badRequest(
        `Field mapping "${fieldMapping.key}" maps only ${fieldMapping.direction === 'import' ? 'from the app into your app (import)' : 'from your app into the app (export)'}; it cannot ${direction}.`
      )
    if (direction === 'import') {
      const value = effectiveValue(
        row.import_value,
        fieldMapping.default_import_value,
        fieldMapping.frozen_import_fields
      )
      return applyMapping(value ?? {}, record, 'importValue', fromJsonColumn(fieldMapping.app_schema, undefined))
    }
    const value = effectiveValue(row.export_value, fieldMapping.default_export_value, fieldMapping.frozen_export_fields)
    return applyMapping(value ?? {}, record, 'exportValue', fromJsonColumn(row.data_source_schema, undefined), true)
  }

  /** Setup: the data source instance on the connection and the app's fields; problems become SETUP_FAILED with errors. */
  async runSetup(row: FieldMappingInstanceRow): Promise<FieldMappingInstanceRow> {
    const fieldMapping = this.fieldMappingOf(row)
    const errors: ElementError[] = []
    let dataSourceInstanceId = row.data_source_instance_id
    let schema = row.data_source_schema
    if (fieldMapping.data_source_key === null) {
      errors.push({
        type: 'bad_request',
        key: 'invalid_data',
        message: `Field mapping "${fieldMapping.key}" names no data source: set dataSourceKey on it.`
      })
    } else {
      try {
        const instance = await this.dataSourceInstances.ensure(ENGINE_ACTOR, {
          dataSourceKey: fieldMapping.data_source_key,
          connectionId: row.connection_id,
          instanceKey: row.instance_key ?? undefined,
          autoCreate: true
        })
        const set = instance.state === 'READY' ? instance : await this.dataSourceInstances.runSetup(instance)
        dataSourceInstanceId = set.id
        const spec = fromJsonColumn(set.collection_spec, null)
        if (set.state !== 'READY') errors.push(...fromJsonColumn(set.errors, []))
        else if (spec) schema = toJsonColumn(spec.fieldsSchema)
      } catch (error) {
        errors.push(elementError(error))
      }
    }
    if (!errors.length) {
      const problems = this.valueProblems(fieldMapping, schema, {
        importValue: fromJsonColumn(row.import_value, undefined),
        exportValue: fromJsonColumn(row.export_value, undefined)
      })
      if (problems.length)
        errors.push({
          type: 'bad_request',
          key: 'invalid_data',
          message: `The mapping does not fit the app's fields: ${listProblems(problems)}`,
          data: { errors: problems }
        })
    }
    return this.repo.update(row.id, {
      state: errors.length ? 'SETUP_FAILED' : 'READY',
      errors: errors.length ? toJsonColumn(errors) : null,
      data_source_instance_id: dataSourceInstanceId,
      data_source_schema: schema,
      setup_at: this.ctx.nowIso()
    })
  }

  dto(row: FieldMappingInstanceRow): FieldMappingInstanceDto {
    return toFieldMappingInstanceDto(
      row,
      this.fieldMappingOf(row),
      this.integrations.idOfKey(row.integration_key) ?? row.integration_key
    )
  }

  protected async insert(actor: Actor, input: unknown): Promise<FieldMappingInstanceRow> {
    const body = parseCreate(input ?? {})
    const target = this.target(actor, body, 'Creating a field mapping instance')
    const { fieldMapping } = target
    if (fieldMapping.archived_at)
      throw badRequest(`Field mapping "${fieldMapping.key}" is archived; restore it before using it on a connection.`)
    const row = this.ctx.db.transaction(() => {
      return this.insertAt(
        target,
        body.instanceKey,
        {
          field_mapping_id: fieldMapping.id,
          import_value: null,
          export_value: null,
          data_source_instance_id: null,
          data_source_schema: null
        },
        (existing) =>
          `This customer already has an instance of field mapping "${fieldMapping.key}" on connection ${target.connectionId} (id ${existing.id}).`
      )
    })
    let set = await this.runSetup(row)
    if (body.importValue !== undefined || body.exportValue !== undefined) {
      try {
        await this.checkValues(set, body)
      } catch (error) {
        this.ctx.db.run(this.ctx.db.q.deleteFrom('field_mapping_instances').where('id', '=', row.id))
        throw error
      }
      set = await this.runSetup(
        this.repo.update(set.id, {
          import_value: toJsonColumnOrNull(body.importValue),
          export_value: toJsonColumnOrNull(body.exportValue)
        })
      )
    }
    this.announce('created', this.dto(set))
    return set
  }

  /** 400 naming every problem with the customer's mappings; nothing is written. */
  private async checkValues(row: FieldMappingInstanceRow, values: MappingValues): Promise<void> {
    const fieldMapping = this.fieldMappingOf(row)
    const problems = this.valueProblems(fieldMapping, row.data_source_schema, values)
    for (const [name, frozenColumn, defaultColumn] of [
      ['importValue', fieldMapping.frozen_import_fields, fieldMapping.default_import_value],
      ['exportValue', fieldMapping.frozen_export_fields, fieldMapping.default_export_value]
    ] as const) {
      const value = values[name]
      if (!value) continue
      const defaults = fromJsonColumn(defaultColumn, {})
      for (const field of fromJsonColumn(frozenColumn, [])) {
        if (field in value && JSON.stringify(value[field]) !== JSON.stringify(defaults[field]))
          problems.push({
            path: `${name}.${field}`,
            message: `${name}.${field} is frozen by field mapping "${fieldMapping.key}": leave it out or keep the default`
          })
      }
    }
    const direction = fieldMapping.direction as FieldMappingDirection
    if (values.importValue && !allows(direction, 'import'))
      problems.push({
        path: 'importValue',
        message: `field mapping "${fieldMapping.key}" only exports; set exportValue`
      })
    if (values.exportValue && !allows(direction, 'export'))
      problems.push({
        path: 'exportValue',
        message: `field mapping "${fieldMapping.key}" only imports; set importValue`
      })
    if (problems.length) throw invalidData(`Invalid field mapping instance: ${listProblems(problems)}`, problems)
  }

  private valueProblems(
    fieldMapping: FieldMappingRow,
    schema: FieldMappingInstanceRow['data_source_schema'],
    values: MappingValues
  ): ErrorDetail[] {
    const appFields = schemaFields(fromJsonColumn(fieldMapping.app_schema, undefined))
    const collectionFields = schemaFields(fromJsonColumn(schema, undefined))
    return [
      ...mappingProblems(values.importValue, 'importValue', appFields, "your app's schema"),
      ...mappingProblems(values.exportValue, 'exportValue', collectionFields, "the app's collection")
    ]
  }

  private target(
    actor: Actor,
    selector: {
      fieldMappingId?: string
      fieldMappingKey?: string
      integrationKey?: string
      connectionId?: string
      userId?: string
    },
    doing: string
  ): { customerId: string; connectionId: string; integrationKey: string; fieldMapping: FieldMappingRow } {
    if (!selector.fieldMappingId && !selector.fieldMappingKey)
      throw invalidData(
        'Name the field mapping: fieldMappingKey (or fieldMappingId), with connectionId or integrationKey for the connection.',
        [{ path: 'fieldMappingKey', message: 'required' }]
      )
    const scope = this.targets.scope(actor, selector)
    const fieldMapping = selector.fieldMappingId
      ? this.fieldMappings.rowOf({ id: selector.fieldMappingId })
      : ((scope.integrationKey
          ? this.fieldMappings.forIntegration(selector.fieldMappingKey!, scope.integrationKey)
          : undefined) ?? this.fieldMappings.rowOf({ key: selector.fieldMappingKey! }))
    if (fieldMapping.integration_key && scope.integrationKey && fieldMapping.integration_key !== scope.integrationKey)
      throw badRequest(
        `Field mapping "${fieldMapping.key}" belongs to integration "${fieldMapping.integration_key}", but the connection is to "${scope.integrationKey}".`
      )
    const target = this.targets.target(actor, scope, {
      integrationKey: fieldMapping.integration_key,
      userId: selector.userId,
      doing,
      what: `field mapping "${fieldMapping.key}"`
    })
    if (!target.connection || !target.integrationKey)
      throw badRequest(
        `A field mapping instance lives on a connection: name one with connectionId, or integrationKey for the customer's connection to it.`
      )
    return {
      customerId: target.customerId,
      connectionId: target.connection.id,
      integrationKey: target.integrationKey,
      fieldMapping
    }
  }

  private fieldMappingOf(row: FieldMappingInstanceRow): FieldMappingRow {
    const fieldMapping = this.fieldMappings.byId(row.field_mapping_id)
    if (!fieldMapping)
      throw notFound(`The field mapping ${row.field_mapping_id} of instance ${row.id} no longer exists.`)
    return fieldMapping
  }

  protected notFoundFor(selector: FieldMappingInstanceSelector): EngineError {
    if (selector.id) return notFound(`No field mapping instance with id "${selector.id}".`)
    return notFound(
      `This customer has no instance of field mapping "${selector.fieldMappingKey ?? selector.fieldMappingId}" on that connection; add autoCreate=true to create it.`
    )
  }

  private async setupAllOf(fieldMappingId: string): Promise<void> {
    const rows = this.repo.list({ templateIds: [fieldMappingId], afterSeq: 0, limit: 10_000 })
    for (const row of rows) await this.runSetup(row).catch(() => undefined)
  }
}

function allows(direction: FieldMappingDirection, wanted: 'import' | 'export'): boolean {
  return direction === 'both' || direction === wanted
}
