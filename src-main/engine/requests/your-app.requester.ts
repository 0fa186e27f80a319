import type { ClockPort } from '../ports'
import type { RunCustomer } from '../flow-engine/flow-nodes/node-handler'
import {
  HttpRequestError,
  sendHttpRequest,
  type HttpRequestSpec,
  type HttpResponse,
  type RequestLog
} from './http.requester'

/** Header that carries the customer's token on requests to your app (Membrane's name). */
export const YOUR_APP_TOKEN_HEADER = 'x-integration-app-token'

const TOKEN_TTL_SECONDS = 600
const TOKEN_REUSE_MARGIN_MS = 120_000

/**
 * Requests to your app's API: a relative uri is joined to the workspace `apiBaseUri`, and the
 * request carries `X-Integration-App-Token`, a token for the run's customer signed with the
 * workspace secret (HS256, claims id / name / iss / exp), so your app knows who it is for.
 * Tokens are reused per customer until two minutes before they expire.
 */
export class YourAppRequester {
  private readonly tokens = new Map<string, { token: string; expiresAtMs: number }>()

  constructor(
    private readonly baseUri: () => string | undefined,
    private readonly mint: (customer: RunCustomer, ttlSeconds: number) => Promise<{ token: string; expiresAt: string }>,
    private readonly clock: ClockPort
  ) {}

  async send(
    customer: RunCustomer,
    spec: Omit<HttpRequestSpec, 'url'> & { uri: string },
    log: RequestLog
  ): Promise<HttpResponse> {
    const url = this.urlOf(spec.uri)
    const headers: Record<string, unknown> = { ...((spec.headers as Record<string, unknown> | undefined) ?? {}) }
    headers[YOUR_APP_TOKEN_HEADER] = await this.token(customer)
    const { uri: _uri, ...rest } = spec
    return sendHttpRequest({ ...rest, url, headers }, log)
  }

  /** Forgets cached tokens (after the workspace secret changes). */
  forgetTokens(): void {
    this.tokens.clear()
  }

  private urlOf(uri: string): string {
    if (/^https?:\/\//i.test(uri)) return uri
    const base = this.baseUri()
    if (!base) {
      throw new HttpRequestError(
        `"${uri}" is relative, but the workspace has no apiBaseUri: set it (PATCH /workspace {"apiBaseUri": "http://127.0.0.1:3000/api"}, or Settings in the console), or use an absolute URL.`
      )
    }
    return `${base.replace(/\/+$/, '')}/${uri.replace(/^\/+/, '')}`
  }

  private async token(customer: RunCustomer): Promise<string> {
    const now = this.clock.now()
    const cached = this.tokens.get(customer.id)
    if (cached && cached.expiresAtMs - now > TOKEN_REUSE_MARGIN_MS) return cached.token
    const minted = await this.mint(customer, TOKEN_TTL_SECONDS)
    this.tokens.set(customer.id, { token: minted.token, expiresAtMs: Date.parse(minted.expiresAt) })
    return minted.token
  }
}
