import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:net'
import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { CONSOLE_IPC_CHANNEL, type ConsoleResult, type ConsoleSessionInfo } from '../../src-main/contract/console-api'
import { makeTempDir, removeTempDirs } from '../support/temp-dir'
import { createTestEngine } from '../support/test-engine'

const fake = await vi.hoisted(async () => (await import('../support/electron-fake')).createElectronFake())
vi.mock('electron', () => fake.module)

const { start } = await import('../../src-main/shell/start')

/** Waits for `probe` to give a value, however slow the machine (the test's own timeout is the bound). */
async function until<T>(probe: () => T | undefined, _what: string): Promise<T> {
  for (;;) {
    const value = probe()
    if (value) return value
    await new Promise((r) => setTimeout(r, 10))
  }
}

function ipc(window = fake.windows[0]) {
  const handler = fake.ipcHandlers.get(CONSOLE_IPC_CHANNEL)!
  const event = { sender: window.webContents, senderFrame: window.webContents.mainFrame }
  return (method: string, input?: unknown) => handler(event, { method, input }) as Promise<ConsoleResult<any>>
}

async function quit(): Promise<void> {
  let prevented = false
  fake.app.emit('will-quit', { preventDefault: () => (prevented = true) })
  if (prevented) await until(() => fake.app.quit.mock.calls.length > 0, 'app.quit after closing')
}

describe('Electron shell start sequence (electron faked at the edge)', () => {
  const env = { ...process.env }
  let busy: Server | undefined

  beforeEach(() => {
    fake.reset()
    fake.userData = makeTempDir('workbench-userdata-')
    process.env.WORKBENCH_PORT = '0'
    delete process.env.WORKBENCH_DATA_DIR
    process.env.WORKBENCH_LOG_LEVEL = 'error'
  })

  afterEach(async () => {
    await quit()
    busy?.close()
    busy = undefined
    process.env = { ...env }
    removeTempDirs()
  })

  it('opens the engine in the user-data folder, starts the API, the console IPC, the menu and a locked-down window', async () => {
    start()
    fake.ready()
    const window = await until(() => (fake.windows[0]?.loaded ? fake.windows[0] : undefined), 'the console window')

    const prefs = window.options.webPreferences
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false
    })
    expect(prefs.preload).toMatch(/preload[\\/]index\.js$/)
    // the console comes from its own privileged scheme, not file://
    expect(window.loaded).toBe('app://console/index.html')
    expect(fake.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      expect.objectContaining({ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) })
    ])
    const served = fake.protocolHandlers.get('app')!
    expect((await served(new Request('app://console/../../etc/passwd'))).status).toBe(404)
    expect(window.shown).toBe(true)

    expect(existsSync(join(fake.userData, 'workbench.sqlite'))).toBe(true)
    const info = await ipc()('session.info')
    expect(info.ok).toBe(true)
    const session = (info as { value: ConsoleSessionInfo }).value
    expect(session).toMatchObject({
      mode: 'desktop',
      dataDir: fake.userData,
      secretStorage: 'OS keychain (Electron safeStorage)'
    })
    expect((await fetch(`${session.apiUrl}/health`)).status).toBe(200)

    // secrets at rest went through the keychain, not in clear
    const db = new BetterSqlite3(join(fake.userData, 'workbench.sqlite'), { readonly: true })
    const row = db.prepare('SELECT secret_sealed FROM workspace').get() as { secret_sealed: string }
    db.close()
    expect(row.secret_sealed.startsWith('ss1:')).toBe(true)
    const credentials = await ipc()('workspace.credentials')
    expect(row.secret_sealed).not.toContain((credentials as { value: { secret: string } }).value.secret)

    // only the console window's own page may call: not another window, not a frame inside it
    const { FakeWebContents } = await import('../support/electron-fake')
    const stranger = new FakeWebContents('file:///tmp/evil.html')
    const handler = fake.ipcHandlers.get(CONSOLE_IPC_CHANNEL)!
    expect(
      await handler({ sender: stranger, senderFrame: stranger.mainFrame }, { method: 'workspace.credentials' })
    ).toMatchObject({ ok: false, status: 403 })
    const frame = { url: 'https://evil.example/' }
    expect(
      await handler({ sender: window.webContents, senderFrame: frame }, { method: 'workspace.credentials' })
    ).toMatchObject({ ok: false, status: 403 })

    // the menu: the console in a browser carries this launch's secret; copy the API URL
    const file = (
      fake.menuTemplate as Array<{ label?: string; submenu?: Array<{ label?: string; click?: () => void }> }>
    ).find((m) => m.label === 'File')!
    file.submenu!.find((i) => i.label === 'Open Console in Browser')!.click!()
    expect(fake.shell.openExternal.mock.calls[0][0]).toMatch(
      new RegExp(`^${session.apiUrl}/console/#secret=[\\w-]{43}$`)
    )
    file.submenu!.find((i) => i.label === 'Copy API URL')!.click!()
    expect(fake.clipboard.writeText).toHaveBeenCalledWith(session.apiUrl)

    // quitting closes the API and the engine before the app goes
    await quit()
    await expect(fetch(`${session.apiUrl}/health`)).rejects.toThrow()
  })

  it('keeps one instance: a second launch quits, and the first comes to the front', async () => {
    fake.singleInstanceLock = false
    const whenReady = vi.spyOn(fake.app, 'whenReady')
    start()
    fake.ready()
    expect(fake.app.quit).toHaveBeenCalled()
    // nothing waits for "ready", so no window can open later (no sleep needed to show it)
    expect(whenReady).not.toHaveBeenCalled()
    whenReady.mockRestore()
    expect(fake.windows).toEqual([])

    fake.reset()
    fake.userData = makeTempDir('workbench-userdata-')
    start()
    fake.ready()
    const window = await until(() => (fake.windows[0]?.loaded ? fake.windows[0] : undefined), 'the console window')
    window.focused = false
    fake.app.emit('second-instance')
    expect(window.focused).toBe(true)
  })

  it('says plainly when the port is taken, and starts on a free port when asked', async () => {
    busy = createServer()
    await new Promise<void>((r) => busy!.listen(0, '127.0.0.1', r))
    const taken = (busy.address() as { port: number }).port
    process.env.WORKBENCH_PORT = String(taken)
    fake.dialog.showMessageBox.mockResolvedValue({ response: 0 })
    start()
    fake.ready()
    await until(() => fake.windows[0]?.loaded, 'the console window')
    const question = fake.dialog.showMessageBox.mock.calls[0][0] as {
      message: string
      detail: string
      buttons: string[]
    }
    expect(question.message).toBe(`Port ${taken} is already in use`)
    expect(question.detail).toContain(`127.0.0.1:${taken}`)
    expect(question.buttons).toEqual(['Use a free port', 'Quit'])
    const info = (await ipc()('session.info')) as { value: ConsoleSessionInfo }
    expect(info.value.port).not.toBe(taken)
    expect((await fetch(`${info.value.apiUrl}/health`)).status).toBe(200)
  })

  it('quits without a window when the person chooses Quit at the port question', async () => {
    busy = createServer()
    await new Promise<void>((r) => busy!.listen(0, '127.0.0.1', r))
    process.env.WORKBENCH_PORT = String((busy.address() as { port: number }).port)
    fake.dialog.showMessageBox.mockResolvedValue({ response: 1 })
    start()
    fake.ready()
    await until(() => fake.app.quit.mock.calls.length > 0, 'app.quit')
    expect(fake.windows).toEqual([])
  })

  it('shows why it cannot start when the OS keychain is unavailable, and exits', async () => {
    fake.safeStorageAvailable = false
    start()
    fake.ready()
    await until(() => fake.app.exit.mock.calls.length > 0, 'app.exit')
    expect(fake.app.exit).toHaveBeenCalledWith(1)
    const [title, message] = fake.dialog.showErrorBox.mock.calls[0]
    expect(title).toBe('The Workbench could not open its data')
    expect(message).toMatch(/keychain/)
    expect(fake.windows).toEqual([])
  })

  it('uses WORKBENCH_DATA_DIR as the data folder when set', async () => {
    const dir = makeTempDir('workbench-qa-')
    process.env.WORKBENCH_DATA_DIR = dir
    start()
    fake.ready()
    await until(() => fake.windows[0]?.loaded, 'the console window')
    expect(existsSync(join(dir, 'workbench.sqlite'))).toBe(true)
    expect(fake.app.setPath).toHaveBeenCalledWith('userData', dir)
  })

  it('seeds from WORKBENCH_SEED at start and writes WORKBENCH_EXPORT_ON_EXIT on quit (the desktop --seed / --export-on-exit)', async () => {
    const source = await createTestEngine()
    source.customers.create({ name: 'Seeded Co', internalId: 'seeded-desktop', fields: { region: 'eu' } })
    const seedFile = join(makeTempDir(), 'seed.json')
    writeFileSync(seedFile, JSON.stringify(source.snapshots.exportSnapshot({ customer: 'seeded-desktop' })))
    await source.close()
    const exitFile = join(makeTempDir(), 'on-exit.json')
    process.env.WORKBENCH_SEED = seedFile
    process.env.WORKBENCH_EXPORT_ON_EXIT = exitFile

    start()
    fake.ready()
    await until(() => fake.windows[0]?.loaded, 'the console window')
    const page = (await ipc()('customers.list', { search: 'seeded' })) as {
      value: { items: Array<{ internalId: string; fields: unknown }> }
    }
    expect(page.value.items).toEqual([
      expect.objectContaining({ internalId: 'seeded-desktop', fields: { region: 'eu' } })
    ])

    await quit()
    const written = JSON.parse(readFileSync(exitFile, 'utf8'))
    expect(written).toMatchObject({ format: 'integration-workbench-snapshot', scope: { kind: 'workspace' } })
    expect(written.customers.map((c: { internalId: string }) => c.internalId)).toContain('seeded-desktop')
  })
})
