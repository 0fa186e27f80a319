import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { Page } from '../../contract/pagination'
import type { ElementSelector } from '../../contract/templates'
import { badRequest } from '../../engine'
import type { HttpContext } from '../http-context'
import { boolParam, intParam, stringParam } from '../query-params'
import { integrationKeyParam } from '../integration-param'

type Selector = string | ElementSelector

/** The object selector of `/flow?…`, `/action?…`, `/data-source?…`: `id`, or `key` with an optional `integrationKey`. */
export function elementSelector(request: FastifyRequest, what: string): ElementSelector {
  const q = request.query
  const selector: ElementSelector = {
    id: stringParam(q, 'id'),
    key: stringParam(q, 'key'),
    integrationKey: stringParam(q, 'integrationKey')
  }
  if (stringParam(q, 'integrationId'))
    throw badRequest(`integrationId is not supported yet: name the integration with integrationKey.`)
  if (!selector.id && !selector.key)
    throw badRequest(
      `Name the ${what} with ?id=<id> or ?key=<key> (and &integrationKey=<key> for an integration-level ${what}).`
    )
  return selector
}

/** What every template service answers: the element rules of templates. */
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
  /** The selector of `/integrations/{i}/…/{sel}`; kinds without integration-level routes leave it out. */
  atIntegration?(integration: string, selector: string): Selector
}

/** One row of the table of template kinds: how the kind is addressed (`/data-sources/{sel}`, `/data-source?…`). */
export interface ElementTemplateRoutes<Dto> {
  plural: string
  singular: string
  noun: string
  /** The noun with its article, for "Creating an action" (default: "a <noun>"). */
  aNoun?: string
  /** What a listing filtered by `connectionId` should ask for instead ("flow instances"; default "instances"). */
  instancesNoun?: string
  /** The query parameters that also name the universal parent in listings, after `parentId`. */
  parentParams: string[]
  /** The instance listing a `connectionId` filter belongs to. */
  connectionList: string
  service: ElementTemplateService<Dto>
  /** Listing filters of this kind beyond the shared ones. */
  extraFilters?: (query: unknown) => Record<string, unknown>
  /** Whether `POST …/setup` answers the element (data sources and field mappings, whose instances set up). */
  setup?: boolean
}

/** The path parameters of an element route. */
export type TemplateParams = { Params: { sel: string; integration?: string } }
type Params = TemplateParams

/** A path the element is reached at, with how to read its selector and name one of its operations. */
export interface ElementPath {
  path: string
  selectorOf: (request: FastifyRequest<Params>) => Selector
  op: (name: string) => string
}

/**
 * Template routes shared by every kind (flows, actions, data sources, field mappings): list
 * and create, the element by path or query selector (get, patch, put, archive, restore,
 * reset, apply, and setup where the kind has it), and, for kinds with `atIntegration`, the
 * same under `/integrations/{integration}/…`. Reading needs any token; changing needs an
 * admin token. Returns the element's paths for the kind's own operations.
 */
export function registerElementTemplateRoutes<Dto>(
  app: FastifyInstance,
  ctx: HttpContext,
  spec: ElementTemplateRoutes<Dto>
): ElementPath[] {
  const { plural, singular, noun, service } = spec
  const aNoun = spec.aNoun ?? `a ${noun}`
  const listQuery = (q: unknown, integrationKey?: string) => {
    if (stringParam(q, 'connectionId'))
      throw badRequest(
        `${noun[0].toUpperCase()}${noun.slice(1)}s of one connection are ${spec.instancesNoun ?? 'instances'}: list them with GET /connections/{connection}/${plural} (or GET ${spec.connectionList}?connectionId=).`
      )
    return {
      search: stringParam(q, 'search'),
      integrationKey: integrationKey ?? integrationKeyParam(ctx.engine, q),
      isUniversal: boolParam(q, 'isUniversal') ?? (stringParam(q, 'layer') === 'universal' ? true : undefined),
      parentId: ['parentId', ...spec.parentParams].map((name) => stringParam(q, name)).find((v) => v !== undefined),
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
    await ctx.admin(request, `Creating ${aNoun}`)
    return reply.status(201).send(await service.create(request.body ?? {}))
  })

  const pathSelector = (request: FastifyRequest<Params>): Selector => {
    const integrationKey = stringParam(request.query, 'integrationKey')
    return integrationKey ? { key: request.params.sel, integrationKey } : request.params.sel
  }
  const nested = (path: string) => (name: string) => `${path}/${name}`
  const paths: ElementPath[] = [
    { path: `/${plural}/:sel`, selectorOf: pathSelector, op: nested(`/${plural}/:sel`) },
    { path: `/${singular}`, selectorOf: (request) => elementSelector(request, noun), op: nested(`/${singular}`) }
  ]
  const integrationLevel = service.atIntegration !== undefined
  if (integrationLevel) {
    const path = `/integrations/:integration/${plural}/:sel`
    paths.push({
      path,
      selectorOf: (request) => service.atIntegration!(request.params.integration!, request.params.sel),
      op: nested(path)
    })
  }
  for (const { path, selectorOf, op } of paths) {
    app.get<Params>(path, async (request) => {
      await ctx.actor(request)
      return service.get(selectorOf(request))
    })
    app.patch<Params>(path, async (request) => {
      await ctx.admin(request, `Changing ${aNoun}`)
      return service.patch(selectorOf(request), request.body ?? {})
    })
    app.put<Params>(path, async (request) => {
      await ctx.admin(request, `Replacing ${aNoun}`)
      return service.replace(selectorOf(request), request.body ?? {})
    })
    app.delete<Params>(path, async (request) => {
      await ctx.admin(request, `Archiving ${aNoun}`)
      return service.archive(selectorOf(request))
    })
    app.post<Params>(op('restore'), async (request) => {
      await ctx.admin(request, `Restoring ${aNoun}`)
      return service.restore(selectorOf(request))
    })
    app.post<Params>(op('reset'), async (request) => {
      await ctx.admin(request, `Resetting ${aNoun}`)
      return service.reset(selectorOf(request))
    })
    app.post<Params>(op('apply'), async (request) => {
      await ctx.admin(request, `Applying ${aNoun} to integrations`)
      return service.apply(
        selectorOf(request),
        (request.body as { integrationKeys?: unknown } | undefined)?.integrationKeys
      )
    })
    // An element has nothing to set up of its own (instances do); answer it as it is, checked.
    if (spec.setup)
      app.post<Params>(op('setup'), async (request) => {
        await ctx.actor(request)
        return service.get(selectorOf(request))
      })
  }

  if (integrationLevel) {
    app.get<{ Params: { integration: string } }>(`/integrations/:integration/${plural}`, async (request) => {
      await ctx.actor(request)
      const integration = ctx.engine.integrations.keyOf(request.params.integration, 'integration')
      return service.list(listQuery(request.query, integration))
    })
    app.post<{ Params: { integration: string } }>(`/integrations/:integration/${plural}`, async (request, reply) => {
      await ctx.admin(request, `Creating ${aNoun}`)
      const body = (request.body ?? {}) as Record<string, unknown>
      return reply.status(201).send(await service.create({ ...body, integrationKey: request.params.integration }))
    })
  }
  return paths
}
