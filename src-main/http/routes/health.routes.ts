import type { FastifyInstance } from 'fastify'
import type { HealthDto } from '../../contract/health'
import type { HttpContext } from '../http-context'

/** `GET /health`: no token needed; says the engine is up and which workspace it serves. */
export function registerHealthRoutes(app: FastifyInstance, { engine }: HttpContext): void {
  const started = Date.now()
  app.get('/health', async (): Promise<HealthDto> => ({
    status: 'ok',
    version: engine.info.version,
    workspaceKey: engine.workspace.key(),
    uptimeSeconds: Math.round((Date.now() - started) / 1000)
  }))
}
