import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { Actor } from '../../engine'
import { badRequest } from '../../engine'
import type { Page } from '../../contract/pagination'
import type { HttpContext } from '../http-context'
import { boolParam, intParam, stringParam } from '../query-params'

/** An instance selector: `id`, or the element (`<name>Id` / `<name>Key`) on a connection or integration. */
export type InstanceSelector = Record<string, string | boolean | undefined>

/** What the data source and field mapping instance services share. */
export interface ElementInstanceService<Dto> {
  list(actor: Actor, query: Record<string, unknown>): Page<Dto>
  get(actor: Actor, selector: InstanceSelector): Promise<Dto>
  create(actor: Actor, input: unknown): Promise<Dto>
  patch(actor: Actor, selector: InstanceSelector, input: unknown): Promise<Dto>
  reset(actor: Actor, selector: InstanceSelector): Promise<Dto>
  setup(actor: Actor, selector: InstanceSelector): Promise<Dto>
  archive(actor: Actor, selector: InstanceSelector): Dto
  restore(actor: Actor, selector: InstanceSelector): Promise<Dto>
}

/** How one kind of instance is addressed: `/data-source-instance?…`, `/connections/{c}/data-sources/{ds}`. */
export interface ElementInstanceRoutes<Dto> {
  /** `dataSource` / `fieldMapping`: the selector's `<name>Id` and `<name>Key`. */
  name: string
  /** `data-source` / `field-mapping`. */
  path: string
  noun: string
  service: ElementInstanceService<Dto>
}

/** Reads `/x-instance?…` the way the SDKs send it (a string selector arrives as `?id=`). */
function instanceSelector(query: unknown, name: string): InstanceSelector {
  return {
    id: stringParam(query, 'id'),
    [`${name}Id`]: stringParam(query, `${name}Id`) ?? stringParam(query, 'parentId'),
    [`${name}Key`]: stringParam(query, `${name}Key`) ?? stringParam(query, 'parentKey'),
    integrationKey: stringParam(query, 'integrationKey') ?? stringParam(query, 'integrationId'),
    connectionId: stringParam(query, 'connectionId') ?? stringParam(query, 'connectionKey'),
    instanceKey: stringParam(query, 'instanceKey'),
    userId: stringParam(query, 'userId') ?? stringParam(query, 'customerId'),
    autoCreate: boolParam(query, 'autoCreate')
  }
}

/**
 * Instance routes shared by data sources and field mappings: `/x-instances` (list, create),
 * `/x-instances/{id}` (get, and `setup` / `reset` by id as the SDK's field mapping instance
 * calls them), `/x-instance?…` (get with autoCreate, create, patch, archive, setup, reset,
 * restore) and the connection level `/connections/{c}/xs/{element}` (get with autoCreate, PUT to
 * create, patch, archive, reset, setup). A customer token reaches only its own instances.
 * Returns the selector readers for the kind's extra operations.
 */
export function registerElementInstanceRoutes<Dto>(
  app: FastifyInstance,
  ctx: HttpContext,
  spec: ElementInstanceRoutes<Dto>
): { bySelector: (request: FastifyRequest) => InstanceSelector } {
  const { name, path, service } = spec
  const bySelector = (request: FastifyRequest): InstanceSelector => {
    const selector = instanceSelector(request.query, name)
    if (!selector.id && !selector[`${name}Id`] && !selector[`${name}Key`])
      throw badRequest(
        `Name the ${spec.noun} instance with ?id=<instance id>, or ?${name}Key=<key> with connectionId or integrationKey; add autoCreate=true to create it when missing.`
      )
    return selector
  }
  const listFilters = (q: unknown) => ({
    [`${name}Id`]: stringParam(q, `${name}Id`),
    [`${name}Key`]: stringParam(q, `${name}Key`),
    integrationKey: stringParam(q, 'integrationKey'),
    connectionId: stringParam(q, 'connectionId'),
    instanceKey: stringParam(q, 'instanceKey'),
    userId: stringParam(q, 'userId') ?? stringParam(q, 'customerId') ?? stringParam(q, 'tenantId'),
    search: stringParam(q, 'search'),
    includeArchived: boolParam(q, 'includeArchived'),
    limit: intParam(q, 'limit'),
    cursor: stringParam(q, 'cursor')
  })

  app.get(`/${path}-instances`, async (request) => service.list(await ctx.actor(request), listFilters(request.query)))
  app.post(`/${path}-instances`, async (request, reply) =>
    reply.status(201).send(await service.create(await ctx.actor(request), request.body ?? {}))
  )
  app.get<{ Params: { id: string } }>(`/${path}-instances/:id`, async (request) =>
    service.get(await ctx.actor(request), { id: request.params.id })
  )
  app.post<{ Params: { id: string } }>(`/${path}-instances/:id/setup`, async (request) =>
    service.setup(await ctx.actor(request), { id: request.params.id })
  )
  app.post<{ Params: { id: string } }>(`/${path}-instances/:id/reset`, async (request) =>
    service.reset(await ctx.actor(request), { id: request.params.id })
  )

  const one = `/${path}-instance`
  app.get(one, async (request) => service.get(await ctx.actor(request), bySelector(request)))
  app.post(one, async (request, reply) => {
    const selector = bySelector(request)
    if (selector.id)
      throw badRequest(
        `POST ${one} creates an instance: select the ${spec.noun} with ?${name}Key= or ?${name}Id=, not ?id=.`
      )
    const body = { ...((request.body as Record<string, unknown> | undefined) ?? {}) }
    for (const [k, v] of Object.entries(selector))
      if (v !== undefined && k !== 'autoCreate' && body[k] === undefined) body[k] = v
    return reply.status(201).send(await service.create(await ctx.actor(request), body))
  })
  app.patch(one, async (request) => service.patch(await ctx.actor(request), bySelector(request), request.body ?? {}))
  app.delete(one, async (request) => service.archive(await ctx.actor(request), bySelector(request)))
  app.post(`${one}/restore`, async (request) => service.restore(await ctx.actor(request), bySelector(request)))
  app.post(`${one}/setup`, async (request) => service.setup(await ctx.actor(request), bySelector(request)))
  app.post(`${one}/reset`, async (request) => service.reset(await ctx.actor(request), bySelector(request)))

  type Element = { Params: { sel: string; element: string } }
  const onConnection = (request: FastifyRequest<Element>, autoCreate?: boolean): InstanceSelector => ({
    [`${name}Key`]: request.params.element,
    connectionId: request.params.sel,
    instanceKey: stringParam(request.query, 'instanceKey'),
    autoCreate: autoCreate ?? boolParam(request.query, 'autoCreate')
  })
  const base = `/connections/:sel/${path}s`
  app.get<{ Params: { sel: string } }>(base, async (request) =>
    service.list(await ctx.actor(request), { ...listFilters(request.query), connectionId: request.params.sel })
  )
  app.get<Element>(`${base}/:element`, async (request) => service.get(await ctx.actor(request), onConnection(request)))
  // SDK `connection(c).dataSource(ds).create()` is a PUT with no body.
  app.put<Element>(`${base}/:element`, async (request) => {
    const actor = await ctx.actor(request)
    const instance = await service.get(actor, onConnection(request, true))
    const body = request.body as Record<string, unknown> | undefined
    return body && Object.keys(body).length ? service.patch(actor, onConnection(request), body) : instance
  })
  app.patch<Element>(`${base}/:element`, async (request) =>
    service.patch(await ctx.actor(request), onConnection(request), request.body ?? {})
  )
  app.delete<Element>(`${base}/:element`, async (request) =>
    service.archive(await ctx.actor(request), onConnection(request))
  )
  app.post<Element>(`${base}/:element/reset`, async (request) =>
    service.reset(await ctx.actor(request), onConnection(request))
  )
  app.post<Element>(`${base}/:element/setup`, async (request) =>
    service.setup(await ctx.actor(request), onConnection(request))
  )
  return { bySelector }
}
