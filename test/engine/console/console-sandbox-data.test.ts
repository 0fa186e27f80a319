import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createConsoleHandlers, dispatchConsoleCall, type ConsoleHandlers } from '../../../src-main/engine'
import type { SandboxBrowserApp, SandboxRecordPage, SandboxRecordView } from '../../../src-main/contract/sandbox'
import { eventually } from '../../support/http-target'
import { removeTempDirs } from '../../support/temp-dir'
import { startTestServer, type TestServer } from '../../support/test-server'

// Issue 15, "a data browser for the sandbox apps": the console methods through the handler table
// (as IPC and HTTP call them) against a real server with the demo scenario, whose deployed
// "new CRM contact → onboarding ticket" flow must start when a contact is created here.

describe('console data browser over the sandbox apps', () => {
  let server: TestServer
  let handlers: ConsoleHandlers
  let crmAccount: string
  const call = async <T = any>(method: string, input?: unknown): Promise<T> => {
    const result = await dispatchConsoleCall(handlers, method, input, server.engine.logger)
    if (!result.ok) throw Object.assign(new Error(result.error.message), { result })
    return result.value as T
  }
  const refusal = async (method: string, input?: unknown) => {
    const result = await dispatchConsoleCall(handlers, method, input, server.engine.logger)
    if (result.ok) throw new Error(`${method} was expected to fail`)
    return result
  }

  beforeAll(async () => {
    server = await startTestServer()
    await server.engine.scenarios.switchTo('demo')
    // the switch sets the imported instances up again off the request path (their triggers subscribe here)
    await eventually(
      () =>
        server.engine.flowInstances
          .list(server.engine.consoleActor, { limit: 100 })
          .items.every((i) => !i.connectionId || i.setupAt),
      20_000,
      'the demo instances set up here'
    )
    handlers = createConsoleHandlers(server.engine, { mode: 'headless', apiUrl: () => server.url })
  }, 60_000)
  afterAll(async () => {
    await server.stop()
    removeTempDirs()
  })

  it('lists both apps with their collections and accounts, naming the customers whose connections reach each', async () => {
    const apps = await call<SandboxBrowserApp[]>('sandboxData.apps')
    const crm = apps.find((a) => a.key === 'crm')!
    expect(crm.collections.map((c) => c.key)).toEqual(['contacts', 'companies', 'deals'])
    expect(apps.find((a) => a.key === 'helpdesk')!.collections.map((c) => c.key)).toContain('tickets')
    const northwind = crm.accounts.find((a) => a.connections.some((c) => c.customerName === 'Northwind Traders'))
    expect(northwind).toBeDefined()
    expect(northwind!.recordCounts.contacts).toBeGreaterThan(0)
    expect(northwind!.schemas.contacts.required).toEqual(['email'])
    crmAccount = northwind!.id
  })

  it('pages and searches records, with the collection schema and the total', async () => {
    const all = await call<SandboxRecordPage>('sandboxData.list', {
      app: 'crm',
      accountId: crmAccount,
      collection: 'contacts',
      limit: 2
    })
    expect(all.items).toHaveLength(2)
    expect(all.cursor).toBeTruthy()
    expect(all.total).toBeGreaterThan(2)
    expect(Object.keys(all.schema.properties as object)).toContain('email')
    const first = all.items[0]
    expect(first.fields.email).toEqual(expect.any(String))
    expect(first.name).toBeTruthy()
    expect(first.fields).not.toHaveProperty('id')
    const found = await call<SandboxRecordPage>('sandboxData.list', {
      app: 'crm',
      accountId: crmAccount,
      collection: 'contacts',
      search: String(first.fields.email).toUpperCase()
    })
    expect(found.items.map((r) => r.id)).toEqual([first.id])
  })

  it('creates a contact that starts the deployed data-record flow, then edits and deletes it', async () => {
    const actor = server.engine.consoleActor
    const instance = server.engine.flowInstances
      .list(actor, { limit: 100 })
      .items.find((i) => i.name.startsWith('New CRM contact'))!
    expect(instance).toBeDefined()
    const runsBefore = server.engine.flowRuns.list(actor, { flowInstanceId: instance.id, limit: 100 }).items.length

    const created = await call<SandboxRecordView>('sandboxData.create', {
      app: 'crm',
      accountId: crmAccount,
      collection: 'contacts',
      fields: { firstName: 'Grace', lastName: 'Hopper', email: 'grace@example.com', lifecycleStage: 'lead' }
    })
    expect(created).toMatchObject({ name: 'Grace Hopper', fields: { email: 'grace@example.com' } })
    // the same record webhook as an API write: the flow's trigger starts a run with this contact
    const run = await eventually(
      () =>
        server.engine.flowRuns
          .list(actor, { flowInstanceId: instance.id, limit: 100 })
          .items.find((r) => r.state === 'completed' && JSON.stringify(r.input ?? {}).includes('grace@example.com')),
      20_000,
      'a completed run for the new contact'
    )
    expect(server.engine.flowRuns.list(actor, { flowInstanceId: instance.id, limit: 100 }).items.length).toBe(
      runsBefore + 1
    )
    expect(run.launchedBy?.type).toBe('data-source-trigger')

    const changed = await call<SandboxRecordView>('sandboxData.update', {
      app: 'crm',
      accountId: crmAccount,
      collection: 'contacts',
      id: created.id,
      fields: { jobTitle: 'Rear Admiral' }
    })
    expect(changed.fields).toMatchObject({ jobTitle: 'Rear Admiral', email: 'grace@example.com' })
    const read = await call<SandboxRecordView>('sandboxData.get', {
      app: 'crm',
      accountId: crmAccount,
      collection: 'contacts',
      id: created.id
    })
    expect(read.fields.jobTitle).toBe('Rear Admiral')
    // the app's own API sees the same record
    const version = server.engine.changes.current().records
    expect(
      await call('sandboxData.delete', { app: 'crm', accountId: crmAccount, collection: 'contacts', id: created.id })
    ).toEqual({ id: created.id })
    expect(server.engine.changes.current().records).toBeGreaterThan(version)
    const gone = await refusal('sandboxData.get', {
      app: 'crm',
      accountId: crmAccount,
      collection: 'contacts',
      id: created.id
    })
    expect(gone.status).toBe(404)
  }, 30_000)

  it('refuses bad records with the app’s rules, naming the field, and writes nothing', async () => {
    const before = (
      await call<SandboxRecordPage>('sandboxData.list', { app: 'crm', accountId: crmAccount, collection: 'contacts' })
    ).total
    const bad = await refusal('sandboxData.create', {
      app: 'crm',
      accountId: crmAccount,
      collection: 'contacts',
      fields: { firstName: 'No email', lifecycleStage: 'king' }
    })
    expect(bad.status).toBe(400)
    expect(bad.error.key).toBe('invalid_data')
    expect(bad.error.data?.errors?.map((e) => e.path).sort()).toEqual(['fields.email', 'fields.lifecycleStage'])
    const dangling = await refusal('sandboxData.create', {
      app: 'crm',
      accountId: crmAccount,
      collection: 'contacts',
      fields: { email: 'x@example.com', companyId: 'co_missing' }
    })
    expect(dangling.error.data?.errors?.[0].path).toBe('fields.companyId')
    expect(
      (await call<SandboxRecordPage>('sandboxData.list', { app: 'crm', accountId: crmAccount, collection: 'contacts' }))
        .total
    ).toBe(before)
  })

  it('refuses unknown accounts, collections and malformed input', async () => {
    expect(
      (await refusal('sandboxData.list', { app: 'crm', accountId: 'acc_nope', collection: 'contacts' })).status
    ).toBe(404)
    const wrongApp = await refusal('sandboxData.list', {
      app: 'helpdesk',
      accountId: crmAccount,
      collection: 'tickets'
    })
    expect(wrongApp.status).toBe(404)
    const collection = await refusal('sandboxData.list', { app: 'crm', accountId: crmAccount, collection: 'tickets' })
    expect(collection.status).toBe(404)
    expect(collection.error.message).toContain('contacts, companies, deals')
    const shape = await refusal('sandboxData.create', {
      app: 'erp',
      accountId: crmAccount,
      collection: 'x',
      fields: []
    })
    expect(shape.status).toBe(400)
    expect(shape.error.data?.errors?.map((e) => e.path)).toEqual(expect.arrayContaining(['app', 'fields']))
  })
})
