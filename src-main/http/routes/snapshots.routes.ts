import type { FastifyInstance } from 'fastify'
import type { ExportOptions, ImportOptions } from '../../contract/snapshots'
import { invalidData } from '../../engine'
import type { HttpContext } from '../http-context'

/** Largest snapshot accepted by `POST /snapshots/import`. */
const SNAPSHOT_BODY_LIMIT = 512 * 1024 * 1024

/** Snapshots and scenarios (admin): export, import with a report, and named demo states. */
export function registerSnapshotRoutes(app: FastifyInstance, ctx: HttpContext): void {
  const { engine } = ctx

  app.post('/snapshots/export', async (request) => {
    await ctx.admin(request, 'Exporting a snapshot')
    return engine.snapshots.exportSnapshot((request.body ?? {}) as ExportOptions)
  })

  app.post('/snapshots/import', { bodyLimit: SNAPSHOT_BODY_LIMIT }, async (request) => {
    await ctx.admin(request, 'Importing a snapshot')
    const body = (request.body ?? {}) as { snapshot?: unknown } & ImportOptions
    if (body.snapshot === undefined) {
      throw invalidData(
        'Send {"snapshot": <the file as JSON or text>, "onConflict"?, "dryRun"?, "passphrase"?, "replaceWorkspace"?}.',
        [{ path: 'snapshot', message: 'snapshot is required' }]
      )
    }
    const { snapshot, ...options } = body
    return engine.snapshots.importSnapshot(snapshot, options)
  })

  app.get('/scenarios', async (request) => {
    await ctx.admin(request, 'Listing scenarios')
    return { items: engine.scenarios.list() }
  })

  app.post('/scenarios', async (request, reply) => {
    await ctx.admin(request, 'Saving a scenario')
    const body = (request.body ?? {}) as { name?: unknown; description?: unknown }
    if (typeof body.name !== 'string')
      throw invalidData('Send {"name": "<scenario name>", "description"?: "…"}.', [
        { path: 'name', message: 'name is required' }
      ])
    return reply
      .status(201)
      .send(engine.scenarios.save(body.name, typeof body.description === 'string' ? body.description : undefined))
  })

  app.post<{ Params: { name: string } }>('/scenarios/:name/switch', async (request) => {
    await ctx.admin(request, 'Switching scenarios')
    return engine.scenarios.switchTo(request.params.name)
  })

  app.post('/scenarios/reset', async (request) => {
    await ctx.admin(request, 'Resetting the scenario')
    return engine.scenarios.reset()
  })

  app.delete<{ Params: { name: string } }>('/scenarios/:name', async (request, reply) => {
    await ctx.admin(request, 'Deleting a scenario')
    engine.scenarios.remove(request.params.name)
    return reply.status(204).send()
  })
}
