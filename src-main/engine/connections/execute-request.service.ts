import { performance } from 'node:perf_hooks'
import { Type, type Static } from '@sinclair/typebox'
import type { ConnectionRequestRecordDto, ExecuteRequestResultDto } from '../../contract/operations'
import type { Actor } from '../auth/actor'
import type { EngineContext } from '../common/engine-context'
import { EngineError, invalidData } from '../common/engine-error'
import { newId } from '../common/ids'
import { inputParser } from '../common/input-parser'
import type { ConnectionService } from './connection.service'

const METHOD = '^(GET|POST|PUT|PATCH|DELETE|get|post|put|patch|delete)$'
const HEADER_NAME = "^[A-Za-z0-9!#$%&'*+.^_`|~-]+$"

/** `POST /connections/{c}/execute-request`: a request to the app through the connection. */
export const ExecuteRequestBody = Type.Object(
  {
    method: Type.Optional(Type.String({ pattern: METHOD })),
    path: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 })),
    query: Type.Optional(
      Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Boolean()]), { maxProperties: 100 })
    ),
    headers: Type.Optional(
      Type.Record(Type.String({ pattern: HEADER_NAME }), Type.String({ maxLength: 8000 }), { maxProperties: 50 })
    ),
    body: Type.Optional(Type.Unknown()),
    /** The SDK's `connectionRequest(connectionId, path, data)` sends the path as `key`, the body as `payload`. */
    key: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 })),
    payload: Type.Optional(Type.Unknown())
  },
  { additionalProperties: false }
)
/** What `execute-request` accepts. */
export type ExecuteRequestBody = Static<typeof ExecuteRequestBody>

const parseBody = inputParser(ExecuteRequestBody, '', 'execute-request body')

const KEPT_PER_CONNECTION = 20
const KEPT_BODY_CHARS = 20_000
/** Header values never kept in the history (the caller's own secrets). */
const SECRET_HEADER = /auth|token|secret|key|cookie|password/i

/**
 * Sends any request through a connection's auth and passes the app's answer on (status,
 * headers, body, time taken), and keeps the last requests of each connection for the console.
 */
export class ExecuteRequestService {
  private readonly history = new Map<string, ConnectionRequestRecordDto[]>()

  constructor(
    private readonly ctx: EngineContext,
    private readonly connections: ConnectionService
  ) {}

  /** Sends the request; an app's non-2xx answer is passed on, not thrown. */
  async execute(actor: Actor, selector: string, input: unknown): Promise<ExecuteRequestResultDto> {
    const body = parseBody(input ?? {})
    const path = body.path ?? body.key
    if (!path)
      throw invalidData('Say where the request goes: "path" (relative to the app API, e.g. /contacts).', [
        { path: 'path', message: 'path is required' }
      ])
    const payload = body.body !== undefined ? body.body : body.payload
    const method = (body.method ?? (body.path === undefined && payload !== undefined ? 'POST' : 'GET')).toUpperCase()
    const view = this.connections.resolve(actor, selector)
    const record: ConnectionRequestRecordDto = {
      id: newId(this.ctx.clock.now()),
      at: this.ctx.nowIso(),
      method,
      path,
      query: Object.fromEntries(Object.entries(body.query ?? {}).map(([k, v]) => [k, String(v)])),
      headers: Object.fromEntries(
        Object.entries(body.headers ?? {}).map(([k, v]) => [k, SECRET_HEADER.test(k) ? '********' : v])
      ),
      ...(payload !== undefined ? { body: kept(payload) } : {}),
      durationMs: 0
    }
    const started = performance.now()
    try {
      const response = await this.connections.request(actor, view.id, {
        method,
        path,
        query: body.query,
        headers: body.headers,
        body: payload
      })
      const durationMs = Math.round((performance.now() - started) * 10) / 10
      const data = response.body instanceof Uint8Array ? Buffer.from(response.body).toString('utf8') : response.body
      const result: ExecuteRequestResultDto = {
        status: response.status,
        headers: response.headers,
        data: data ?? null,
        durationMs
      }
      this.keep(view.id, {
        ...record,
        status: response.status,
        durationMs,
        response: { headers: response.headers, data: kept(data ?? null) }
      })
      return result
    } catch (error) {
      this.keep(view.id, {
        ...record,
        durationMs: Math.round((performance.now() - started) * 10) / 10,
        error: error instanceof EngineError || error instanceof Error ? error.message : String(error)
      })
      throw error
    }
  }

  /** The last requests sent through a connection, newest first. */
  recent(actor: Actor, selector: string): ConnectionRequestRecordDto[] {
    const view = this.connections.resolve(actor, selector, { includeArchived: true })
    return [...(this.history.get(view.id) ?? [])]
  }

  private keep(connectionId: string, record: ConnectionRequestRecordDto): void {
    const list = this.history.get(connectionId) ?? []
    list.unshift(record)
    list.length = Math.min(list.length, KEPT_PER_CONNECTION)
    this.history.set(connectionId, list)
  }
}

/** A body small enough to keep: long ones are cut to text with a note. */
function kept(value: unknown): unknown {
  const text = typeof value === 'string' ? value : JSON.stringify(value)
  if (text === undefined || text.length <= KEPT_BODY_CHARS) return value
  return `${text.slice(0, KEPT_BODY_CHARS)}… (${text.length - KEPT_BODY_CHARS} more characters not kept)`
}
