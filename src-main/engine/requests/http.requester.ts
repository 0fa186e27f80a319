/** A request as nodes and actions describe it, after their mappings are evaluated. */
export interface HttpRequestSpec {
  method: string
  url: string
  headers?: unknown
  query?: unknown
  body?: unknown
  timeoutMs: number
  signal?: AbortSignal
}

/** What came back. `data` is parsed JSON when the answer says it is JSON, else text. */
export interface HttpResponse {
  status: number
  statusText: string
  headers: Record<string, string>
  data: unknown
}

/** A request that could not be sent or answered; `status` is set when the server answered. */
export class HttpRequestError extends Error {
  constructor(
    message: string,
    readonly status?: number,
    readonly response?: HttpResponse
  ) {
    super(message)
    this.name = 'HttpRequestError'
  }
}

/** Log sink for request / response lines (secrets already masked). */
export type RequestLog = (level: 'info' | 'warn' | 'error', message: string, data?: unknown) => void

const MAX_RESPONSE_BYTES = 10 * 1024 * 1024
const SECRET_HEADER = /authorization|token|secret|api[-_]?key|cookie|password/i

function masked(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(headers)) out[k] = SECRET_HEADER.test(k) ? '[redacted]' : v
  return out
}

function stringRecord(value: unknown, what: string): Record<string, string> {
  if (value === undefined || value === null) return {}
  if (typeof value !== 'object' || Array.isArray(value))
    throw new HttpRequestError(
      `${what} must be an object of name → value, got ${Array.isArray(value) ? 'an array' : typeof value}.`
    )
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(value))
    if (v !== undefined && v !== null) out[k] = typeof v === 'string' ? v : JSON.stringify(v)
  return out
}

/** Builds the URL with its query parameters; only http and https are allowed. */
export function buildUrl(url: string, query: unknown): URL {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    throw new HttpRequestError(`"${url}" is not an absolute URL: give a full http:// or https:// address.`)
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    throw new HttpRequestError(`Only http and https URLs can be requested, got "${parsed.protocol}".`)
  if (query !== undefined && query !== null) {
    if (typeof query !== 'object' || Array.isArray(query))
      throw new HttpRequestError('request.query must be an object of name → value.')
    for (const [k, v] of Object.entries(query)) {
      if (v === undefined || v === null) continue
      for (const item of Array.isArray(v) ? v : [v])
        parsed.searchParams.append(k, typeof item === 'string' ? item : JSON.stringify(item))
    }
  }
  return parsed
}

/**
 * Sends HTTP requests for nodes and actions with a timeout and the run's stop signal, parses
 * the answer, and writes a request line and a response line to the node log (secret headers
 * masked). Network failures, timeouts and stops become {@link HttpRequestError}s that say what
 * happened and where.
 */
export async function sendHttpRequest(spec: HttpRequestSpec, log: RequestLog): Promise<HttpResponse> {
  const method = spec.method.toUpperCase()
  const url = buildUrl(spec.url, spec.query)
  const headers = stringRecord(spec.headers, 'request.headers')
  let body: string | undefined
  if (spec.body !== undefined && spec.body !== null) {
    if (method === 'GET' || method === 'HEAD')
      throw new HttpRequestError(`A ${method} request cannot have a body: remove request.body or use POST.`)
    if (typeof spec.body === 'string') body = spec.body
    else {
      body = JSON.stringify(spec.body)
      if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type'))
        headers['content-type'] = 'application/json'
    }
  }
  const where = `${method} ${url.origin}${url.pathname}`
  log('info', `→ ${where}`, {
    headers: masked(headers),
    query: Object.fromEntries(url.searchParams),
    bodyBytes: body?.length ?? 0
  })
  const timeout = AbortSignal.timeout(spec.timeoutMs)
  const signal = spec.signal ? AbortSignal.any([spec.signal, timeout]) : timeout
  const started = performance.now()
  let response: Response
  try {
    response = await fetch(url, { method, headers, body, signal, redirect: 'follow' })
  } catch (error) {
    if (spec.signal?.aborted) throw new HttpRequestError(`${where} was cancelled because the run was stopped.`)
    if (timeout.aborted)
      throw new HttpRequestError(`${where} did not answer within ${spec.timeoutMs} ms (raise timeoutMs if it is slow).`)
    const cause = (error as { cause?: { code?: string; message?: string } }).cause
    throw new HttpRequestError(
      `Could not reach ${where}: ${cause?.code ?? cause?.message ?? (error as Error).message}.`
    )
  }
  const buffer = await readLimited(response, where, spec)
  const responseHeaders: Record<string, string> = {}
  response.headers.forEach((v, k) => (responseHeaders[k] = v))
  const text = buffer.toString('utf8')
  let data: unknown = text
  if (/\bjson\b/i.test(response.headers.get('content-type') ?? '') && text) {
    try {
      data = JSON.parse(text)
    } catch {
      data = text
    }
  } else if (!text) data = undefined
  const result: HttpResponse = {
    status: response.status,
    statusText: response.statusText,
    headers: responseHeaders,
    data
  }
  log(
    response.ok ? 'info' : 'warn',
    `← ${response.status} ${response.statusText} from ${where} in ${Math.round(performance.now() - started)} ms`,
    { bytes: buffer.length }
  )
  return result
}

async function readLimited(response: Response, where: string, spec: HttpRequestSpec): Promise<Buffer> {
  if (!response.body) return Buffer.alloc(0)
  const chunks: Buffer[] = []
  let size = 0
  try {
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      size += chunk.byteLength
      if (size > MAX_RESPONSE_BYTES)
        throw new HttpRequestError(`The answer of ${where} is larger than ${MAX_RESPONSE_BYTES / 1024 / 1024} MB.`)
      chunks.push(Buffer.from(chunk))
    }
  } catch (error) {
    if (error instanceof HttpRequestError) throw error
    if (spec.signal?.aborted) throw new HttpRequestError(`${where} was cancelled because the run was stopped.`)
    throw new HttpRequestError(`Reading the answer of ${where} failed: ${(error as Error).message}.`)
  }
  return Buffer.concat(chunks)
}

/** A short, readable excerpt of a response body for error messages. */
export function excerpt(data: unknown, max = 300): string {
  const text = typeof data === 'string' ? data : (JSON.stringify(data) ?? '')
  return text.length > max ? text.slice(0, max - 3) + '...' : text
}
