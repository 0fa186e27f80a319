import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { ConnectionDto, ConnectResultMessage } from '../../src-main/contract/connections'
import type { TestServer } from './test-server'

/** Origin the simulated app page submits the connect form from. */
export const APP_ORIGIN = 'http://127.0.0.1:5999'

function unescapeHtml(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
}

/** Hidden and text inputs of the first form on a page: name → value. */
export function formInputs(html: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const match of html.matchAll(/<input\b[^>]*>/g)) {
    const tag = match[0]
    const name = /\bname="([^"]*)"/.exec(tag)?.[1]
    const value = /\bvalue="([^"]*)"/.exec(tag)?.[1]
    if (name && value !== undefined) out[unescapeHtml(name)] = unescapeHtml(value)
  }
  return out
}

/** The result a connect window posts to its opener (from the result page). */
export function resultOf(html: string): { message: ConnectResultMessage; targetOrigin: string; redirect?: string } {
  const json = /<script type="application\/json" id="connect-result">([\s\S]*?)<\/script>/.exec(html)?.[1]
  if (!json) throw new Error(`not a connect result page:\n${html.slice(0, 2000)}`)
  return JSON.parse(json)
}

/** A fetch that does not follow redirects, returning status, location and text. */
export async function step(
  url: string,
  init: RequestInit = {}
): Promise<{ status: number; location?: string; text: string; headers: Headers }> {
  const response = await fetch(url, { redirect: 'manual', ...init })
  return {
    status: response.status,
    location: response.headers.get('location') ?? undefined,
    text: await response.text(),
    headers: response.headers
  }
}

/** POSTs the SDK's `payload` form to `/connect` as a browser would from the app's page. */
export function postConnect(server: TestServer, payload: Record<string, unknown>, path = '/connect') {
  return step(server.url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: APP_ORIGIN },
    body: new URLSearchParams({ payload: JSON.stringify(payload) }).toString()
  })
}

/** Submits a form page's fields (plus `extra`) to `action`. */
export function submitForm(url: string, fields: Record<string, string>) {
  return step(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString()
  })
}

/** What one OAuth connect run went through, for assertions on each step. */
export interface OAuthRun {
  authorizeUrl: URL
  callbackUrl: URL
  result: { message: ConnectResultMessage; targetOrigin: string }
  connection?: ConnectionDto
}

/**
 * The CRM connect flow over plain HTTP, exactly as the popup does it: the SDK's form post to
 * `/connect`, the redirect to the consent page, "Approve" with an account name, the redirect
 * back to `/oauth-callback`, and the result page.
 */
export async function connectCrm(
  server: TestServer,
  token: string,
  options: {
    account?: string
    decision?: 'approve' | 'deny'
    payload?: Record<string, unknown>
    beforeCallback?: (callback: URL) => Promise<void>
  } = {}
): Promise<OAuthRun> {
  const start = await postConnect(server, {
    token,
    integrationKey: 'crm',
    requestId: `req-${Math.random().toString(36).slice(2)}`,
    ...options.payload
  })
  if (start.status !== 303 || !start.location)
    throw new Error(`expected a redirect to the consent page, got ${start.status}: ${start.text.slice(0, 500)}`)
  const authorizeUrl = new URL(start.location, server.url)
  const page = await step(authorizeUrl.toString())
  if (page.status !== 200) throw new Error(`consent page answered ${page.status}: ${page.text.slice(0, 500)}`)
  const fields = formInputs(page.text)
  if (options.account) fields.account = options.account
  const decided = await submitForm(new URL('/sandbox/crm/oauth/authorize', server.url).toString(), {
    ...fields,
    decision: options.decision ?? 'approve'
  })
  if (decided.status !== 302 || !decided.location)
    throw new Error(`expected the consent page to redirect back, got ${decided.status}: ${decided.text.slice(0, 500)}`)
  const callbackUrl = new URL(decided.location)
  await options.beforeCallback?.(callbackUrl)
  const done = await step(callbackUrl.toString())
  const result = resultOf(done.text)
  return {
    authorizeUrl,
    callbackUrl,
    result,
    connection: result.message.type === 'newConnectionCreated' ? result.message.connection : undefined
  }
}

/** A local HTTP server that records the requests it receives (webhook receivers, generic services). */
export interface Recorder {
  url: string
  requests: Array<{ method: string; url: string; headers: IncomingHttpHeaders; body: string }>
  /** Sets how the next requests are answered (default 200 `{}`). */
  respond: (
    handler: (request: { method: string; url: string; headers: IncomingHttpHeaders; body: string }) => {
      status: number
      body?: unknown
      headers?: Record<string, string>
    }
  ) => void
  /** Resolves when `count` requests matching `filter` have arrived. */
  waitFor(
    count: number,
    filter?: (r: Recorder['requests'][number]) => boolean,
    timeoutMs?: number
  ): Promise<Recorder['requests']>
  close(): Promise<void>
}

/** Starts a {@link Recorder} on 127.0.0.1. */
export async function startRecorder(): Promise<Recorder> {
  const requests: Recorder['requests'] = []
  let handler: Parameters<Recorder['respond']>[0] = () => ({ status: 200, body: {} })
  const waiters: Array<() => void> = []
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const entry = {
        method: req.method ?? 'GET',
        url: req.url ?? '/',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8')
      }
      requests.push(entry)
      const answer = handler(entry)
      res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers })
      res.end(answer.body === undefined ? '' : JSON.stringify(answer.body))
      for (const wake of waiters.splice(0)) wake()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    respond: (h) => {
      handler = h
    },
    async waitFor(count, filter = () => true, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs
      for (;;) {
        const matching = requests.filter(filter)
        if (matching.length >= count) return matching
        if (Date.now() > deadline)
          throw new Error(
            `expected ${count} matching requests, got ${matching.length}: ${JSON.stringify(requests.map((r) => `${r.method} ${r.url}`))}`
          )
        await new Promise<void>((resolve) => {
          waiters.push(resolve)
          setTimeout(resolve, 100)
        })
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}
