import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { EngineError, type SandboxHttpResponse } from '../../engine'
import type { HttpContext } from '../http-context'
import { PAGE_FORM, PAGE_VIEW } from '../request-place'
import { sendAuthorizePage, sendHelpdeskSettings, sendSandboxError, sendSandboxHome } from '../pages/sandbox.pages'

const API_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const

type Form = Record<string, string | undefined>

/** Form or query fields as single strings. */
function fields(value: unknown): Form {
  const out: Form = {}
  for (const [k, v] of Object.entries((value ?? {}) as Record<string, unknown>))
    out[k] = Array.isArray(v) ? String(v[0]) : v === undefined ? undefined : String(v)
  return out
}

function send(reply: FastifyReply, response: SandboxHttpResponse): FastifyReply {
  void reply.status(response.status).headers(response.headers)
  return response.body === undefined ? reply.send() : reply.send(response.body)
}

/**
 * The sandbox apps as a browser and an API client see them: `/sandbox/<app>/api/...` (their
 * REST APIs), `/sandbox/<app>/oauth/...` (consent page, token and revocation endpoints), their
 * home and settings pages; plus the admin API `/sandbox-apps` to tune them.
 */
export function registerSandboxRoutes(app: FastifyInstance, ctx: HttpContext): void {
  const { engine } = ctx
  const { sandbox } = engine

  const api = async (request: FastifyRequest<{ Params: { app: string; '*'?: string } }>, reply: FastifyReply) =>
    send(
      reply,
      sandbox.handleApi(request.params.app, {
        method: request.method,
        path: `/${request.params['*'] ?? ''}`,
        query: request.query as Record<string, string | string[] | undefined>,
        headers: request.headers,
        body: request.body
      })
    )
  app.route({ method: [...API_METHODS], url: '/sandbox/:app/api', handler: api })
  app.route({ method: [...API_METHODS], url: '/sandbox/:app/api/*', handler: api })

  app.get<{ Params: { app: string } }>(
    '/sandbox/:app/oauth/authorize',
    { config: PAGE_VIEW },
    async (request, reply) => {
      const app = sandbox.app(request.params.app).key
      const check = sandbox.oauth.checkAuthorization(app, fields(request.query))
      if (check.ok) return sendAuthorizePage(reply, check.request)
      if (check.redirect) return reply.redirect(check.redirect, 302)
      return sendSandboxError(reply, app, 'Authorization request refused', `${check.description} (${check.error})`)
    }
  )

  app.post<{ Params: { app: string } }>(
    '/sandbox/:app/oauth/authorize',
    { config: PAGE_FORM },
    async (request, reply) => {
      const app = sandbox.app(request.params.app).key
      const form = fields(request.body)
      const outcome = sandbox.oauth.decide(app, form)
      if (outcome.ok && 'redirect' in outcome) return reply.redirect(outcome.redirect, 302)
      if (!outcome.ok && outcome.error === 'invalid_account') {
        const check = sandbox.oauth.checkAuthorization(app, form)
        if (check.ok) return sendAuthorizePage(reply, check.request, outcome.description)
      }
      if (!outcome.ok && outcome.redirect) return reply.redirect(outcome.redirect, 302)
      return sendSandboxError(
        reply,
        app,
        'Authorization request refused',
        outcome.ok ? 'Unexpected answer.' : `${outcome.description} (${outcome.error})`
      )
    }
  )

  app.post<{ Params: { app: string } }>('/sandbox/:app/oauth/token', async (request, reply) => {
    const app = sandbox.app(request.params.app).key
    const result = sandbox.oauth.token(app, fields(request.body), request.headers.authorization)
    return reply.status(result.status).headers(result.headers).send(result.body)
  })

  app.post<{ Params: { app: string } }>('/sandbox/:app/oauth/revoke', async (request, reply) => {
    const app = sandbox.app(request.params.app).key
    const result = sandbox.oauth.revoke(app, fields(request.body), request.headers.authorization)
    return reply.status(result.status).headers(result.headers).send(result.body)
  })

  app.get('/sandbox/helpdesk/settings', { config: PAGE_VIEW }, async (_request, reply) =>
    sendHelpdeskSettings(reply, sandbox.apiKeys('helpdesk'), sandbox.accounts('helpdesk'))
  )

  app.post('/sandbox/helpdesk/settings/api-keys', { config: PAGE_FORM }, async (request, reply) => {
    const form = fields(request.body)
    try {
      const created = sandbox.createApiKey('helpdesk', { accountName: form.account, name: form.name })
      return sendHelpdeskSettings(reply, sandbox.apiKeys('helpdesk'), sandbox.accounts('helpdesk'), created)
    } catch (error) {
      if (!(error instanceof EngineError)) throw error
      return sendHelpdeskSettings(
        reply,
        sandbox.apiKeys('helpdesk'),
        sandbox.accounts('helpdesk'),
        undefined,
        error.message
      )
    }
  })

  const home = async (request: FastifyRequest<{ Params: { app: string } }>, reply: FastifyReply) =>
    sendSandboxHome(reply, sandbox.app(request.params.app), sandbox.accounts(request.params.app))
  app.get('/sandbox/:app', { config: PAGE_VIEW }, home)
  app.get('/sandbox/:app/', { config: PAGE_VIEW }, home)

  app.get('/sandbox-apps', async (request) => {
    await ctx.admin(request, 'Reading the sandbox apps')
    return { items: sandbox.apps() }
  })

  app.get<{ Params: { app: string } }>('/sandbox-apps/:app', async (request) => {
    await ctx.admin(request, 'Reading a sandbox app')
    return sandbox.app(request.params.app)
  })

  app.patch<{ Params: { app: string } }>('/sandbox-apps/:app', async (request) => {
    await ctx.admin(request, 'Changing sandbox app settings')
    return sandbox.updateSettings(request.params.app, request.body ?? {})
  })

  app.get<{ Params: { app: string } }>('/sandbox-apps/:app/accounts', async (request) => {
    await ctx.admin(request, 'Listing sandbox accounts')
    return { items: sandbox.accounts(request.params.app) }
  })

  app.post<{ Params: { app: string } }>('/sandbox-apps/:app/accounts', async (request, reply) => {
    await ctx.admin(request, 'Creating a sandbox account')
    return reply
      .status(201)
      .send(sandbox.createAccount(request.params.app, (request.body as { name?: unknown } | undefined)?.name))
  })

  app.get<{ Params: { app: string } }>('/sandbox-apps/:app/api-keys', async (request) => {
    await ctx.admin(request, 'Listing sandbox API keys')
    return { items: sandbox.apiKeys(request.params.app) }
  })

  app.post<{ Params: { app: string } }>('/sandbox-apps/:app/api-keys', async (request, reply) => {
    await ctx.admin(request, 'Creating a sandbox API key')
    const body = (request.body ?? {}) as { accountName?: unknown; name?: unknown }
    return reply.status(201).send(sandbox.createApiKey(request.params.app, body))
  })

  app.delete<{ Params: { app: string; id: string } }>('/sandbox-apps/:app/api-keys/:id', async (request, reply) => {
    await ctx.admin(request, 'Revoking a sandbox API key')
    sandbox.revokeApiKey(request.params.app, request.params.id)
    return reply.status(204).send()
  })

  app.get('/sandbox-apps/webhook-deliveries', async (request) => {
    await ctx.admin(request, 'Reading sandbox webhook deliveries')
    return { items: sandbox.deliveries() }
  })
}
