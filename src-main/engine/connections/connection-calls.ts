import type { AppResponse } from '../../contract/connections'
import type { SendThroughConnection } from '../apps/connector'
import type { Actor } from '../auth/actor'
import { invalidData } from '../common/engine-error'
import type { ConnectionCallPolicy, ConnectionCalls, RunConnection } from '../flow-engine/flow-nodes/node-handler'
import type { ConnectionDataService } from './connection-data.service'

/** Backoff when a 429 carries no usable Retry-After: 1 s, 2 s, 4 s … */
const FALLBACK_WAIT_MS = 1000

/** Milliseconds a Retry-After header asks for (seconds or an HTTP date); undefined when absent or unreadable. */
export function retryAfterMs(header: string | undefined, nowMs: number): number | undefined {
  if (header === undefined || header.trim() === '') return undefined
  const seconds = Number(header)
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000)
  const date = Date.parse(header)
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs)
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new Error('The run was stopped while waiting for the rate limit.'))
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    const onAbort = () => {
      clearTimeout(timer)
      reject(new Error('The run was stopped while waiting for the rate limit.'))
    }
    signal.addEventListener('abort', onAbort, { once: true })
  })
}

function seconds(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`
}

/**
 * Calls that flow and action runs make through a customer's connection: record operations and
 * requests, with the politeness a run owes the app. A 429 is retried after the Retry-After the
 * app sent (or a short backoff), at most `rateLimitRetries` times and only while the wait fits
 * in the run's `timeoutMs`; each wait is logged on the run. Time here is real time (network
 * waits), not the engine clock.
 */
export class ConnectionCallService {
  constructor(private readonly data: ConnectionDataService) {}

  /** Calls through `connection` (an id, or an integration key for the customer's connection to it); another customer's is not found. */
  open(connection: RunConnection, policy: ConnectionCallPolicy): ConnectionCalls {
    const actor: Actor = {
      kind: 'customer',
      customer: { id: connection.customer.id, internalId: connection.customer.internalId }
    }
    const deadline = Date.now() + policy.timeoutMs
    let appName = 'The app'
    const bound = this.data.bind(actor, connection.selector, (send) =>
      this.politely(send, policy, deadline, () => appName)
    )
    appName = bound.appName
    const api = () => {
      if (!bound.api)
        throw invalidData(
          `${bound.appName} has no data collections; use api-request-to-external-app to call its API.`,
          [{ path: 'dataSource', message: 'no data collections' }]
        )
      return bound.api
    }
    const collection = (key: string) => {
      if (!bound.collections.some((c) => c.key === key)) {
        throw invalidData(
          `${bound.appName} has no collection "${key}"; it has ${bound.collections.map((c) => c.key).join(', ') || 'none'}.`,
          [{ path: 'dataSource.collectionKey', message: 'unknown collection' }]
        )
      }
      return key
    }
    return {
      appName: bound.appName,
      request: (request) => bound.send(request),
      list: (key, request) => api().list(bound.send, collection(key), request),
      search: (key, request) => api().search(bound.send, collection(key), request),
      findById: (key, id) => api().findById(bound.send, collection(key), id),
      create: (key, fields) => api().create(bound.send, collection(key), fields),
      update: (key, id, fields) => api().update(bound.send, collection(key), id, fields),
      delete: (key, id) => api().delete(bound.send, collection(key), id)
    }
  }

  private politely(
    send: SendThroughConnection,
    policy: ConnectionCallPolicy,
    deadline: number,
    appName: () => string
  ): SendThroughConnection {
    return async (request) => {
      const what = `${(request.method ?? 'GET').toUpperCase()} ${request.path}`
      for (let attempt = 0; ; attempt++) {
        if (policy.signal.aborted) throw new Error('The run was stopped.')
        const response: AppResponse = await send(request)
        if (response.status !== 429) return response
        const asked = retryAfterMs(response.headers['retry-after'], Date.now())
        const waitMs = asked ?? FALLBACK_WAIT_MS * 2 ** attempt
        const data = { status: 429, retryAfter: response.headers['retry-after'], attempt: attempt + 1 }
        if (attempt >= policy.rateLimitRetries) {
          policy.log(
            'warn',
            `${appName()} rate-limited ${what} (429) again; giving up after ${policy.rateLimitRetries} retr${policy.rateLimitRetries === 1 ? 'y' : 'ies'} (rateLimitRetries).`,
            data
          )
          return response
        }
        if (Date.now() + waitMs > deadline) {
          policy.log(
            'warn',
            `${appName()} rate-limited ${what} (429) and asks to wait ${seconds(waitMs)}, which would pass the ${seconds(policy.timeoutMs)} timeoutMs; giving up.`,
            data
          )
          return response
        }
        policy.log(
          'warn',
          `${appName()} rate-limited ${what} (429); waiting ${seconds(waitMs)}${asked === undefined ? ' (no Retry-After: backing off)' : ' as its Retry-After says'}, then retrying (retry ${attempt + 1} of ${policy.rateLimitRetries}).`,
          data
        )
        await sleep(waitMs, policy.signal)
      }
    }
  }
}
