import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders } from 'node:http'
import type { Agent as HttpsAgent } from 'node:https'
import { httpsModule } from '../common/lazy-modules'

/** An answer from an app: status, lower-case headers, raw body bytes. */
export interface RawAppResponse {
  status: number
  headers: Record<string, string>
  body: Buffer
}

/** Why a request did not get an answer (refused, reset, timed out ...). */
export class AppUnreachableError extends Error {
  constructor(
    readonly code: string,
    message: string
  ) {
    super(message)
    this.name = 'AppUnreachableError'
  }
}

function flatten(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers))
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value
  return out
}

/**
 * HTTP requests to apps over keep-alive connections (node:http: much cheaper per call than
 * fetch, and calls through connections are the engine's hottest outbound path). No redirects
 * are followed; bodies are returned as received. `close()` drops the idle sockets.
 */
export class AppHttpClient {
  private readonly httpAgent = new HttpAgent({ keepAlive: true, maxSockets: 64 })
  /** Made by the first https request (node:https is loaded then, see lazy-modules). */
  private httpsAgent: HttpsAgent | undefined

  /** Sends one request; rejects with {@link AppUnreachableError} when no answer comes. */
  send(
    url: URL,
    init: { method: string; headers: Record<string, string>; body?: string | Uint8Array; timeoutMs: number }
  ): Promise<RawAppResponse> {
    const secure = url.protocol === 'https:'
    const headers = { ...init.headers }
    if (init.body !== undefined)
      headers['content-length'] = String(
        typeof init.body === 'string' ? Buffer.byteLength(init.body) : init.body.byteLength
      )
    return new Promise((resolve, reject) => {
      const https = secure ? httpsModule() : undefined
      const agent = https ? (this.httpsAgent ??= new https.Agent({ keepAlive: true, maxSockets: 64 })) : this.httpAgent
      const req = (https ? https.request : httpRequest)(url, { method: init.method, headers, agent }, (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: flatten(res.headers), body: Buffer.concat(chunks) })
        )
        res.on('error', (error) =>
          reject(new AppUnreachableError((error as NodeJS.ErrnoException).code ?? 'ERESPONSE', error.message))
        )
      })
      req.setTimeout(init.timeoutMs, () =>
        req.destroy(new AppUnreachableError('ETIMEDOUT', `no answer within ${init.timeoutMs} ms`))
      )
      req.on('error', (error) =>
        reject(
          error instanceof AppUnreachableError
            ? error
            : new AppUnreachableError((error as NodeJS.ErrnoException).code ?? 'EREQUEST', error.message)
        )
      )
      if (init.body !== undefined) req.end(init.body)
      else req.end()
    })
  }

  /** Closes idle keep-alive sockets. */
  close(): void {
    this.httpAgent.destroy()
    this.httpsAgent?.destroy()
  }
}
