import { FlowCreate, FlowUpdate, type FlowDto } from '../../../contract/flows'
import type { EngineContext } from '../../common/engine-context'
import { invalidData } from '../../common/engine-error'
import { inputParser } from '../../common/input-parser'
import { fromJsonColumn, jsonOrNull, toJsonColumn, toJsonColumnOrNull } from '../../common/json-column'
import { checkJsonSchema } from '../../common/json-schema'
import { assertElementKey } from '../../common/element-keys'
import { listProblems } from '../../common/problem-list'
import type { FlowGraphValidator } from '../flow-graph/flow-graph'
import { templateKind } from '../../templates/template-kinds'
import { TemplateService, type TemplateSelector } from '../../templates/template.service'
import { toFlowDto } from './flow.mapper'
import { FlowRepository, type FlowRow } from './flow.repository'

const parseCreate = inputParser(FlowCreate, '', 'flow')
const parseUpdate = inputParser(FlowUpdate, '', 'flow update')

/** Which flow a request names: a string selector (id, key or `integrationKey.key`) or an object selector. */
export type FlowSelector = TemplateSelector

/**
 * Flow templates: universal flows and flows for one integration (by key; the integration
 * itself is checked once integrations exist). Every save validates the node graph. A flow
 * derived from a universal flow follows it until customised; `reset` takes it back.
 */
export class FlowService extends TemplateService<FlowRow, FlowDto, FlowRepository> {
  constructor(
    ctx: EngineContext,
    private readonly graph: FlowGraphValidator,
    integrationKeyOf: (selector: string, path: string) => string = (selector) => selector
  ) {
    super(ctx, new FlowRepository(ctx.db), templateKind(ctx.events, 'flow', toFlowDto), integrationKeyOf)
  }

  /** Creates a flow; its nodes are validated (an empty graph is allowed as a draft). */
  async create(input: unknown): Promise<FlowDto> {
    const body = parseCreate(input)
    const integrationKey = this.integrationKeyIn(body)
    const parent = this.parentFor(body.parentId ?? body.universalFlowId, integrationKey)
    const key = this.newKey(body.key, parent, body.name, integrationKey)
    const nodes =
      body.nodes !== undefined
        ? await this.graph.validate(body.nodes, `flow "${key}"`)
        : parent
          ? fromJsonColumn(parent.nodes)
          : {}
    this.checkParametersSchema(body.parametersSchema)
    const nodesText = toJsonColumn(nodes)
    return this.insert({
      ...this.newIdentity(key, integrationKey, parent, body),
      nodes: nodesText,
      parameters_schema: body.parametersSchema
        ? toJsonColumn(body.parametersSchema)
        : parent?.parameters_schema || null,
      concurrency: body.concurrency ?? parent?.concurrency ?? null,
      auto_create_instances: body.autoCreateInstances ? 1 : 0,
      is_customized: parent ? Number(nodesText !== parent.nodes || body.name !== parent.name) : 0
    })
  }

  /** PATCH: changes what the body names. */
  async patch(selector: FlowSelector, input: unknown): Promise<FlowDto> {
    return this.write(this.rowOf(selector), parseUpdate(input), 'patch')
  }

  /** PUT: replaces the flow; `name` is required and absent optional values are cleared. */
  async replace(selector: FlowSelector, input: unknown): Promise<FlowDto> {
    const body = parseUpdate(input)
    if (body.name === undefined)
      throw invalidData(
        'name is required for PUT, which replaces the whole flow; use PATCH to change only some values.',
        [{ path: 'name', message: 'name is required' }]
      )
    return this.write(this.rowOf(selector), body, 'put')
  }

  /** Runs the checks `create` runs on a body (shape, key, nodes, parametersSchema) without writing: imports check every element first. */
  async check(input: unknown): Promise<void> {
    const body = parseCreate(input)
    if (body.key !== undefined) assertElementKey(body.key, 'The flow')
    if (body.nodes !== undefined) await this.graph.validate(body.nodes, `flow "${body.key ?? body.name}"`)
    this.checkParametersSchema(body.parametersSchema)
  }

  private async write(row: FlowRow, body: FlowUpdate, mode: 'patch' | 'put'): Promise<FlowDto> {
    const changes: Partial<FlowRow> = {}
    const key = this.keyChange(row, body.key)
    if (key !== undefined) changes.key = key
    if (body.name !== undefined) changes.name = body.name
    if (body.description !== undefined || mode === 'put') changes.description = body.description ?? null
    if (body.nodes !== undefined)
      changes.nodes = toJsonColumn(await this.graph.validate(body.nodes, `flow "${body.key ?? row.key}"`))
    else if (mode === 'put') changes.nodes = toJsonColumn({})
    if (body.parametersSchema !== undefined || mode === 'put') {
      this.checkParametersSchema(body.parametersSchema)
      changes.parameters_schema = toJsonColumnOrNull(body.parametersSchema)
    }
    if (body.concurrency !== undefined || mode === 'put') changes.concurrency = body.concurrency ?? null
    if (body.autoCreateInstances !== undefined || mode === 'put')
      changes.auto_create_instances = body.autoCreateInstances ? 1 : 0
    if (body.meta !== undefined || mode === 'put') changes.meta = jsonOrNull(body.meta)
    return this.commit(row, changes)
  }

  private checkParametersSchema(schema: unknown): void {
    if (schema === undefined || schema === null) return
    const problems = checkJsonSchema(schema, 'parametersSchema')
    if (problems.length) throw invalidData(`Invalid parametersSchema: ${listProblems(problems)}`, problems)
  }
}
