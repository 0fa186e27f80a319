import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { Page } from '../../contract/pagination'
import type { ElementSelector } from '../../contract/templates'
import { badRequest } from '../../engine'
import type { HttpContext } from '../http-context'
import { boolParam, intParam, stringParam } from '../query-params'
import { elementSelector } from './flows.routes'

type Selector = string | ElementSelector

/** What the data source and field mapping services share: the element rules of templates. */
export interface ElementTemplateService<Dto> {
  list(query: Record<string, unknown>): Page<Dto>
  create(input: unknown): Dto | Promise<Dto>
  get(selector: Selector): Dto
  patch(selector: Selector, input: unknown): Dto | Promise<Dto>
  replace(selector: Selector, input: unknown): Dto | Promise<Dto>
  archive(selector: Selector): Dto
  restore(selector: Selector): Dto
  reset(selector: Selector): Dto
  apply(selector: Selector, integrationKeys: unknown): Dto[]
  atIntegration(integration: string, selector: string): Selector
}

/** How one kind of element is addressed: `/data-sources/{sel}`, `/data-source?…`, `/integrations/{i}/data-sources/{sel}`. */
export interface ElementTemplateRoutes<Dto> {
  plural: string
  singular: string
  noun: string
  /** The query parameter that names the universal parent in listings (`universalDataSourceId`). */
  parentParam: string
  /** The instance listing a `connectionId` filter belongs to. */
  connectionList: string
  service: ElementTemplateService<Dto>
  /** Listing filters of this kind beyond the shared ones. */
  extraFilters?: (query: unknown) => Record<string, unknown>
}

/**
 * Workspace element routes shared by data sources and field mappings: list and create, the
 * element by path or query selector (get, patch, put, archive, restore, reset, apply, setup),
 * and the same under `/integrations/{integration}/…` for integration-level elements. Reading
 * needs any token; changing needs an admin token.
 */
export function registerElementTemplateRoutes<Dto>(
  app: FastifyInstance,
  ctx: HttpContext,
  spec: ElementTemplateRoutes<Dto>
): void {
  const { plural, singular, noun, service } = spec
  const listQuery = (q: unknown, integrationKey?: string) => {
    if (stringParam(q, 'connectionId'))
      throw badRequest(
        `${noun[0].toUpperCase()}${noun.slice(1)}s of one connection are instances: list them with GET /connections/{connection}/${plural} (or GET ${spec.connectionList}?connectionId=).`
      )
    return {
      search: stringParam(q, 'search'),
      integrationKey: integrationKey ?? stringParam(q, 'integrationKey'),
      integrationId: integrationKey ? undefined : stringParam(q, 'integrationId'),
      isUniversal: boolParam(q, 'isUniversal') ?? (stringParam(q, 'layer') === 'universal' ? true : undefined),
      parentId: stringParam(q, 'parentId') ?? stringParam(q, spec.parentParam) ?? stringParam(q, 'universalParentId'),
      includeArchived: boolParam(q, 'includeArchived'),
      limit: intParam(q, 'limit'),
      cursor: stringParam(q, 'cursor'),
      ...spec.extraFilters?.(q)
    }
  }

  app.get(`/${plural}`, async (request) => {
    await ctx.actor(request)
    return service.list(listQuery(request.query))
  })
  app.post(`/${plural}`, async (request, reply) => {
    await ctx.admin(request, `Creating a ${noun}`)
    return reply.status(201).send(await service.create(request.body ?? {}))
  })

  type Params = { Params: { sel: string; integration?: string } }
  const pathSelector = (request: FastifyRequest<Params>): Selector => {
    const integrationKey = stringParam(request.query, 'integrationKey')
    return integrationKey ? { key: request.params.sel, integrationKey } : request.params.sel
  }
  const selectors: Array<[string, (request: FastifyRequest<Params>) => Selector]> = [
    [`/${plural}/:sel`, pathSelector],
    [`/${singular}`, (request) => elementSelector(request, noun)],
    [
      `/integrations/:integration/${plural}/:sel`,
      (request) => service.atIntegration(request.params.integration!, request.params.sel)
    ]
  ]
  for (const [path, selectorOf] of selectors) {
    const op = (name: string) => (path === `/${singular}` ? `/${singular}/${name}` : `${path}/${name}`)
    app.get<Params>(path, async (request) => {
      await ctx.actor(request)
      return service.get(selectorOf(request))
    })
    app.patch<Params>(path, async (request) => {
      await ctx.admin(request, `Changing a ${noun}`)
      return service.patch(selectorOf(request), request.body ?? {})
    })
    app.put<Params>(path, async (request) => {
      await ctx.admin(request, `Replacing a ${noun}`)
      return service.replace(selectorOf(request), request.body ?? {})
    })
    app.delete<Params>(path, async (request) => {
      await ctx.admin(request, `Archiving a ${noun}`)
      return service.archive(selectorOf(request))
    })
    app.post<Params>(op('restore'), async (request) => {
      await ctx.admin(request, `Restoring a ${noun}`)
      return service.restore(selectorOf(request))
    })
    app.post<Params>(op('reset'), async (request) => {
      await ctx.admin(request, `Resetting a ${noun}`)
      return service.reset(selectorOf(request))
    })
    app.post<Params>(op('apply'), async (request) => {
      await ctx.admin(request, `Applying a ${noun} to integrations`)
      return service.apply(
        selectorOf(request),
        (request.body as { integrationKeys?: unknown } | undefined)?.integrationKeys
      )
    })
    // An element has nothing to set up of its own (instances do); answer it as it is, checked.
    app.post<Params>(op('setup'), async (request) => {
      await ctx.actor(request)
      return service.get(selectorOf(request))
    })
  }

  app.get<{ Params: { integration: string } }>(`/integrations/:integration/${plural}`, async (request) => {
    await ctx.actor(request)
    const integration = ctx.engine.integrations.keyOf(request.params.integration, 'integration')
    return service.list(listQuery(request.query, integration))
  })
  app.post<{ Params: { integration: string } }>(`/integrations/:integration/${plural}`, async (request, reply) => {
    await ctx.admin(request, `Creating a ${noun}`)
    const body = (request.body ?? {}) as Record<string, unknown>
    return reply.status(201).send(await service.create({ ...body, integrationKey: request.params.integration }))
  })
}
