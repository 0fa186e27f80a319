import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { ConnectResultMessage } from '../../contract/connections'
import { assertJsonTextDepth, notFound, type ConnectPayload, type ConnectStep } from '../../engine'
import type { HttpContext } from '../http-context'
import { PAGE_FORM, PAGE_VIEW } from '../request-place'
import { sendConnectChooser, sendConnectForm, sendConnectResult } from '../pages/connect.pages'
import { stringParam } from '../query-params'

const SSE_KEEPALIVE_MS = 15_000
const SSE_LIFETIME_MS = 15 * 60 * 1000

function render(reply: FastifyReply, step: ConnectStep): FastifyReply {
  switch (step.kind) {
    case 'redirect':
      return reply.redirect(step.url, 303)
    case 'form':
      return sendConnectForm(reply, step.view)
    case 'choose':
      return sendConnectChooser(reply, step.view)
    case 'done':
      return sendConnectResult(reply, step.result)
  }
}

/** The origin of the page that submitted the connect form (the postMessage target). */
function openerOrigin(request: FastifyRequest): string | undefined {
  const origin = request.headers.origin
  return typeof origin === 'string' && /^https?:\/\/[^/]+$/.test(origin) ? origin : undefined
}

/** The SDK's `payload` form field (JSON); an unreadable one still yields a failure page. */
function payloadOf(body: unknown): ConnectPayload {
  const raw = (body as Record<string, unknown> | undefined)?.payload
  if (typeof raw === 'string') {
    assertJsonTextDepth(raw, 'The connect payload')
    try {
      const parsed = JSON.parse(raw) as unknown
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as ConnectPayload
    } catch {
      // handled below: start() reports the missing token
    }
    return {}
  }
  return body && typeof body === 'object' ? (body as ConnectPayload) : {}
}

/** Connect links without the SDK (`GET /connect?token=…&integrationKey=…`), as the docs' GET variant. */
function payloadFromQuery(query: unknown): ConnectPayload {
  const q = (name: string) => stringParam(query, name)
  const json = (name: string) => {
    const text = q(name)
    if (!text) return undefined
    assertJsonTextDepth(text, `The ${name} parameter`)
    try {
      return JSON.parse(text) as Record<string, unknown>
    } catch {
      return undefined
    }
  }
  return {
    token: q('token'),
    integrationKey: q('integrationKey'),
    integrationId: q('integrationId'),
    connectionId: q('connectionId'),
    authOptionKey: q('authOptionKey'),
    requestId: q('requestId'),
    name: q('name'),
    redirectUri: q('redirectUri'),
    input: json('input') ?? json('connectionParameters'),
    allowMultipleConnections: q('allowMultipleConnections') === 'true' || q('allowMultipleConnections') === '1'
  }
}

function formFields(body: unknown): Record<string, string | string[] | undefined> {
  return (body ?? {}) as Record<string, string | string[] | undefined>
}

/**
 * The connect flow of the SDKs: `/connection-options`, the `/connect` (M) and
 * `/connection-popup` (IA) pages, the OAuth callback, and the result channel
 * `/sse/connection-events/{requestId}`.
 */
export function registerConnectRoutes(app: FastifyInstance, ctx: HttpContext): void {
  const { engine } = ctx

  app.post('/connection-options', async (request) =>
    engine.connect.options(await ctx.actor(request), request.body ?? {})
  )

  app.post('/connect', async (request, reply) =>
    render(reply, await engine.connect.start(payloadOf(request.body), openerOrigin(request)))
  )
  app.get('/connect', { config: PAGE_VIEW }, async (request, reply) =>
    render(reply, await engine.connect.start(payloadFromQuery(request.query), undefined))
  )

  app.post('/connection-popup', async (request, reply) => {
    const payload = payloadOf(request.body)
    const fromQuery = {
      integrationId: stringParam(request.query, 'integrationId'),
      connectionId: stringParam(request.query, 'connectionId')
    }
    return render(
      reply,
      await engine.connect.start(
        { ...payload, ...Object.fromEntries(Object.entries(fromQuery).filter(([, v]) => v)) },
        openerOrigin(request)
      )
    )
  })
  app.get('/connection-popup', { config: PAGE_VIEW }, async (request, reply) =>
    render(reply, await engine.connect.start(payloadFromQuery(request.query), undefined))
  )

  app.post('/connect/choose', { config: PAGE_FORM }, async (request, reply) => {
    const fields = formFields(request.body)
    return render(reply, await engine.connect.choose(String(fields.state ?? ''), String(fields.option ?? '')))
  })

  app.post('/connect/submit', { config: PAGE_FORM }, async (request, reply) => {
    const fields = formFields(request.body)
    return render(reply, await engine.connect.submit(String(fields.state ?? ''), fields))
  })

  app.get('/oauth-callback', { config: PAGE_VIEW }, async (request, reply) => {
    const q = request.query
    const query = {
      code: stringParam(q, 'code'),
      state: stringParam(q, 'state'),
      error: stringParam(q, 'error'),
      error_description: stringParam(q, 'error_description')
    }
    return render(reply, await engine.connect.callback(query))
  })

  app.get<{ Params: { requestId: string } }>('/sse/connection-events/:requestId', async (request, reply) => {
    const { requestId } = request.params
    // The M SDK sends ?token=, the IA SDK nothing: with a token, only that customer's result is sent.
    const authenticated = !!request.headers.authorization || !!stringParam(request.query, 'token')
    const customerId = authenticated ? ((await ctx.actor(request)).customer?.id ?? null) : undefined
    const owner = engine.connect.customerOf(requestId)
    if (owner && customerId && owner !== customerId)
      throw notFound(`No connect request "${requestId}" for this customer.`)

    reply.hijack()
    const raw = reply.raw
    const origin = request.headers.origin
    raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
      'access-control-allow-origin': typeof origin === 'string' ? origin : '*',
      vary: 'Origin'
    })
    raw.write(': connected\n\n')
    let done = false
    let unsubscribe = (): void => undefined
    const finish = () => {
      if (done) return
      done = true
      clearInterval(keepalive)
      clearTimeout(lifetime)
      unsubscribe()
      raw.end()
    }
    const deliver = (message: ConnectResultMessage, messageCustomer?: string) => {
      if (done || (customerId && messageCustomer && messageCustomer !== customerId)) return
      raw.write(`data: ${JSON.stringify(message)}\n\n`)
      finish()
    }
    const keepalive = setInterval(() => raw.write(': ping\n\n'), SSE_KEEPALIVE_MS)
    const lifetime = setTimeout(finish, SSE_LIFETIME_MS)
    raw.on('close', finish)
    const existing = engine.connect.resultFor(requestId)
    if (existing) deliver(existing.message, existing.customerId)
    else unsubscribe = engine.connect.onResult(requestId, deliver)
  })
}
