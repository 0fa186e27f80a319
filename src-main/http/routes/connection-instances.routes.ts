import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { ActionInstanceSelector } from '../../contract/action-instances'
import type { FlowInstanceSelector } from '../../contract/flow-instances'
import type { Page } from '../../contract/pagination'
import { badRequest, type Actor } from '../../engine'
import type { HttpContext } from '../http-context'
import { boolParam, intParam, stringParam } from '../query-params'

type ElementParams = { Params: { sel: string; element: string } }
type ElementRequest = FastifyRequest<ElementParams>

/** Whether a body carries anything (the SDK's `create()` is a PUT with none); a body that is not an object is a 400. */
function hasBody(body: unknown, what: string): body is Record<string, unknown> {
  if (body === undefined || body === null) return false
  if (typeof body !== 'object' || Array.isArray(body))
    throw badRequest(
      `${what}: send a JSON object (or no body at all), not ${Array.isArray(body) ? 'an array' : typeof body}.`
    )
  return Object.keys(body).length > 0
}

/** Where an instance under a connection lives, as its selector has it (besides the template). */
interface Placement {
  connectionId: string
  instanceKey: string | undefined
  autoCreate: boolean | undefined
}

/** What the flow and action instance services answer to the routes under a connection. */
interface ConnectionInstanceService<Selector> {
  list(actor: Actor, query: Record<string, unknown>): Page<unknown>
  get(actor: Actor, selector: Selector): Promise<unknown>
  find(actor: Actor, selector: Selector): unknown
  create(actor: Actor, input: unknown): Promise<unknown>
  replace(actor: Actor, selector: Selector, input: unknown): Promise<unknown>
  patch(actor: Actor, selector: Selector, input: unknown): Promise<unknown>
  archive(actor: Actor, selector: Selector): unknown
}

/** One row of the table of instance kinds under a connection: `/connections/{c}/flows/{flow}`, `/connections/{c}/actions/{action}`. */
interface ConnectionInstanceKind<Selector> {
  /** The path segment under the connection. */
  segment: 'flows' | 'actions'
  /** How the path's element names the template, in the selector and in a create body (`flowKey`, `actionId`). */
  templateField: 'flowKey' | 'actionId'
  selector(templateField: string, placement: Placement): Selector
  service: ConnectionInstanceService<Selector>
  /** Listing filters of this kind beyond the shared ones. */
  extraFilters?: (query: unknown) => Record<string, unknown>
  reset(actor: Actor, selector: Selector, body: unknown): Promise<unknown>
  setup(actor: Actor, selector: Selector): Promise<unknown>
  /** `POST …/run`: the kind's own body and answer. */
  run(actor: Actor, request: ElementRequest, reply: FastifyReply, selector: Selector): Promise<unknown>
}

/** Registers one kind's routes under `/connections/{c}/<segment>`. */
function registerKind<Selector>(app: FastifyInstance, ctx: HttpContext, kind: ConnectionInstanceKind<Selector>): void {
  const { service } = kind
  const base = `/connections/:sel/${kind.segment}`
  /** The element in messages: `{f}`, `{a}`. */
  const placeholder = `{${kind.segment[0]}}`
  const selectorOf = (request: ElementRequest, autoCreate?: boolean) =>
    kind.selector(request.params.element, {
      connectionId: request.params.sel,
      instanceKey: stringParam(request.query, 'instanceKey'),
      autoCreate: autoCreate ?? boolParam(request.query, 'autoCreate')
    })

  app.get<{ Params: { sel: string } }>(base, async (request) =>
    service.list(await ctx.actor(request), {
      search: stringParam(request.query, 'search'),
      includeArchived: boolParam(request.query, 'includeArchived'),
      instanceKey: stringParam(request.query, 'instanceKey'),
      limit: intParam(request.query, 'limit'),
      cursor: stringParam(request.query, 'cursor'),
      connectionId: request.params.sel,
      ...kind.extraFilters?.(request.query)
    })
  )
  app.get<ElementParams>(`${base}/:element`, async (request) =>
    service.get(await ctx.actor(request), selectorOf(request))
  )
  app.put<ElementParams>(`${base}/:element`, async (request) => {
    const actor = await ctx.actor(request)
    if (!hasBody(request.body, `PUT /connections/{c}/${kind.segment}/${placeholder}`))
      return service.get(actor, selectorOf(request, true))
    if (service.find(actor, selectorOf(request))) return service.replace(actor, selectorOf(request), request.body)
    return service.create(actor, {
      ...request.body,
      [kind.templateField]: request.params.element,
      connectionId: request.params.sel,
      instanceKey: stringParam(request.query, 'instanceKey')
    })
  })
  app.patch<ElementParams>(`${base}/:element`, async (request) =>
    service.patch(await ctx.actor(request), selectorOf(request), request.body ?? {})
  )
  app.delete<ElementParams>(`${base}/:element`, async (request) =>
    service.archive(await ctx.actor(request), selectorOf(request))
  )
  app.post<ElementParams>(`${base}/:element/reset`, async (request) =>
    kind.reset(await ctx.actor(request), selectorOf(request), request.body ?? {})
  )
  app.post<ElementParams>(`${base}/:element/setup`, async (request) =>
    kind.setup(await ctx.actor(request), selectorOf(request))
  )
  app.post<ElementParams>(`${base}/:element/run`, async (request, reply) =>
    kind.run(await ctx.actor(request), request, reply, selectorOf(request, true))
  )
}

/**
 * What a customer runs on one connection (`{c}` is a connection id or an integration key):
 * flow instances under `/connections/{c}/flows/{flow}` and action instances under
 * `/connections/{c}/actions/{action}` — get (autoCreate), PUT with no body to create, PATCH,
 * PUT, DELETE, `/reset`, `/setup`, and `/run` (flows: `{input, nodeKey}`; actions: the raw input).
 * Both kinds come from one table; a row says only what differs.
 */
export function registerConnectionInstanceRoutes(app: FastifyInstance, ctx: HttpContext): void {
  const { flowInstances, flowRuns, actionInstances, customers } = ctx.engine

  registerKind<FlowInstanceSelector>(app, ctx, {
    segment: 'flows',
    templateField: 'flowKey',
    selector: (flowKey, placement) => ({ flowKey, ...placement }),
    service: flowInstances,
    extraFilters: (q) => ({ enabled: boolParam(q, 'enabled') }),
    // Flow instances reset and set up by id.
    reset: async (actor, selector, body) =>
      flowInstances.reset(actor, (await flowInstances.get(actor, selector)).id, body),
    setup: async (actor, selector) => flowInstances.setup(actor, (await flowInstances.get(actor, selector)).id),
    run: async (actor, request, reply, selector) => {
      const body = hasBody(request.body, 'POST /connections/{c}/flows/{f}/run (send {input, nodeKey})')
        ? request.body
        : {}
      const instance = await flowInstances.get(actor, selector)
      const run = await flowRuns.create(actor, {
        flowInstanceId: instance.id,
        input: body.input,
        startNodeKey: body.startNodeKey ?? body.nodeKey,
        meta: body.meta
      })
      return reply.status(201).send(run)
    }
  })

  registerKind<ActionInstanceSelector>(app, ctx, {
    segment: 'actions',
    templateField: 'actionId',
    selector: (actionId, placement) => ({ actionId, ...placement }),
    service: actionInstances,
    reset: (actor, selector) => actionInstances.reset(actor, selector),
    setup: (actor, selector) => actionInstances.setup(actor, selector),
    // SDK `connection(c).action(a).run(input)`: the body is the input itself, not wrapped.
    run: (actor, request) =>
      actionInstances.runAction(actor, request.params.element, request.body, {
        connectionId: request.params.sel,
        testCustomerId: () => customers.testCustomer().id
      })
  })
}
