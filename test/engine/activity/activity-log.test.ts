import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { ActivityLog } from '../../../src-main/engine'
import { openDatabase, type Database } from '../../../src-main/engine/db/database'
import { migrateToLatest } from '../../../src-main/engine/db/migrator'
import { makeTempDir, removeTempDirs } from '../../support/temp-dir'
import { createEventBus } from '../../../src-main/engine/events/event-bus'
import { flatDetails, loggableTarget, summarizeEvent } from '../../../src-main/engine/activity/activity-summary'

const clock = () => '2026-01-01T00:00:00.000Z'
const opened: Database[] = []

/** A real, migrated database file for each log. */
async function freshDb(file = join(makeTempDir('activity-'), 'log.sqlite')): Promise<Database> {
  const db = openDatabase(file)
  await migrateToLatest(db)
  opened.push(db)
  return db
}

async function logOf(capacity: number): Promise<ActivityLog> {
  return new ActivityLog(await freshDb(), clock, { capacity })
}

afterAll(async () => {
  for (const db of opened) await db.close()
  removeTempDirs()
})

describe('activity log', () => {
  it('keeps a bounded window, newest first, with a sequence that never repeats', async () => {
    const log = await logOf(3)
    for (let i = 1; i <= 5; i++)
      log.recordApiCall({ method: 'GET', url: `/customers/${i}`, status: 200, durationMs: 1, actor: 'admin' })
    const page = log.list()
    expect(page.items.map((e) => e.title)).toEqual(['GET /customers/5', 'GET /customers/4', 'GET /customers/3'])
    expect(page).toMatchObject({ latestSeq: 5, size: 3, capacity: 3 })
    expect(log.clear()).toBe(3)
    log.recordApiCall({ method: 'GET', url: '/self', status: 200, durationMs: 1, actor: 'admin' })
    expect(log.list().items.map((e) => e.seq)).toEqual([6])
  })

  it('tails after a seq, pages before one, filters by kind and text', async () => {
    const log = await logOf(100)
    const events = createEventBus(() => undefined)
    log.followEvents(events)
    log.recordApiCall({ method: 'POST', url: '/customers', status: 201, durationMs: 2.345, actor: 'admin' })
    events.emit('customer.created', {
      customer: { id: 'c1', internalId: 'acme', name: 'Acme' } as never,
      source: 'api'
    })
    log.recordApiCall({
      method: 'GET',
      url: '/self',
      status: 401,
      durationMs: 0.5,
      actor: 'rejected token',
      error: 'The access token expired'
    })
    expect(log.list({ afterSeq: 1 }).items.map((e) => e.seq)).toEqual([3, 2])
    expect(log.list({ beforeSeq: 3 }).items.map((e) => e.seq)).toEqual([2, 1])
    expect(log.list({ kind: 'event' }).items).toHaveLength(1)
    expect(log.list({ search: 'EXPIRED' }).items.map((e) => e.seq)).toEqual([3])
    const event = log.list({ kind: 'event' }).items[0]
    expect(event).toMatchObject({ title: 'customer.created', summary: 'Customer “Acme” (acme) created', actor: 'api' })
    expect(log.list({ afterSeq: 0, limit: 1 }).items.map((e) => e.seq)).toEqual([3])
    expect(log.list().items[2].durationMs).toBe(2.3)
  })

  it('records how flow runs end, not their queued and started steps, linked to the run and its customer', async () => {
    const log = await logOf(100)
    const events = createEventBus(() => undefined)
    log.followEvents(events)
    const flowRun = { id: 'r1', name: 'Sync', state: 'completed', flowInstanceId: 'fi1', userId: 'cust-1' }
    events.emit('flowRun.queued', { flowRun: { ...flowRun, state: 'queued' } as never })
    events.emit('flowRun.started', { flowRun: { ...flowRun, state: 'running' } as never })
    events.emit('flowRun.completed', { flowRun: flowRun as never })
    const items = log.list().items
    expect(items.map((e) => e.title)).toEqual(['flowRun.completed'])
    expect(items[0].details).toMatchObject({ 'flowRun.id': 'r1', 'flowRun.state': 'completed' })
    expect(items[0].links).toEqual({ flowRunId: 'r1', customerId: 'cust-1' })
    expect(log.list({ flowRunId: 'r1' }).items).toHaveLength(1)
    expect(log.list({ customerId: 'cust-1' }).items).toHaveLength(1)
    expect(log.list({ customerId: 'someone-else' }).items).toHaveLength(0)
  })

  it('survives a restart: entries are in the database, and the sequence continues after them', async () => {
    const file = join(makeTempDir('activity-'), 'log.sqlite')
    const first = new ActivityLog(await freshDb(file), clock, { capacity: 50 })
    first.recordApiCall({ method: 'GET', url: '/customers', status: 200, durationMs: 1, actor: 'admin' })
    first.recordApiCall({
      method: 'GET',
      url: '/self',
      status: 401,
      durationMs: 1,
      actor: 'anonymous',
      error: 'no token'
    })
    first.close()
    await opened.pop()!.close()
    const again = new ActivityLog(await freshDb(file), clock, { capacity: 50 })
    expect(again.list().items.map((e) => e.title)).toEqual(['GET /self', 'GET /customers'])
    again.recordApiCall({ method: 'GET', url: '/health', status: 200, durationMs: 1, actor: 'anonymous' })
    expect(again.list().items.map((e) => e.seq)).toEqual([3, 2, 1])
    expect(again.list({ failedOnly: true }).items.map((e) => e.title)).toEqual(['GET /self'])
  })

  it("writes off the caller's turn, in batches, and trims to the retention limit", async () => {
    const db = await freshDb()
    const log = new ActivityLog(db, clock, { capacity: 120 })
    const count = () =>
      Number(db.first(db.q.selectFrom('activity_entries').select((eb) => eb.fn.countAll().as('n')))?.n)
    for (let i = 0; i < 250; i++)
      log.recordApiCall({ method: 'GET', url: `/customers/${i}`, status: 200, durationMs: 1, actor: 'admin' })
    // recording only queues: nothing has touched the database yet
    expect(count()).toBe(0)
    // written without a read asking for it (a full batch on the next turn, the rest shortly after)
    await expect.poll(count).toBe(120)
    expect(log.list({ limit: 1 }).items[0].title).toBe('GET /customers/249')
    expect(log.list({ limit: 500 }).items.at(-1)?.title).toBe('GET /customers/130')
  })

  it('writes a few entries on its own within a short delay, many per transaction', async () => {
    const db = await freshDb()
    const log = new ActivityLog(db, clock, { capacity: 100 })
    const count = () =>
      Number(db.first(db.q.selectFrom('activity_entries').select((eb) => eb.fn.countAll().as('n')))?.n)
    log.recordApiCall({ method: 'GET', url: '/self', status: 200, durationMs: 1, actor: 'admin' })
    await new Promise((resolve) => setImmediate(resolve))
    log.recordApiCall({ method: 'GET', url: '/self', status: 401, durationMs: 1, actor: 'rejected token' })
    // two calls on two turns, still queued together: one commit for both
    expect(count()).toBe(0)
    await expect.poll(count).toBe(2)
  })

  it('searches text literally (% and _ are not wildcards)', async () => {
    const log = await logOf(10)
    log.recordApiCall({ method: 'GET', url: '/customers?search=100%25', status: 200, durationMs: 1, actor: 'admin' })
    log.recordApiCall({ method: 'GET', url: '/customers/a_b', status: 200, durationMs: 1, actor: 'admin' })
    log.recordApiCall({ method: 'GET', url: '/customers/axb', status: 200, durationMs: 1, actor: 'admin' })
    expect(log.list({ search: 'a_b' }).items.map((e) => e.title)).toEqual(['GET /customers/a_b'])
    expect(log.list({ search: '100%' }).items).toHaveLength(1)
  })

  it('never records token or secret values: query parameters and payload keys that look secret are dropped', () => {
    expect(loggableTarget('/sse/connection-events/r1?token=eyJhbGc.x.y&limit=10')).toEqual({
      path: '/sse/connection-events/r1',
      query: 'token=…&limit=10'
    })
    expect(loggableTarget('/oauth-callback?code=abc&state=xyz&search=acme').query).toBe('code=…&state=…&search=acme')
    expect(loggableTarget('/flow-runs?state=failed').query).toBe('state=failed')
    expect(loggableTarget('/sandbox/crm/oauth/authorize?client_secret=s&state=1').query).toBe('client_secret=…&state=…')
    const details = flatDetails({
      connection: { id: 'c1', credentials: { accessToken: 'secret-value' }, apiKey: 'k-123', name: 'CRM' }
    })
    expect(JSON.stringify(details)).not.toContain('secret-value')
    expect(JSON.stringify(details)).not.toContain('k-123')
    expect(details).toMatchObject({
      'connection.id': 'c1',
      'connection.name': 'CRM',
      'connection.credentials': '[redacted]',
      'connection.apiKey': '[redacted]'
    })
  })

  it('summarises events of nouns it has never seen', () => {
    expect(summarizeEvent('flowRun.completed', { flowRun: { id: 'run-1', name: 'Sync contacts' } }).summary).toBe(
      'Flow Run “Sync contacts” (run-1) completed'
    )
    expect(summarizeEvent('workspace.secretRotated', { at: 'now' }).summary).toBe('Workspace secret rotated')
    expect(summarizeEvent('connection.disconnected', { connection: { id: 'c9' }, source: 'engine' })).toEqual({
      summary: 'Connection c9 disconnected',
      actor: 'engine'
    })
  })

  it('keeps recording when an observer throws', async () => {
    const log = await logOf(10)
    log.onEntry(() => {
      throw new Error('observer broke')
    })
    log.recordApiCall({ method: 'GET', url: '/health', status: 200, durationMs: 1, actor: 'anonymous' })
    expect(log.list().size).toBe(1)
  })
})
