import { randomBytes } from 'node:crypto'
import type { JsonSchema } from '../../contract/apps'
import type { ErrorDetail } from '../../contract/errors'
import type { FieldMappingInstanceDto } from '../../contract/field-mappings'
import type { FlowInstanceDto } from '../../contract/flow-instances'
import { mappingOfText, textOfMapping } from '../../contract/mapping-text'
import type { Actor, CustomerRef } from '../auth/actor'
import type { Authenticator } from '../auth/authenticator'
import { accessDenied, EngineError, notAuthenticated, notFound } from '../common/engine-error'
import { coerceForm } from '../connections/connect.service'
import type { ConnectionService } from '../connections/connection.service'
import type { CustomerService } from '../customers/customer.service'
import type { FieldMappingInstanceService } from '../field-mapping-instances/field-mapping-instance.service'
import type { FieldMappingService } from '../field-mappings/field-mapping.service'
import type { FlowInstanceService } from '../flow-engine/flow-instances/flow-instance.service'
import type { FlowService } from '../flow-engine/flows/flow.service'
import type { IntegrationService } from '../integrations/integration.service'

/** An integration as a screen shows it, with the customer's connection to it. */
export interface ScreenIntegration {
  id: string
  key: string
  name: string
  logoUri: string
  connection?: { id: string; name: string; connected: boolean }
}

/** What the connect screen (`client.ui.connect()`, `openNewConnection()`) shows. */
export interface ConnectScreenView {
  customerName: string
  /** One when the app named an integration; all of them to choose from otherwise. */
  integrations: ScreenIntegration[]
  /** The SDK payload the popup posts to `/connect` (token included), without `integrationKey`. */
  payload: Record<string, unknown>
}

/** One flow of the integration with the customer's instance of it, if any. */
export interface ScreenFlow {
  key: string
  name: string
  description?: string
  hasParameters: boolean
  instance?: { id: string; enabled: boolean; state: string }
}

/** One field mapping of the integration, as the customer's instance of it on their connection. */
export interface ScreenFieldMapping {
  instanceId: string
  name: string
  customized: boolean
}

/** What `integration(k).open()` shows. */
export interface IntegrationScreenView {
  customerName: string
  integration: ScreenIntegration
  flows: ScreenFlow[]
  /** The integration's field mappings (only once connected: an instance lives on a connection). */
  fieldMappings: ScreenFieldMapping[]
  /** The popup payload for connecting or reconnecting (token included). */
  payload: Record<string, unknown>
}

/** What the flow instance configuration screen shows. */
export interface FlowInstanceScreenView {
  customerName: string
  /** Absent while the customer sets the flow up for the first time (the form creates the instance). */
  instance?: { id: string; name: string; enabled: boolean; state: string }
  flowKey: string
  flowName: string
  integrationName?: string
  integrationKey?: string
  parametersSchema?: JsonSchema
  values: Record<string, unknown>
  errors: ErrorDetail[]
  message?: string
  saved?: boolean
}

/** A screen as `client.screens.find()` lists it (the SDK's `ScreenApiResponse`). */
export interface ScreenElementDto {
  id: string
  key: string
  name: string
  type: 'integration'
  blocks: Array<{ type: 'flow' | 'field-mapping' | 'data-source' | 'action'; [key: string]: unknown }>
}

function propertiesOf(schema: Record<string, unknown> | undefined): Record<string, { title?: unknown }> {
  const properties = schema?.properties
  return properties && typeof properties === 'object' && !Array.isArray(properties)
    ? (properties as Record<string, { title?: unknown }>)
    : {}
}

function lastOf(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[value.length - 1] : value
}

/**
 * The one screen the Workbench draws, `integration(k).open()`: its blocks are what the page
 * lists for the customer (the integration's flows, then its field mappings). Membrane lets a
 * workspace design its own screens; the Workbench's page is fixed, so it is listed as it is.
 */
const INTEGRATION_SCREEN: ScreenElementDto = {
  id: 'integration',
  key: 'integration',
  name: 'Integration page',
  type: 'integration',
  blocks: [
    { type: 'flow', description: "The integration's flows, each switched on or off and configured by the customer" },
    { type: 'field-mapping', description: "The integration's field mappings, each edited by the customer" }
  ]
}

/** What the field mapping instance configuration screen shows: one expression per field of your app. */
export interface FieldMappingScreenView {
  customerName: string
  instance: { id: string; name: string; customized: boolean }
  integrationName: string
  integrationKey: string
  /** Your app's fields, each with the expression text in effect (or as the customer last typed it). */
  fields: Array<{ name: string; title: string; text: string }>
  /** The fields of the app's collection the expressions read. */
  appFields: string[]
  errors: ErrorDetail[]
  message?: string
  saved?: 'saved' | 'reset'
}

/** The parameters the connect screen accepts (posted by the SDK, or in the embed URL's query). */
export interface ConnectScreenParams {
  integrationKey?: string
  integrationId?: string
  connectorId?: string
  connectionId?: string
  name?: string
  allowMultipleConnections?: boolean
  authOptionKey?: string
  connectorParameters?: Record<string, unknown>
}

/**
 * The screens a customer sees inside your app (the SDK's embedded UI): connect, the
 * integration page (connection, flows switched on or off) and flow instance configuration.
 * Every screen acts as the customer the token names, through the same services as the API.
 */
export class ScreenService {
  constructor(
    private readonly auth: Authenticator,
    private readonly customers: CustomerService,
    private readonly integrations: IntegrationService,
    private readonly connections: ConnectionService,
    private readonly flows: FlowService,
    private readonly flowInstances: FlowInstanceService,
    private readonly fieldMappings: FieldMappingService,
    private readonly fieldMappingInstances: FieldMappingInstanceService
  ) {}

  /** `GET /screens` (`?type=`, `?key=` filter): the screens the Workbench draws. */
  listScreens(query: { type?: string; key?: string } = {}): ScreenElementDto[] {
    return [INTEGRATION_SCREEN].filter(
      (s) => (query.type === undefined || s.type === query.type) && (query.key === undefined || s.key === query.key)
    )
  }

  /** `GET /screens/{id or key}`. */
  screenElement(selector: string): ScreenElementDto {
    const found = this.listScreens().find((s) => s.id === selector || s.key === selector)
    if (!found)
      throw notFound(
        `No screen "${selector}": the Workbench draws one screen, "${INTEGRATION_SCREEN.key}" (integration(k).open()).`
      )
    return found
  }

  /** The customer a screen token names; screens are always a customer's own. */
  async customerOf(token: string | undefined): Promise<{ actor: Actor; customer: CustomerRef; name: string }> {
    if (!token)
      throw notAuthenticated('This screen needs the customer token the SDK sends (field or query parameter "token").')
    const actor = await this.auth.fromToken(token)
    if (!actor.customer)
      throw accessDenied(
        'Screens show one customer\'s integrations: use a customer token (claim "id"), not an admin one.'
      )
    return { actor, customer: actor.customer, name: this.customers.get(actor.customer.id).name }
  }

  /** The connect screen: the integration the app named, or every integration to pick from. */
  async connectScreen(token: string | undefined, params: ConnectScreenParams): Promise<ConnectScreenView> {
    const { actor, name } = await this.customerOf(token)
    let integrations: ScreenIntegration[]
    if (params.connectionId) {
      const view = this.connections.resolve(actor, params.connectionId)
      integrations = [this.screenIntegration(actor, view.integration_id)]
    } else if (params.integrationKey || params.integrationId) {
      const dto = this.integrations.get((params.integrationId ?? params.integrationKey)!, actor)
      integrations = [this.screenIntegration(actor, dto.id)]
    } else {
      const all = this.integrations.list(actor, { limit: 100 }).items
      const chosen = params.connectorId ? all.filter((i) => i.connectorId === params.connectorId) : all
      integrations = chosen.map((i) => this.screenIntegration(actor, i.id))
    }
    return {
      customerName: name,
      integrations,
      payload: this.payload(token!, params)
    }
  }

  /** The integration page: the connection and the integration's flows with this customer's instances. */
  async integrationScreen(token: string | undefined, selector: string): Promise<IntegrationScreenView> {
    const { actor, name } = await this.customerOf(token)
    const dto = this.integrations.get(selector, actor)
    const integration = this.screenIntegration(actor, dto.id)
    const instances = new Map<string, FlowInstanceDto>()
    if (integration.connection) {
      for (const item of this.flowInstances.list(actor, {
        integrationKey: dto.key,
        connectionId: integration.connection.id,
        limit: 100
      }).items)
        if (item.flowKey && !item.instanceKey) instances.set(item.flowKey, item)
    }
    const flows = this.flows
      .list({ integrationKey: dto.key, isUniversal: false, limit: 100 })
      .items.map((flow): ScreenFlow => {
        const instance = instances.get(flow.key)
        const schema = flow.parametersSchema as { properties?: Record<string, unknown> } | undefined
        return {
          key: flow.key,
          name: flow.name,
          ...(flow.description ? { description: flow.description } : {}),
          hasParameters: !!schema && Object.keys(schema.properties ?? {}).length > 0,
          ...(instance ? { instance: { id: instance.id, enabled: instance.enabled, state: instance.state } } : {})
        }
      })
    return {
      customerName: name,
      integration,
      flows,
      fieldMappings: integration.connection
        ? await this.screenFieldMappings(actor, dto.key, integration.connection.id)
        : [],
      payload: this.payload(token!, {
        integrationKey: dto.key,
        ...(integration.connection ? { connectionId: integration.connection.id } : {})
      })
    }
  }

  /** The customer's instance of each field mapping of the integration, made when first shown (as the console's editor does). */
  private async screenFieldMappings(
    actor: Actor,
    integrationKey: string,
    connectionId: string
  ): Promise<ScreenFieldMapping[]> {
    const keys = new Set(
      this.fieldMappings
        .list({ limit: 1000 })
        .items.filter((m) => m.isUniversal || m.integrationKey === integrationKey)
        .map((m) => m.key)
    )
    const found: ScreenFieldMapping[] = []
    for (const key of keys) {
      const instance = await this.fieldMappingInstances.get(actor, {
        fieldMappingKey: key,
        connectionId,
        autoCreate: true
      })
      found.push({ instanceId: instance.id, name: instance.name, customized: instance.customized.importValue })
    }
    return found
  }

  /** `fieldMappingInstance(…).openConfiguration()`: the customer's import mapping, one expression per field of your app. */
  async fieldMappingScreen(token: string | undefined, id: string): Promise<FieldMappingScreenView> {
    const { actor, name } = await this.customerOf(token)
    const instance = await this.fieldMappingInstances.get(actor, { id })
    return this.fieldMappingView(name, actor, instance, {}, [])
  }

  /**
   * Saves the form (`field.<name>` = expression text; empty leaves the field unmapped) as the
   * customer's import mapping, or with `action=reset` takes it back to the default. The engine
   * checks the expressions; a bad one shows on its field and nothing is saved.
   */
  async saveFieldMappingScreen(
    token: string | undefined,
    id: string,
    fields: Record<string, string | string[] | undefined>
  ): Promise<FieldMappingScreenView> {
    const { actor, name } = await this.customerOf(token)
    const current = await this.fieldMappingInstances.get(actor, { id })
    if (lastOf(fields.action) === 'reset') {
      const after = await this.fieldMappingInstances.reset(actor, { id })
      return { ...this.fieldMappingView(name, actor, after, {}, []), saved: 'reset' }
    }
    const typed: Record<string, string> = {}
    for (const field of Object.keys(propertiesOf(current.appSchema)))
      typed[field] = lastOf(fields[`field.${field}`]) ?? ''
    const importValue = Object.fromEntries(
      Object.entries(typed)
        .filter(([, text]) => text.trim() !== '')
        .map(([field, text]) => [field, mappingOfText(text)])
    )
    try {
      const after = await this.fieldMappingInstances.patch(actor, { id }, { importValue })
      return { ...this.fieldMappingView(name, actor, after, {}, []), saved: 'saved' }
    } catch (error) {
      if (!(error instanceof EngineError) || error.status !== 400) throw error
      return this.fieldMappingView(name, actor, current, typed, error.data?.errors ?? [], error.message)
    }
  }

  private fieldMappingView(
    customerName: string,
    actor: Actor,
    instance: FieldMappingInstanceDto,
    typed: Record<string, string>,
    errors: ErrorDetail[],
    message?: string
  ): FieldMappingScreenView {
    const properties = propertiesOf(instance.appSchema)
    return {
      customerName,
      instance: { id: instance.id, name: instance.name, customized: instance.customized.importValue },
      integrationName: this.integrations.get(instance.integrationId, actor).name,
      integrationKey: instance.integrationKey,
      fields: Object.entries(properties).map(([field, def]) => ({
        name: field,
        title: typeof def.title === 'string' ? def.title : field,
        text: typed[field] ?? textOfMapping(instance.importValue?.[field])
      })),
      appFields: Object.keys(propertiesOf(instance.dataSourceSchema)),
      errors,
      ...(message ? { message } : {})
    }
  }

  /** Switches one of the integration's flows on or off for the customer (creating the instance when needed). */
  async setFlowEnabled(
    token: string | undefined,
    integration: string,
    flowKey: string,
    enabled: boolean
  ): Promise<void> {
    const { actor } = await this.customerOf(token)
    const integrationKey = this.integrations.get(integration, actor).key
    const instance = await this.flowInstances.get(actor, { flowKey, integrationKey, autoCreate: true })
    if (instance.enabled !== enabled) await this.flowInstances.patch(actor, { id: instance.id }, { enabled })
  }

  /** The configuration screen of one of the customer's flow instances. */
  async flowInstanceScreen(token: string | undefined, id: string): Promise<FlowInstanceScreenView> {
    const { actor, name } = await this.customerOf(token)
    const instance = await this.flowInstances.get(actor, { id })
    return this.instanceView(name, instance, instance.parameters ?? {}, [])
  }

  /** Saves the configuration form (strings as the browser sends them, typed by the schema). */
  async saveFlowInstance(
    token: string | undefined,
    id: string,
    fields: Record<string, string | string[] | undefined>
  ): Promise<FlowInstanceScreenView> {
    const { actor, name } = await this.customerOf(token)
    const instance = await this.flowInstances.get(actor, { id })
    const schema = this.parametersSchemaOf(instance)
    const parameters = schema ? coerceForm(schema, fields) : undefined
    const enabled = fields.enabled === 'on' || fields.enabled === 'true'
    try {
      const saved = await this.flowInstances.patch(actor, { id }, { enabled, ...(parameters ? { parameters } : {}) })
      return { ...this.instanceView(name, saved, saved.parameters ?? {}, []), saved: true }
    } catch (error) {
      if (!(error instanceof EngineError) || error.key !== 'invalid_data') throw error
      return this.instanceView(
        name,
        instance,
        parameters ?? {},
        fieldErrors(error),
        'Please correct the highlighted fields.'
      )
    }
  }

  /** A flow of the integration the customer has no instance of yet: its settings, to set it up. */
  async flowSetupScreen(
    token: string | undefined,
    integration: string,
    flowKey: string
  ): Promise<FlowInstanceScreenView> {
    const { actor, name } = await this.customerOf(token)
    return this.setupView(actor, name, integration, flowKey, {}, [])
  }

  /** Creates the customer's instance of the flow from the setup form (turned on unless unchecked). */
  async saveFlowSetup(
    token: string | undefined,
    integration: string,
    flowKey: string,
    fields: Record<string, string | string[] | undefined>
  ): Promise<FlowInstanceScreenView> {
    const { actor, name } = await this.customerOf(token)
    const integrationKey = this.integrations.get(integration, actor).key
    const flow = this.flows.get({ key: flowKey, integrationKey })
    const schema = flow.parametersSchema
    const parameters = schema ? coerceForm(schema, fields) : undefined
    const enabled = fields.enabled === 'on' || fields.enabled === 'true'
    try {
      const created = await this.flowInstances.create(actor, { flowKey, integrationKey, enabled, parameters })
      return { ...this.instanceView(name, created, created.parameters ?? {}, []), saved: true }
    } catch (error) {
      if (!(error instanceof EngineError) || error.key !== 'invalid_data') throw error
      return this.setupView(
        actor,
        name,
        integration,
        flowKey,
        parameters ?? {},
        fieldErrors(error),
        'Please correct the highlighted fields.'
      )
    }
  }

  private setupView(
    actor: Actor,
    customerName: string,
    integration: string,
    flowKey: string,
    values: Record<string, unknown>,
    errors: ErrorDetail[],
    message?: string
  ): FlowInstanceScreenView {
    const dto = this.integrations.get(integration, actor)
    const flow = this.flows.get({ key: flowKey, integrationKey: dto.key })
    const schema = flow.parametersSchema
    return {
      customerName,
      flowKey,
      flowName: flow.name,
      integrationName: dto.name,
      integrationKey: dto.key,
      parametersSchema:
        schema && Object.keys((schema.properties as object | undefined) ?? {}).length ? schema : undefined,
      values,
      errors,
      ...(message ? { message } : {})
    }
  }

  private instanceView(
    customerName: string,
    instance: FlowInstanceDto,
    values: Record<string, unknown>,
    errors: ErrorDetail[],
    message?: string
  ): FlowInstanceScreenView {
    const flow = instance.flowId ? this.flows.get(instance.flowId) : undefined
    const integrationName = instance.integrationKey
      ? this.integrations.config(instance.integrationKey, true).row.name
      : undefined
    return {
      customerName,
      instance: { id: instance.id, name: instance.name, enabled: instance.enabled, state: instance.state },
      flowKey: instance.flowKey ?? '',
      flowName: flow?.name ?? instance.name,
      ...(integrationName ? { integrationName, integrationKey: instance.integrationKey } : {}),
      parametersSchema: this.parametersSchemaOf(instance),
      values,
      errors,
      ...(message ? { message } : {})
    }
  }

  private parametersSchemaOf(instance: FlowInstanceDto): JsonSchema | undefined {
    if (!instance.flowId) return undefined
    const schema = this.flows.get(instance.flowId).parametersSchema
    return schema && Object.keys((schema.properties as object | undefined) ?? {}).length ? schema : undefined
  }

  private screenIntegration(actor: Actor, integrationId: string): ScreenIntegration {
    const dto = this.integrations.get(integrationId, actor)
    const connection = actor.customer ? this.connections.forIntegration(actor.customer.id, dto.id) : undefined
    return {
      id: dto.id,
      key: dto.key,
      name: dto.name,
      logoUri: dto.logoUri,
      ...(connection
        ? {
            connection: {
              id: connection.id,
              name: connection.externalAccount?.name ?? connection.name,
              connected: connection.connected !== false
            }
          }
        : {})
    }
  }

  private payload(token: string, params: ConnectScreenParams): Record<string, unknown> {
    return {
      token,
      requestId: `screen-${randomBytes(12).toString('base64url')}`,
      ...(params.connectionId ? { connectionId: params.connectionId } : {}),
      ...(params.name ? { name: params.name } : {}),
      ...(params.authOptionKey ? { authOptionKey: params.authOptionKey } : {}),
      ...(params.allowMultipleConnections ? { allowMultipleConnections: true } : {}),
      ...(params.connectorParameters ? { connectorParameters: params.connectorParameters } : {})
    }
  }
}

/** The parameter problems of an invalid_data error, named by field as the form shows them. */
function fieldErrors(error: EngineError): ErrorDetail[] {
  return ((error.data?.errors as ErrorDetail[] | undefined) ?? []).map((d) => ({
    path: d.path.replace(/^parameters\./, ''),
    message: d.message.replace(/^parameters\./, '')
  }))
}
