import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CONSOLE_METHODS } from '../../../src-main/contract/console-api'
import { createConsoleHandlers, dispatchConsoleCall, type ConsoleHandlers, type Engine } from '../../../src-main/engine'
import { createTestEngine } from '../../support/test-engine'
import { removeTempDirs } from '../../support/temp-dir'

describe('console handler table', () => {
  let engine: Engine
  let handlers: ConsoleHandlers
  const call = async (method: string, input?: unknown) => {
    const result = await dispatchConsoleCall(handlers, method, input, engine.logger)
    if (!result.ok) throw Object.assign(new Error(result.error.message), { result })
    return result.value as any
  }

  beforeAll(async () => {
    engine = await createTestEngine()
    handlers = createConsoleHandlers(engine, { mode: 'headless', apiUrl: () => 'http://127.0.0.1:7710' })
  })
  afterAll(async () => {
    await engine.close()
    removeTempDirs()
  })

  it('has a handler for every method of the spec and nothing else', () => {
    expect(Object.keys(handlers).sort()).toEqual([...CONSOLE_METHODS].sort())
  })

  it('reports the session: API address, port, data folder and customer counts', async () => {
    await call('customers.create', { name: 'One', internalId: 'one' })
    await call('customers.create', { name: 'Two', internalId: 'two' })
    await call('customers.archive', { id: 'two' })
    const info = await call('session.info')
    expect(info).toMatchObject({
      mode: 'headless',
      apiUrl: 'http://127.0.0.1:7710',
      port: 7710,
      customerCount: 2,
      archivedCustomerCount: 1,
      workspaceKey: engine.workspace.key()
    })
    expect(info.testCustomerId).toBe(engine.customers.testCustomer().id)
    expect(
      (await call('customers.list', { archivedOnly: true })).items.map((c: { internalId: string }) => c.internalId)
    ).toEqual(['two'])
    expect((await call('customers.list', { includeArchived: true })).items).toHaveLength(3)
  })

  it('checks a proposed schema against every customer, and reports an invalid schema as data', async () => {
    await call('customers.update', { id: 'one', changes: { fields: { plan: 'gold' } } })
    const check = await call('fieldSchema.check', {
      schema: { type: 'object', properties: { plan: { type: 'string', enum: ['free', 'pro'] } } }
    })
    expect(check).toMatchObject({ schemaErrors: [], invalidCount: 1, checkedCount: 2 })
    expect(check.problems[0]).toMatchObject({
      customer: { internalId: 'one' },
      errors: [{ path: 'fields.plan', message: expect.stringContaining('"free", "pro"') }]
    })

    const broken = await call('fieldSchema.check', {
      schema: { type: 'object', properties: { plan: { type: 'text' } } }
    })
    expect(broken.schemaErrors[0]).toMatchObject({ path: 'userFieldsSchema.properties.plan.type' })

    await call('fieldSchema.save', { schema: { type: 'object', properties: { plan: { type: 'string' } } } })
    expect(engine.workspace.fieldSchema()).toEqual({ type: 'object', properties: { plan: { type: 'string' } } })
    await call('fieldSchema.save', { schema: null })
    expect(engine.workspace.fieldSchema()).toBeUndefined()
  })

  it('mints and explains tokens, and rotates the secret so old tokens are refused', async () => {
    const minted = await call('tokens.mint', { customerId: 'one', name: 'One', ttl: '15m', algorithm: 'HS512' })
    expect(await call('tokens.inspect', { token: minted.token })).toMatchObject({
      valid: true,
      subject: { kind: 'customer', internalId: 'one' },
      header: { alg: 'HS512' }
    })
    const before = await call('workspace.credentials')
    const after = await call('workspace.rotateSecret')
    expect(after.secret).not.toBe(before.secret)
    const stale = await call('tokens.inspect', { token: minted.token })
    expect(stale.valid).toBe(false)
    expect(stale.reason).toMatch(/signature does not match.*rotated/)
    expect((await call('tokens.inspect', { token: 'garbage' })).reason).toMatch(/not a JWT/)
  })

  it('refuses bad input with the path and the fix, never reaching the service', async () => {
    await expect(call('workspace.update', { name: 'x', userFieldsSchema: {} })).rejects.toMatchObject({
      result: {
        ok: false,
        status: 400,
        error: { key: 'invalid_data', data: { errors: [{ path: 'userFieldsSchema' }] } }
      }
    })
    await expect(call('activity.list', { kind: 'everything' })).rejects.toMatchObject({ result: { status: 400 } })
    await expect(call('tokens.inspect', {})).rejects.toMatchObject({
      message: expect.stringContaining('send {"token": "<jwt>"}')
    })
  })
})

describe('creating many customers at once', () => {
  let engine: Engine
  beforeAll(async () => {
    engine = await createTestEngine()
  })
  afterAll(async () => {
    await engine.close()
    removeTempDirs()
  })

  it('creates all in one transaction, or none, naming the input at fault', () => {
    expect(
      engine.customers.createMany([
        { name: 'A', internalId: 'a' },
        { name: 'B', internalId: 'b' }
      ])
    ).toBe(2)
    expect(() =>
      engine.customers.createMany([
        { name: 'C', internalId: 'c' },
        { name: 'A again', internalId: 'a' }
      ])
    ).toThrow(/internalId "a" already exists/)
    expect(() =>
      engine.customers.createMany([
        { name: 'D', internalId: 'd' },
        { name: 'D2', internalId: 'd' }
      ])
    ).toThrow(/#1 of 2: internalId "d" appears twice/)
    expect(() => engine.customers.createMany([{ name: 'E', internalId: 'e' }, { internalId: 'f' }])).toThrow(
      /Customer #1 of 2: .*name is required/
    )
    expect(engine.customers.count()).toBe(3)
    expect(engine.activity.list({ kind: 'event', search: 'created' }).items.map((e) => e.summary)).toContain(
      'Customer “B” (b) created'
    )
  })
})
