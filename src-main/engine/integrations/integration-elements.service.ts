import type { IntegrationDto } from '../../contract/integrations'
import type { Page } from '../../contract/pagination'
import type { TemplateQuery } from '../../contract/templates'
import type { ActionService } from '../actions/action.service'
import type { Actor } from '../auth/actor'
import { requireAdmin } from '../auth/authenticator'
import { EngineError, notFound } from '../common/engine-error'
import type { FlowInstanceService } from '../flow-engine/flow-instances/flow-instance.service'
import type { FlowService } from '../flow-engine/flows/flow.service'
import type { TemplateSelector } from '../templates/template.service'
import type { IntegrationService } from './integration.service'

/** The template kinds an integration holds its own copies of (`/integrations/{i}/flows`, `/actions`). */
export type IntegrationElementKind = 'flows' | 'actions'

/** What both template services offer, by the shape the integration-level paths need. */
interface Templates<Dto> {
  list(query: TemplateQuery): Page<Dto>
  create(input: unknown): Promise<Dto>
  rowOf(selector: TemplateSelector): { id: string; key: string; integration_key: string | null }
  get(selector: TemplateSelector): Dto
  patch(selector: TemplateSelector, input: unknown): Promise<Dto>
  replace(selector: TemplateSelector, input: unknown): Promise<Dto>
  archive(selector: TemplateSelector): Dto
  reset(selector: TemplateSelector): Dto
}

/**
 * Integration-level elements as the SDK reaches them (`integration(k).flows.list()`,
 * `.flow(f).get()`, `.actions.create()` ...): the flows and actions of one integration, by the
 * element's key or id, and `setup()` deploying the integration's flow instances again.
 */
export class IntegrationElementService {
  constructor(
    private readonly integrations: IntegrationService,
    private readonly flows: FlowService,
    private readonly actions: ActionService,
    private readonly flowInstances: FlowInstanceService
  ) {}

  /** A page of the integration's flows or actions (never the universal ones). */
  list(actor: Actor, integration: string, kind: IntegrationElementKind, query: TemplateQuery): Page<unknown> {
    const integrationKey = this.keyOf(actor, integration)
    return this.templates(kind).list({ ...query, integrationKey, isUniversal: false })
  }

  /** Creates a flow or action of this integration (admin); the body's own integration is replaced. */
  async create(actor: Actor, integration: string, kind: IntegrationElementKind, body: unknown): Promise<unknown> {
    requireAdmin(actor, `Creating ${kind === 'flows' ? 'a flow' : 'an action'}`)
    const integrationKey = this.keyOf(actor, integration)
    const { integrationId: _id, ...rest } = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>
    return this.templates(kind).create({ ...rest, integrationKey })
  }

  get(actor: Actor, integration: string, kind: IntegrationElementKind, element: string): unknown {
    return this.templates(kind).get(this.selectorOf(actor, integration, kind, element))
  }

  async patch(actor: Actor, integration: string, kind: IntegrationElementKind, element: string, body: unknown) {
    requireAdmin(actor, `Changing ${kind === 'flows' ? 'a flow' : 'an action'}`)
    return this.templates(kind).patch(this.selectorOf(actor, integration, kind, element), body ?? {})
  }

  async replace(actor: Actor, integration: string, kind: IntegrationElementKind, element: string, body: unknown) {
    requireAdmin(actor, `Replacing ${kind === 'flows' ? 'a flow' : 'an action'}`)
    return this.templates(kind).replace(this.selectorOf(actor, integration, kind, element), body ?? {})
  }

  archive(actor: Actor, integration: string, kind: IntegrationElementKind, element: string): unknown {
    requireAdmin(actor, `Archiving ${kind === 'flows' ? 'a flow' : 'an action'}`)
    return this.templates(kind).archive(this.selectorOf(actor, integration, kind, element))
  }

  reset(actor: Actor, integration: string, kind: IntegrationElementKind, element: string): unknown {
    requireAdmin(actor, `Resetting ${kind === 'flows' ? 'a flow' : 'an action'}`)
    return this.templates(kind).reset(this.selectorOf(actor, integration, kind, element))
  }

  /**
   * `POST /integrations/{i}/setup`: sets up again every flow instance on the caller's (admin:
   * every customer's) connections to this integration; answers the integration.
   */
  async setup(actor: Actor, integration: string): Promise<IntegrationDto> {
    const dto = this.integrations.get(integration, actor)
    let cursor: string | undefined
    do {
      const page = this.flowInstances.list(actor, { integrationKey: dto.key, limit: 100, cursor })
      for (const instance of page.items) if (instance.connectionId) await this.flowInstances.setup(actor, instance.id)
      cursor = page.cursor
    } while (cursor)
    return this.integrations.get(integration, actor)
  }

  private templates(kind: IntegrationElementKind): Templates<unknown> {
    return (kind === 'flows' ? this.flows : this.actions) as unknown as Templates<unknown>
  }

  private keyOf(actor: Actor, integration: string): string {
    return this.integrations.get(integration, actor).key
  }

  /** The element by key within the integration, or by id when that id is one of the integration's. */
  private selectorOf(actor: Actor, integration: string, kind: IntegrationElementKind, element: string) {
    const integrationKey = this.keyOf(actor, integration)
    const templates = this.templates(kind)
    const noun = kind === 'flows' ? 'flow' : 'action'
    const missing = () =>
      notFound(
        `Integration "${integrationKey}" has no ${noun} with key or id "${element}". List them with GET /integrations/${integrationKey}/${kind}.`
      )
    let row
    try {
      row = templates.rowOf({ key: element, integrationKey })
    } catch (error) {
      if (!(error instanceof EngineError) || error.key !== 'not_found') throw error
      try {
        row = templates.rowOf({ id: element })
      } catch (inner) {
        if (inner instanceof EngineError && inner.key === 'not_found') throw missing()
        throw inner
      }
    }
    if (row.integration_key !== integrationKey) throw missing()
    return { id: row.id }
  }
}
