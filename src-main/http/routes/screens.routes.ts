import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { EngineError, parseConnectScreenParams } from '../../engine'
import type { HttpContext } from '../http-context'
import {
  sendConnectionRequestScreen,
  sendConnectScreen,
  sendFieldMappingScreen,
  sendFlowInstanceScreen,
  sendIntegrationScreen,
  sendScreenError
} from '../pages/screens.pages'
import { stringParam } from '../query-params'
import { PAGE_FORM, PAGE_VIEW } from '../request-place'

type Fields = Record<string, string | string[] | undefined>

function fieldsOf(body: unknown): Fields {
  return body && typeof body === 'object' ? (body as Fields) : {}
}

function one(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[value.length - 1] : value
}

function themeOf(value: string | undefined): string | undefined {
  return value === 'dark' || value === 'light' ? value : undefined
}

/**
 * A screen handler whose failures become an error screen (a person reads it inside your app).
 * Host is checked for every route by the shared guard; the route's config (PAGE_VIEW, PAGE_FORM)
 * adds the Origin check: screens the SDK posts from your app's page carry your app's Origin.
 */
function screen<R extends FastifyRequest>(handler: (request: R, reply: FastifyReply) => Promise<FastifyReply>) {
  return async (request: R, reply: FastifyReply) => {
    try {
      return await handler(request, reply)
    } catch (error) {
      if (error instanceof EngineError) return sendScreenError(reply, error.status, error.message)
      throw error
    }
  }
}

/**
 * The SDK's screens: `client.ui.connect()` (`POST /screens/connect`), `openNewConnectionV2()`,
 * `ui.connection()`, and with `uiUri` pointed here the embedded UI (`/embed/...`):
 * `openNewConnection()`, `integration(k).open()`, flow instance configuration. Also Membrane's
 * connection requests (`POST /connection-requests`, the page at `/screens/connections`).
 */
export function registerScreenRoutes(app: FastifyInstance, ctx: HttpContext): void {
  const { screens, connectionRequests } = ctx.engine

  const connect = async (reply: FastifyReply, fields: unknown, integrationKey?: string) => {
    const params = parseConnectScreenParams(fields)
    const view = await screens.connectScreen(params.token, integrationKey ? { ...params, integrationKey } : params)
    return sendConnectScreen(reply, view, params.theme)
  }

  // Membrane's `screens` elements (`client.screens.find()`, `client.screen(id).get()`): the one
  // screen the Workbench draws. JSON, for any token; the HTML screens are the routes below.
  app.get('/screens', async (request) => {
    await ctx.actor(request)
    return {
      items: screens.listScreens({ type: stringParam(request.query, 'type'), key: stringParam(request.query, 'key') })
    }
  })
  app.get<{ Params: { sel: string } }>('/screens/:sel', async (request) => {
    await ctx.actor(request)
    return screens.screenElement(request.params.sel)
  })

  app.post(
    '/screens/connect',
    screen(async (request, reply) => connect(reply, request.body))
  )
  app.post<{ Params: { sel: string } }>(
    '/screens/integrations/:sel/connect',
    screen(async (request: FastifyRequest<{ Params: { sel: string } }>, reply) =>
      connect(reply, request.body, request.params.sel)
    )
  )
  app.get<{ Params: { sel: string } }>(
    '/embed/integrations/:sel/connect',
    { config: PAGE_VIEW },
    screen(async (request: FastifyRequest<{ Params: { sel: string } }>, reply) =>
      connect(reply, request.query, request.params.sel)
    )
  )

  const integrationPage = async (reply: FastifyReply, token: string | undefined, sel: string, theme?: string) =>
    sendIntegrationScreen(reply, await screens.integrationScreen(token, sel), { token: token ?? '', theme })

  app.get<{ Params: { sel: string } }>(
    '/embed/integrations/:sel',
    { config: PAGE_VIEW },
    screen(async (request: FastifyRequest<{ Params: { sel: string } }>, reply) =>
      integrationPage(
        reply,
        stringParam(request.query, 'token'),
        request.params.sel,
        themeOf(stringParam(request.query, 'theme'))
      )
    )
  )

  // `client.ui.connection({connectionId})`: the page of that connection's integration.
  app.post(
    '/screens/connection',
    screen(async (request, reply) => {
      const fields = fieldsOf(request.body)
      const token = one(fields.token)
      const view = await screens.connectScreen(token, { connectionId: one(fields.connectionId) ?? '' })
      return integrationPage(reply, token, view.integrations[0].id, themeOf(one(fields.theme)))
    })
  )

  app.post<{ Params: { sel: string; flow: string } }>(
    '/embed/integrations/:sel/flows/:flow',
    { config: PAGE_FORM },
    screen(async (request: FastifyRequest<{ Params: { sel: string; flow: string } }>, reply) => {
      const fields = fieldsOf(request.body)
      const token = one(fields.token)
      await screens.setFlowEnabled(token, request.params.sel, request.params.flow, one(fields.enabled) === 'true')
      const theme = themeOf(one(fields.theme))
      const back = `/embed/integrations/${encodeURIComponent(request.params.sel)}?token=${encodeURIComponent(token ?? '')}${theme ? `&theme=${theme}` : ''}`
      return reply.redirect(back, 303)
    })
  )

  const backTo = (integrationKey: string | undefined, token: string, theme?: string) =>
    integrationKey
      ? `/embed/integrations/${encodeURIComponent(integrationKey)}?token=${encodeURIComponent(token)}${theme ? `&theme=${theme}` : ''}`
      : undefined

  app.get<{ Params: { id: string } }>(
    '/embed/flow-instances/:id/configuration',
    { config: PAGE_VIEW },
    screen(async (request: FastifyRequest<{ Params: { id: string } }>, reply) => {
      const token = stringParam(request.query, 'token') ?? ''
      const theme = themeOf(stringParam(request.query, 'theme'))
      const view = await screens.flowInstanceScreen(token, request.params.id)
      return sendFlowInstanceScreen(reply, view, { token, theme, back: backTo(view.integrationKey, token, theme) })
    })
  )

  app.post<{ Params: { id: string } }>(
    '/embed/flow-instances/:id/configuration',
    { config: PAGE_FORM },
    screen(async (request: FastifyRequest<{ Params: { id: string } }>, reply) => {
      const fields = fieldsOf(request.body)
      const token = one(fields.token) ?? ''
      const theme = themeOf(one(fields.theme))
      const view = await screens.saveFlowInstance(token, request.params.id, fields)
      return sendFlowInstanceScreen(reply, view, { token, theme, back: backTo(view.integrationKey, token, theme) })
    })
  )

  // `fieldMappingInstance(…).openConfiguration()`: the customer edits their own import mapping.
  app.get<{ Params: { id: string } }>(
    '/embed/field-mapping-instances/:id/configuration',
    { config: PAGE_VIEW },
    screen(async (request: FastifyRequest<{ Params: { id: string } }>, reply) => {
      const token = stringParam(request.query, 'token') ?? ''
      const theme = themeOf(stringParam(request.query, 'theme'))
      return sendFieldMappingScreen(reply, await screens.fieldMappingScreen(token, request.params.id), { token, theme })
    })
  )
  app.post<{ Params: { id: string } }>(
    '/embed/field-mapping-instances/:id/configuration',
    { config: PAGE_FORM },
    screen(async (request: FastifyRequest<{ Params: { id: string } }>, reply) => {
      const fields = fieldsOf(request.body)
      const token = one(fields.token) ?? ''
      const theme = themeOf(one(fields.theme))
      const view = await screens.saveFieldMappingScreen(token, request.params.id, fields)
      return sendFieldMappingScreen(reply, view, { token, theme })
    })
  )

  type FlowParams = { Params: { sel: string; flow: string } }
  app.get<FlowParams>(
    '/embed/integrations/:sel/flows/:flow/configuration',
    { config: PAGE_VIEW },
    screen(async (request: FastifyRequest<FlowParams>, reply) => {
      const token = stringParam(request.query, 'token') ?? ''
      const theme = themeOf(stringParam(request.query, 'theme'))
      const view = await screens.flowSetupScreen(token, request.params.sel, request.params.flow)
      return sendFlowInstanceScreen(reply, view, { token, theme, back: backTo(view.integrationKey, token, theme) })
    })
  )
  app.post<FlowParams>(
    '/embed/integrations/:sel/flows/:flow/configuration',
    { config: PAGE_FORM },
    screen(async (request: FastifyRequest<FlowParams>, reply) => {
      const fields = fieldsOf(request.body)
      const token = one(fields.token) ?? ''
      const theme = themeOf(one(fields.theme))
      const view = await screens.saveFlowSetup(token, request.params.sel, request.params.flow, fields)
      return sendFlowInstanceScreen(reply, view, { token, theme, back: backTo(view.integrationKey, token, theme) })
    })
  )

  app.get(
    '/screens/connections',
    { config: PAGE_VIEW },
    screen(async (request, reply) =>
      sendConnectionRequestScreen(
        reply,
        await connectionRequests.forPage(stringParam(request.query, 'connectionRequestId') ?? '')
      )
    )
  )

  app.post('/connection-requests', async (request, reply) =>
    reply.status(201).send(connectionRequests.create(await ctx.actor(request), request.body ?? {}))
  )
  app.get<{ Params: { id: string } }>('/connection-requests/:id', async (request) =>
    connectionRequests.get(await ctx.actor(request), request.params.id)
  )
}
