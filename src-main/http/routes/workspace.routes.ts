import type { FastifyInstance } from 'fastify'
import type { HttpContext } from '../http-context'

/** Workspace settings (admin): read, patch (name, field schema, webhook), check a schema, rotate the secret. */
export function registerWorkspaceRoutes(app: FastifyInstance, ctx: HttpContext): void {
  const { engine } = ctx
  app.get('/workspace', async (request) => {
    await ctx.admin(request, 'Reading the workspace')
    return engine.workspace.get()
  })

  app.patch('/workspace', async (request) => {
    await ctx.admin(request, 'Changing the workspace')
    return engine.workspace.patch(request.body ?? {})
  })

  app.post('/workspace/field-schema/check', async (request) => {
    await ctx.admin(request, 'Checking a field schema')
    const body = (request.body ?? {}) as { userFieldsSchema?: Record<string, unknown> | null }
    return engine.customers.checkAgainstSchema(body.userFieldsSchema)
  })

  app.post('/workspace/rotate-secret', async (request) => {
    await ctx.admin(request, 'Rotating the workspace secret')
    return engine.workspace.rotateSecret()
  })
}
