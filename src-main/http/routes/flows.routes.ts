import type { FastifyInstance } from 'fastify'
import { ACTION_TYPES, FLOW_NODE_TYPES } from '../../contract/flow-node-types'
import type { HttpContext } from '../http-context'
import { registerElementTemplateRoutes, type ElementTemplateService } from './element-templates.routes'

/**
 * Flow templates under `/flows/{sel}` (id, key or `integrationKey.key`) and `/flow?key=…`.
 * Reading needs any token; changing needs an admin token. Also the node and action type
 * catalogue (`/flow-node-types`, `/action-types`) the console builds its forms from.
 */
export function registerFlowRoutes(app: FastifyInstance, ctx: HttpContext): void {
  app.get('/flow-node-types', async (request) => {
    await ctx.actor(request)
    return { items: Object.values(FLOW_NODE_TYPES) }
  })
  app.get('/action-types', async (request) => {
    await ctx.actor(request)
    return { items: Object.values(ACTION_TYPES) }
  })
  registerElementTemplateRoutes(app, ctx, {
    plural: 'flows',
    singular: 'flow',
    noun: 'flow',
    instancesNoun: 'flow instances',
    parentParams: ['universalFlowId'],
    connectionList: '/flow-instances',
    service: ctx.engine.flows as unknown as ElementTemplateService<unknown>
  })
}
