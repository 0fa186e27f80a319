import type { FastifyInstance, FastifyRequest } from 'fastify'
import { invalidData } from '../../engine'
import type { HttpContext } from '../http-context'
import { parseMultipart } from '../multipart-form'
import { boolParam, stringParam } from '../query-params'

/** Largest multipart body (`POST /import`, connector uploads). */
export const MULTIPART_BODY_LIMIT = 60 * 1024 * 1024

function formBool(value: string | undefined, name: string): boolean | undefined {
  if (value === undefined || value === '') return undefined
  if (value === 'true' || value === '1') return true
  if (value === 'false' || value === '0') return false
  throw invalidData(`Form field ${name} must be true or false, got "${value}".`, [
    { path: name, message: 'not a boolean' }
  ])
}

/**
 * Membrane's workspace export and import: `GET /export` and `POST /import` start jobs
 * (`{jobId, accessKey}` and a `Location` header), `GET /background-jobs/{id}` reads them, and
 * `GET /downloads/{token}` serves a finished export without a token until the link expires.
 * Also the `multipart/form-data` body parser (kept as raw bytes; routes parse it).
 */
export function registerMembraneInterchangeRoutes(app: FastifyInstance, ctx: HttpContext): void {
  const { interchange, backgroundJobs, downloads } = ctx.engine

  app.addContentTypeParser(
    'multipart/form-data',
    { parseAs: 'buffer', bodyLimit: MULTIPART_BODY_LIMIT },
    (_r, body, done) => done(null, body)
  )

  app.get('/export', async (request, reply) => {
    await ctx.admin(request, 'Exporting the workspace')
    const trigger = interchange.startExport()
    return reply.header('location', `/background-jobs/${trigger.jobId}`).send(trigger)
  })

  app.post('/import', { bodyLimit: MULTIPART_BODY_LIMIT }, async (request: FastifyRequest, reply) => {
    await ctx.admin(request, 'Importing a workspace')
    if (!Buffer.isBuffer(request.body))
      throw invalidData('Send the workspace zip as multipart/form-data with the file field "file".', [
        { path: 'file', message: 'required' }
      ])
    const form = parseMultipart(request.body, request.headers['content-type'])
    const file = form.files.file
    if (!file)
      throw invalidData('The multipart body has no file field "file": attach the workspace zip as "file".', [
        { path: 'file', message: 'required' }
      ])
    const q = request.query
    const trigger = await interchange.startImport(new Uint8Array(file.data), {
      dryRun: boolParam(q, 'dryRun') ?? formBool(form.fields.dryRun, 'dryRun') ?? false,
      partial: boolParam(q, 'partial') ?? formBool(form.fields.partial, 'partial'),
      force: boolParam(q, 'force') ?? formBool(form.fields.force, 'force'),
      diff: boolParam(q, 'diff') ?? formBool(form.fields.diff, 'diff')
    })
    return reply.header('location', `/background-jobs/${trigger.jobId}`).send(trigger)
  })

  app.get<{ Params: { id: string } }>('/background-jobs/:id', async (request) => {
    const accessKey = stringParam(request.query, 'accessKey')
    if (accessKey && !request.headers.authorization)
      return backgroundJobs.get(request.params.id, { admin: false, accessKey })
    await ctx.admin(request, 'Reading a background job')
    return backgroundJobs.get(request.params.id, { admin: true })
  })

  app.get<{ Params: { token: string } }>('/downloads/:token', async (request, reply) => {
    const file = downloads.get(request.params.token)
    return reply
      .header('content-type', 'application/zip')
      .header('content-disposition', `attachment; filename="${file.fileName}"`)
      .header('cache-control', 'no-store')
      .send(Buffer.from(file.bytes))
  })
}
