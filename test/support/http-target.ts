import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

/** One request the target received. */
export interface ReceivedRequest {
  method: string
  path: string
  query: Record<string, string>
  headers: IncomingMessage['headers']
  body: unknown
}

/** How a path of the target answers. */
export interface Answer {
  status?: number
  body?: unknown
  delayMs?: number
  hold?: Promise<unknown>
}

/** A gate for {@link Answer.hold}: requests held by `promise` are answered once `open()` is called. */
export function createGate(): { promise: Promise<void>; open(): void } {
  let open!: () => void
  const promise = new Promise<void>((resolve) => (open = resolve))
  return { promise, open }
}

/** A real HTTP server on 127.0.0.1:0 that records requests and answers as told (flows call it). */
export interface HttpTarget {
  url: string
  received: ReceivedRequest[]
  /**
   * Sets how a path answers: status, JSON body, an optional delay in ms, and an optional `hold`:
   * the answer waits until that promise settles. A test that needs a request in flight while it
   * looks (a run still running, the next one queued) holds it open instead of guessing a delay
   * long enough for a busy machine.
   */
  respond(path: string, answer: Answer | ((request: ReceivedRequest) => Answer)): void
  /** Resolves when `count` requests have arrived. */
  waitFor(count: number, timeoutMs?: number): Promise<void>
  close(): Promise<void>
}

/** Starts a recording target; unknown paths answer 200 `{ok: true}`. */
export async function startHttpTarget(): Promise<HttpTarget> {
  const received: ReceivedRequest[] = []
  const answers = new Map<string, Parameters<HttpTarget['respond']>[1]>()
  const waiters: Array<{ count: number; resolve: () => void }> = []
  const open = new Set<ServerResponse>()
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1')
      const text = Buffer.concat(chunks).toString('utf8')
      let body: unknown = text
      try {
        body = text ? JSON.parse(text) : undefined
      } catch {
        // keep text
      }
      const request: ReceivedRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers: req.headers,
        body
      }
      received.push(request)
      for (const w of waiters.filter((w) => received.length >= w.count)) {
        waiters.splice(waiters.indexOf(w), 1)
        w.resolve()
      }
      const rule = answers.get(url.pathname)
      const answer = typeof rule === 'function' ? rule(request) : (rule ?? {})
      const send = () => {
        open.delete(res)
        if (res.destroyed) return
        res.writeHead(answer.status ?? 200, { 'content-type': 'application/json' })
        res.end(JSON.stringify(answer.body ?? { ok: true }))
      }
      open.add(res)
      const answerNow = () => {
        if (answer.delayMs) setTimeout(send, answer.delayMs)
        else send()
      }
      if (answer.hold) void answer.hold.finally(answerNow)
      else answerNow()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    respond: (path, answer) => answers.set(path, answer),
    waitFor(count, timeoutMs = 15_000) {
      if (received.length >= count) return Promise.resolve()
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`expected ${count} requests, got ${received.length}`)),
          timeoutMs
        )
        waiters.push({
          count,
          resolve: () => {
            clearTimeout(timer)
            resolve()
          }
        })
      })
    },
    async close() {
      for (const res of open) res.destroy()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  }
}

/** Polls `check` until it returns a value (not undefined / false), or fails after `timeoutMs`. */
export async function eventually<T>(
  check: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 10_000,
  what = 'condition'
): Promise<T> {
  const until = Date.now() + timeoutMs
  for (;;) {
    const value = await check()
    if (value !== undefined && value !== false) return value
    if (Date.now() > until) throw new Error(`Timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}
