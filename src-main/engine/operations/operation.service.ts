import { Type } from '@sinclair/typebox'
import type { OperationListItemDto, OperationRunResultDto, OperationSpecDto } from '../../contract/operations'
import { errorFromAppResponse } from '../apps/app-response.error'
import type { OperationDefinition } from '../apps/connector'
import type { Actor } from '../auth/actor'
import { invalidData, notFound } from '../common/engine-error'
import { inputParser } from '../common/input-parser'
import type { ConnectionService } from '../connections/connection.service'
import type { IntegrationConfig, IntegrationService } from '../integrations/integration.service'
import { OperationInputValidator } from './operation-input.validator'
import { toOperationListItem, toOperationSpec } from './operation.mapper'

const RunRequest = Type.Object({ input: Type.Optional(Type.Unknown()) }, { additionalProperties: false })
const parseRun = inputParser(RunRequest, '', 'operation run request')

/**
 * The operation catalogue of the apps (`integration(k).getOperations()`) and running one
 * through a customer's connection: the input is checked against the operation's schema first,
 * so a bad input answers 400 naming the path and nothing reaches the app.
 */
export class OperationService {
  private readonly validator = new OperationInputValidator()

  constructor(
    private readonly integrations: IntegrationService,
    private readonly connections: ConnectionService
  ) {}

  /** The operations of the integration an id or key names. */
  list(integrationSelector: string): OperationListItemDto[] {
    return this.operationsOf(this.integrations.config(integrationSelector)).map(toOperationListItem)
  }

  /** One operation of an integration, with its input and output schemas. */
  spec(integrationSelector: string, key: string): OperationSpecDto {
    const config = this.integrations.config(integrationSelector)
    return toOperationSpec(this.find(config, key))
  }

  /** The operations a connection can run (its integration's). */
  listOnConnection(actor: Actor, connectionSelector: string): OperationListItemDto[] {
    return this.operationsOf(this.configOf(actor, connectionSelector)).map(toOperationListItem)
  }

  /** One operation of a connection's integration. */
  specOnConnection(actor: Actor, connectionSelector: string, key: string): OperationSpecDto {
    return toOperationSpec(this.find(this.configOf(actor, connectionSelector), key))
  }

  /** Runs an operation through the connection: `{input}` checked, sent, the app's answer as `output`. */
  async run(actor: Actor, connectionSelector: string, key: string, body: unknown): Promise<OperationRunResultDto> {
    const { input = {} } = parseRun(body ?? {})
    const view = this.connections.resolve(actor, connectionSelector)
    const operation = this.find(this.configFor(view.integration_id, view.integration_key), key)
    const problems = this.validator.problems(operation, input)
    if (problems.length)
      throw invalidData(
        `The input of operation "${key}" does not match its schema: ${problems.map((p) => p.message).join('; ')}. Nothing was sent to ${view.integration_name}.`,
        problems
      )
    const request = operation.request(input as Record<string, unknown>)
    const response = await this.connections.request(actor, view.id, request)
    if (response.status >= 300)
      throw errorFromAppResponse(
        view.integration_name,
        `operation "${key}" (${operation.method} ${operation.path})`,
        response
      )
    return { output: response.body ?? null }
  }

  private configOf(actor: Actor, connectionSelector: string): IntegrationConfig {
    const view = this.connections.resolve(actor, connectionSelector)
    return this.configFor(view.integration_id, view.integration_key)
  }

  private configFor(integrationId: string, integrationKey: string): IntegrationConfig {
    const config = this.integrations.configById(integrationId)
    if (!config) throw notFound(`Integration "${integrationKey}" of this connection no longer exists.`)
    return config
  }

  private operationsOf(config: IntegrationConfig): OperationDefinition[] {
    return config.connector.operations ?? []
  }

  private find(config: IntegrationConfig, key: string): OperationDefinition {
    const operations = this.operationsOf(config)
    const operation = operations.find((o) => o.key === key)
    if (!operation)
      throw notFound(
        `Integration "${config.row.key}" has no operation "${key}"; it has ${operations.map((o) => o.key).join(', ') || 'none (its connector defines no operations)'}.`
      )
    return operation
  }
}
