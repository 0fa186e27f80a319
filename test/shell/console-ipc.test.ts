import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CONSOLE_IPC_CHANNEL, type ConsoleResult } from '../../src-main/contract/console-api'
import { createConsoleHandlers, type Engine } from '../../src-main/engine'
import { setupConsoleIpc } from '../../src-main/shell/console-ipc'
import { createTestEngine } from '../support/test-engine'
import { removeTempDirs } from '../support/temp-dir'

// console-ipc.ts only uses Electron's types, so the real module runs here against a real engine;
// ipcMain is the one piece played by the test (it records the handler the shell registers).
describe('console IPC: one closed channel', () => {
  let engine: Engine & { logs: { text(): string } }
  const handlers = new Map<string, (event: unknown, request: unknown) => Promise<ConsoleResult<any>>>()
  const consoleFrame = { url: 'app://console/index.html#/customers' }
  const consoleContents = { mainFrame: consoleFrame }
  const trusted = { sender: consoleContents, senderFrame: consoleFrame }

  beforeAll(async () => {
    engine = await createTestEngine()
    const ipcMain = {
      handle: (channel: string, fn: never) => handlers.set(channel, fn),
      removeHandler: (channel: string) => handlers.delete(channel)
    }
    setupConsoleIpc(
      ipcMain as never,
      createConsoleHandlers(engine, { mode: 'desktop', apiUrl: () => 'http://127.0.0.1:7710' }),
      (event) => event.sender === (consoleContents as never) && event.senderFrame === (consoleFrame as never),
      engine.logger
    )
  })
  afterAll(async () => {
    await engine.close()
    removeTempDirs()
  })

  const call = (event: unknown, request: unknown) => handlers.get(CONSOLE_IPC_CHANNEL)!(event, request)

  it('registers exactly one channel', () => {
    expect([...handlers.keys()]).toEqual([CONSOLE_IPC_CHANNEL])
  })

  it('answers the console window with the method output', async () => {
    const result = await call(trusted, { method: 'customers.create', input: { name: 'Globex', internalId: 'globex' } })
    expect(result).toMatchObject({ ok: true, value: { name: 'Globex', internalId: 'globex' } })
    const list = await call(trusted, { method: 'customers.list', input: { search: 'globex' } })
    expect(list.ok && list.value.items.map((c: { internalId: string }) => c.internalId)).toEqual(['globex'])
  })

  it('drops messages from other senders: another window, or a frame inside the console', async () => {
    const popup = { mainFrame: { url: 'http://127.0.0.1:7710/connect' } }
    const fromPopup = await call({ sender: popup, senderFrame: popup.mainFrame }, { method: 'workspace.credentials' })
    expect(fromPopup).toEqual({
      ok: false,
      status: 403,
      error: { type: 'bad_request', key: 'access_denied', message: 'Only the console window may call the console API.' }
    })
    const subFrame = { url: 'https://evil.example/' }
    expect(
      (await call({ sender: consoleContents, senderFrame: subFrame }, { method: 'workspace.credentials' })).ok
    ).toBe(false)
    expect(engine.logs.text()).toContain('untrusted sender dropped')
    expect(engine.logs.text()).not.toContain(engine.workspace.credentials().secret)
  })

  it('refuses a malformed envelope and unknown methods, as data', async () => {
    for (const bad of [null, 'customers.list', ['customers.list'], { method: 42 }, {}]) {
      const result = await call(trusted, bad)
      expect(result).toMatchObject({ ok: false, status: 400, error: { key: 'invalid_data' } })
    }
    const unknown = await call(trusted, { method: 'engine.shutdown' })
    expect(unknown).toMatchObject({ ok: false, status: 404, error: { key: 'not_found' } })
    expect(unknown.ok || unknown.error.message).toContain('customers.list')
    const proto = await call(trusted, { method: '__proto__' })
    expect(proto.ok).toBe(false)
  })

  it('parses the input of each method and names the bad field', async () => {
    const result = await call(trusted, { method: 'customers.update', input: { id: 'globex', changes: { name: 42 } } })
    expect(result).toMatchObject({ ok: false, status: 400, error: { type: 'bad_request', key: 'invalid_data' } })
    expect(!result.ok && result.error.data?.errors?.[0].path).toBe('changes.name')
  })

  it('returns engine errors as data with their Membrane shape', async () => {
    const missing = await call(trusted, { method: 'customers.get', input: { id: 'nobody' } })
    expect(missing).toEqual({
      ok: false,
      status: 404,
      error: { type: 'bad_request', key: 'not_found', message: 'No customer with id or internalId "nobody".' }
    })
    const testCustomer = engine.customers.testCustomer()
    const archive = await call(trusted, { method: 'customers.archive', input: { id: testCustomer.id } })
    expect(archive).toMatchObject({ ok: false, status: 403, error: { key: 'access_denied' } })
  })
})
