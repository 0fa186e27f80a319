import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { Actor } from '../../engine'
import { badRequest } from '../../engine'
import type { Page } from '../../contract/pagination'
import type { HttpContext } from '../http-context'
import { createBody, instanceListQuery, instanceQuery } from '../instance-query'
import { stringParam } from '../query-params'

/** A flow or action instance selector: `id`, or `<template>Id` / `<template>Key` with where it lives. */
export type TemplateInstanceSelector = Record<string, string | boolean | undefined>

/** What the flow and action instance services share. */
export interface TemplateInstanceService<Dto> {
  list(actor: Actor, query: Record<string, unknown>): Page<Dto>
  create(actor: Actor, input: unknown): Promise<Dto>
  get(actor: Actor, selector: TemplateInstanceSelector): Promise<Dto>
  patch(actor: Actor, selector: TemplateInstanceSelector, input: unknown): Promise<Dto>
  replace(actor: Actor, selector: TemplateInstanceSelector, input: unknown): Promise<Dto>
  archive(actor: Actor, selector: TemplateInstanceSelector): Dto | Promise<Dto>
  restore(actor: Actor, selector: TemplateInstanceSelector): Promise<Dto>
}

/** One row of the table of instance kinds, as HTTP addresses it: `/flow-instances`, `/flow-instance?flowKey=…`. */
export interface TemplateInstanceRoutes<Dto> {
  template: 'flow' | 'action'
  /** How the 400 of a selector naming nothing says to name the template ("?flowKey=<flow key> (or flowId) …"). */
  selectorHint: string
  service: TemplateInstanceService<Dto>
  /** Listing filters of this kind beyond the template and the shared ones. */
  extraFilters?: (query: unknown) => Record<string, unknown>
}

/**
 * Instance routes shared by flows and actions: `/x-instances` (list, create),
 * `/x-instances/{id}` (get) and `/x-instance?…` (get with autoCreate, create, patch, put,
 * archive, restore). A customer token reaches only its own instances. Returns the selector
 * reader for the kind's own operations.
 */
export function registerTemplateInstanceRoutes<Dto>(
  app: FastifyInstance,
  ctx: HttpContext,
  spec: TemplateInstanceRoutes<Dto>
): (request: FastifyRequest) => TemplateInstanceSelector {
  const { template, service } = spec
  const [idName, keyName] = [`${template}Id`, `${template}Key`]
  const bySelector = (request: FastifyRequest): TemplateInstanceSelector => {
    const { templateId, templateKey, ...where } = instanceQuery(request.query, template)
    const selector = { ...where, [idName]: templateId, [keyName]: templateKey }
    if (!selector.id && !templateId && !templateKey)
      throw badRequest(
        `Name the ${template} instance with ?id=<instance id>, or ?${spec.selectorHint}; add autoCreate=true to create it when missing.`
      )
    return selector
  }

  app.get(`/${template}-instances`, async (request) => {
    const actor = await ctx.actor(request)
    const q = request.query
    return service.list(actor, {
      [idName]: stringParam(q, idName),
      [keyName]: stringParam(q, keyName),
      ...spec.extraFilters?.(q),
      ...instanceListQuery(q)
    })
  })
  app.post(`/${template}-instances`, async (request, reply) => {
    const actor = await ctx.actor(request)
    return reply.status(201).send(await service.create(actor, request.body ?? {}))
  })
  app.get<{ Params: { id: string } }>(`/${template}-instances/:id`, async (request) =>
    service.get(await ctx.actor(request), { id: request.params.id })
  )

  const one = `/${template}-instance`
  app.get(one, async (request) => service.get(await ctx.actor(request), bySelector(request)))
  app.post(one, async (request, reply) => {
    const actor = await ctx.actor(request)
    const selector = bySelector(request)
    if (selector.id)
      throw badRequest(
        `POST ${one} creates an instance: select the ${template} with ?${keyName}= or ?${idName}=, not ?id=.`
      )
    const keys = [idName, keyName, 'integrationKey', 'connectionId', 'instanceKey', 'userId']
    return reply.status(201).send(await service.create(actor, createBody(request.body, selector, keys)))
  })
  app.patch(one, async (request) => service.patch(await ctx.actor(request), bySelector(request), request.body ?? {}))
  app.put(one, async (request) => service.replace(await ctx.actor(request), bySelector(request), request.body ?? {}))
  app.delete(one, async (request) => service.archive(await ctx.actor(request), bySelector(request)))
  app.post(`${one}/restore`, async (request) => service.restore(await ctx.actor(request), bySelector(request)))
  return bySelector
}
