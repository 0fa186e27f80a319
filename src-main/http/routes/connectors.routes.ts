import type { FastifyInstance } from 'fastify'
import { invalidData } from '../../engine'
import type { HttpContext } from '../http-context'
import { parseMultipart } from '../multipart-form'
import { stringParam } from '../query-params'
import { MULTIPART_BODY_LIMIT } from './membrane-interchange.routes'

/**
 * Connectors as the Membrane CLI reads and pushes them: `GET /connectors[?workspaceId=]` (an
 * array), `GET /connectors/{id}`, `GET /connectors/{id}/download` (a zip), `POST /connectors`,
 * `POST /connectors/{id}/upload` (multipart `file`); and `GET /org-workspace-id`.
 */
export function registerConnectorRoutes(app: FastifyInstance, ctx: HttpContext): void {
  const { connectorRegistry, workspace } = ctx.engine

  app.get('/org-workspace-id', async (request) => {
    await ctx.admin(request, 'Reading the workspace id')
    return { id: workspace.get().id }
  })

  app.get('/connectors', async (request) => {
    await ctx.actor(request)
    return connectorRegistry.list({ workspaceId: stringParam(request.query, 'workspaceId') })
  })

  app.get<{ Params: { id: string } }>('/connectors/:id', async (request) => {
    await ctx.actor(request)
    return connectorRegistry.get(request.params.id)
  })

  app.get<{ Params: { id: string } }>('/connectors/:id/download', async (request, reply) => {
    await ctx.admin(request, 'Downloading a connector')
    const dto = connectorRegistry.get(request.params.id)
    const bytes = connectorRegistry.download(request.params.id)
    return reply
      .header('content-type', 'application/zip')
      .header('content-disposition', `attachment; filename="${dto.key}.zip"`)
      .send(Buffer.from(bytes))
  })

  app.post('/connectors', async (request, reply) => {
    await ctx.admin(request, 'Creating a connector')
    return reply.status(201).send(connectorRegistry.create(request.body ?? {}))
  })

  app.post<{ Params: { id: string } }>(
    '/connectors/:id/upload',
    { bodyLimit: MULTIPART_BODY_LIMIT },
    async (request) => {
      await ctx.admin(request, 'Uploading a connector')
      const form = parseMultipart(request.body as Buffer, request.headers['content-type'])
      const file = form.files.file
      if (!file)
        throw invalidData('Send the connector source as the multipart file field "file".', [
          { path: 'file', message: 'required' }
        ])
      return connectorRegistry.upload(request.params.id, file.data)
    }
  )
}
