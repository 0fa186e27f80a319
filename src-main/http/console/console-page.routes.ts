import { existsSync } from 'node:fs'
import { join } from 'node:path'
import fastifyStatic from '@fastify/static'
import type { FastifyInstance, FastifyReply } from 'fastify'
import { CONSOLE_CSP, CONSOLE_PAGE_PREFIX } from '../../contract/console-api'
import type { createConsoleGuard } from './console-guard'

/**
 * Security headers of the console page. COOP keeps other sites' windows out of the console's
 * browsing context group, but allows the popups it opens itself (the connect page posts its
 * result back to the console, which needs the opener link).
 */
function secure(reply: FastifyReply): FastifyReply {
  return reply
    .header('content-security-policy', CONSOLE_CSP)
    .header('x-frame-options', 'DENY')
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'no-referrer')
    .header('cross-origin-opener-policy', 'same-origin-allow-popups')
    .header('cross-origin-resource-policy', 'same-origin')
}

/**
 * Serves the built console (`out/renderer`) at `/console/`, with `/` and `/console` redirecting
 * there. Hashed assets are cached for good; `index.html` never is, so a rebuild shows at once.
 */
export async function registerConsolePageRoutes(
  app: FastifyInstance,
  guard: ReturnType<typeof createConsoleGuard>,
  rendererDir: string | undefined
): Promise<void> {
  const onRequest = async (request: Parameters<typeof guard.checkPlace>[0], reply: FastifyReply) => {
    if (guard.checkPlace(request, reply)) return reply
  }
  app.get('/', { onRequest, config: { cors: false } }, (_request, reply) => reply.redirect(CONSOLE_PAGE_PREFIX, 302))
  app.get('/console', { onRequest, config: { cors: false } }, (_request, reply) =>
    reply.redirect(CONSOLE_PAGE_PREFIX, 301)
  )
  app.get('/favicon.ico', { config: { cors: false } }, (_request, reply) => reply.status(204).send())

  if (!rendererDir || !existsSync(join(rendererDir, 'index.html'))) {
    app.get(`${CONSOLE_PAGE_PREFIX}*`, { onRequest, config: { cors: false } }, (_request, reply) =>
      secure(reply)
        .status(503)
        .type('text/plain; charset=utf-8')
        .send(
          `The console is not built${rendererDir ? ` (no ${join(rendererDir, 'index.html')})` : ''}. Run "npm run build" and reload.`
        )
    )
    return
  }
  await app.register(async (scope) => {
    scope.addHook('onRequest', onRequest)
    await scope.register(fastifyStatic, {
      root: rendererDir,
      prefix: CONSOLE_PAGE_PREFIX,
      decorateReply: false,
      index: 'index.html',
      wildcard: true,
      cacheControl: false,
      etag: true,
      dotfiles: 'deny',
      setHeaders: (reply, path) => {
        secure(reply).header(
          'cache-control',
          path.endsWith('index.html') ? 'no-cache' : 'public, max-age=31536000, immutable'
        )
      }
    })
  })
}
