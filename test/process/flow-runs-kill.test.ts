import Database from 'better-sqlite3'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { spawnHeadless, signToken, type HeadlessProcess } from '../support/headless-process'
import { eventually, startHttpTarget, type HttpTarget } from '../support/http-target'
import { makeTempDir, removeTempDirs } from '../support/temp-dir'

const workspace = { key: 'kill-test', secret: 'kill-test-secret-0123456789abcdef' }
const processes: HeadlessProcess[] = []
let target: HttpTarget | undefined

afterAll(async () => {
  for (const p of processes) await p.kill('SIGKILL')
  await target?.close()
  removeTempDirs()
})

async function call(url: string, token: string, method: string, path: string, body?: unknown): Promise<any> {
  const response = await fetch(url + path, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body)
  })
  const json = await response.json()
  if (!response.ok) throw new Error(`${method} ${path} → ${response.status} ${JSON.stringify(json)}`)
  return json
}

describe('a killed server process', () => {
  it('leaves no run "running" after SIGKILL during 200 in-flight runs; finished runs stay intact; the database checks ok', async () => {
    target = await startHttpTarget()
    target.respond('/slow', { delayMs: 120_000 })
    const dataDir = makeTempDir()
    const first = await spawnHeadless(dataDir, workspace)
    processes.push(first)
    const token = await signToken(workspace, { id: 'kill-customer', name: 'Kill Customer' })
    const admin = await signToken(workspace, { isAdmin: true })

    const fast = await call(first.url, token, 'POST', '/flow-instances', {
      name: 'Fast',
      nodes: {
        trigger: { type: 'api-trigger', links: [{ key: 'shape' }] },
        shape: {
          type: 'transform-data',
          config: { output: { n: { $var: 'input.trigger.n' } } },
          links: [{ key: 'done' }]
        },
        done: { type: 'transform-data', config: { output: { result: { $jsonata: 'input.shape.n * 10' } } } }
      }
    })
    const slow = await call(first.url, token, 'POST', '/flow-instances', {
      name: 'Slow',
      concurrency: 100,
      nodes: {
        trigger: { type: 'api-trigger', links: [{ key: 'wait' }] },
        wait: { type: 'custom-http-request', config: { request: { uri: `${target.url}/slow` }, timeoutMs: 300_000 } }
      }
    })

    const finished: string[] = []
    for (let n = 0; n < 30; n++)
      finished.push((await call(first.url, token, 'POST', '/flow-runs', { flowInstanceId: fast.id, input: { n } })).id)
    await eventually(
      async () =>
        (await call(first.url, admin, 'GET', `/flow-runs?flowInstanceId=${fast.id}&state=completed&limit=1000`)).items
          .length === 30,
      10_000,
      'fast runs'
    )

    const inFlight = await Promise.all(
      Array.from({ length: 200 }, (_, n) =>
        call(first.url, token, 'POST', '/flow-runs', { flowInstanceId: slow.id, input: { n } })
      )
    )
    expect(inFlight.filter((r) => r.state === 'running')).toHaveLength(100)
    expect(inFlight.filter((r) => r.state === 'queued')).toHaveLength(100)
    await target.waitFor(100, 20_000)

    await first.kill('SIGKILL')
    expect(first.child.signalCode).toBe('SIGKILL')

    const second = await spawnHeadless(dataDir, workspace)
    processes.push(second)
    for (const state of ['running', 'queued']) {
      expect((await call(second.url, admin, 'GET', `/flow-runs?state=${state}`)).items).toEqual([])
    }
    const slowRuns = (await call(second.url, admin, 'GET', `/flow-runs?flowInstanceId=${slow.id}&limit=1000`)).items
    expect(slowRuns).toHaveLength(200)
    for (const run of slowRuns) {
      expect(run.state).toBe('failed')
      expect(run.endTime).toBeTruthy()
      expect(run.errors.at(-1).message).toMatch(/^Interrupted: the engine stopped \(crash or kill\)/)
    }
    for (const [n, id] of finished.entries()) {
      const run = await call(second.url, token, 'GET', `/flow-runs/${id}`)
      expect(run).toMatchObject({ state: 'completed', input: { n } })
      expect(await call(second.url, token, 'GET', `/flow-runs/${id}/output`)).toEqual({ result: n * 10 })
      expect(
        (await call(second.url, token, 'GET', `/flow-runs/${id}/node-runs`)).items.map((r: any) => r.status)
      ).toEqual(['completed', 'completed', 'completed'])
    }
    const repeated = await call(second.url, token, 'POST', `/flow-runs/${slowRuns[0].id}/repeat`)
    expect(repeated.repeatOf).toBe(slowRuns[0].id)
    expect((await call(second.url, token, 'POST', `/flow-runs/${repeated.id}/stop`)).state).toBe('stopped')

    await second.kill('SIGTERM')
    const db = new Database(join(dataDir, 'workbench.sqlite'), { readonly: true })
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
      expect(
        (db.prepare("SELECT count(*) AS n FROM flow_runs WHERE state IN ('queued', 'running')").get() as { n: number })
          .n
      ).toBe(0)
    } finally {
      db.close()
    }
  }, 90_000)
})
