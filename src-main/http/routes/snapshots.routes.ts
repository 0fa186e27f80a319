import type { FastifyInstance, FastifyReply } from 'fastify'
import type { ExportOptions, ImportOptions } from '../../contract/snapshots'
import { invalidData, notFound } from '../../engine'
import type { HttpContext } from '../http-context'

/** Where the Workbench's named demo states (save, switch, reset) are served. */
export const DEMO_SCENARIOS = '/demo-scenarios'

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
    return engine.snapshots.importAndSetUp(snapshot, options)
  })

  // The Workbench's demo scenarios live under /demo-scenarios: Membrane's `scenarios` (the IA
  // SDK's `client.scenarios`, `GET /scenarios`) are bundles of elements, another thing. The old
  // /scenarios/... paths below GET /scenarios keep working this release, marked deprecated.
  app.get(`${DEMO_SCENARIOS}`, async (request) => {
    await ctx.admin(request, 'Listing demo scenarios')
    return { items: engine.scenarios.list() }
  })

  const deprecated = (reply: FastifyReply, path: string) =>
    reply.header('Deprecation', 'true').header('Link', `<${path}>; rel="successor-version"`)

  for (const base of [DEMO_SCENARIOS, '/scenarios']) {
    const old = base !== DEMO_SCENARIOS
    app.post(base, async (request, reply) => {
      await ctx.admin(request, 'Saving a scenario')
      const body = (request.body ?? {}) as { name?: unknown; description?: unknown }
      if (typeof body.name !== 'string')
        throw invalidData('Send {"name": "<scenario name>", "description"?: "…"}.', [
          { path: 'name', message: 'name is required' }
        ])
      if (old) deprecated(reply, DEMO_SCENARIOS)
      return reply
        .status(201)
        .send(engine.scenarios.save(body.name, typeof body.description === 'string' ? body.description : undefined))
    })

    app.post<{ Params: { name: string } }>(`${base}/:name/switch`, async (request, reply) => {
      await ctx.admin(request, 'Switching scenarios')
      if (old) deprecated(reply, `${DEMO_SCENARIOS}/${encodeURIComponent(request.params.name)}/switch`)
      return engine.scenarios.switchTo(request.params.name)
    })

    app.post(`${base}/reset`, async (request, reply) => {
      await ctx.admin(request, 'Resetting the scenario')
      if (old) deprecated(reply, `${DEMO_SCENARIOS}/reset`)
      return engine.scenarios.reset()
    })

    app.delete<{ Params: { name: string } }>(`${base}/:name`, async (request, reply) => {
      await ctx.admin(request, 'Deleting a scenario')
      engine.scenarios.remove(request.params.name)
      if (old) deprecated(reply, `${DEMO_SCENARIOS}/${encodeURIComponent(request.params.name)}`)
      return reply.status(204).send()
    })
  }

  // Membrane's scenarios (`@integration-app/sdk` `scenarios.find()`) and packages
  // (`@membranehq/sdk` `packages.find()`): bundles of elements made in Membrane's console or from
  // its templates. The Workbench has no way to make one, so the lists are empty and a selected
  // one is not found; an app that lists them works unchanged.
  for (const [list, one, noun] of [
    ['/scenarios', '/scenario', 'scenario'],
    ['/packages', '/package', 'package']
  ] as const) {
    app.get(list, async (request) => {
      await ctx.actor(request)
      return { items: [] }
    })
    for (const path of [`${one}/:sel`, `${list}/:sel`]) {
      app.get<{ Params: { sel: string } }>(path, async (request) => {
        await ctx.actor(request)
        throw notFound(
          `No ${noun} "${request.params.sel}": the Workbench holds no Membrane ${noun}s (bundles of elements made in Membrane's console); the Workbench's own demo scenarios are at ${DEMO_SCENARIOS}.`
        )
      })
    }
  }
}
