import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { CONSOLE_IPC_CHANNEL, type WorkbenchBridge } from '../../src-main/contract/console-api'

const fake = await vi.hoisted(async () => (await import('../support/electron-fake')).createElectronFake())
vi.mock('electron', () => fake.module)

const contextBridge = fake.module.contextBridge as { exposeInMainWorld: ReturnType<typeof vi.fn> }
const ipcRenderer = fake.module.ipcRenderer as { invoke: ReturnType<typeof vi.fn> }
await import('../../src-preload/index')

describe('preload', () => {
  it('exposes only the typed bridge, frozen, as window.workbench', () => {
    expect(contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1)
    const [name, bridge] = contextBridge.exposeInMainWorld.mock.calls[0] as [string, WorkbenchBridge]
    expect(name).toBe('workbench')
    expect(Object.keys(bridge).sort()).toEqual(['invoke', 'platform'])
    expect(Object.isFrozen(bridge)).toBe(true)
    expect(bridge.platform).toBe(process.platform)
  })

  it('forwards one call over the one channel, and nothing but the method and its input', async () => {
    const [, bridge] = contextBridge.exposeInMainWorld.mock.calls[0] as [string, WorkbenchBridge]
    ipcRenderer.invoke.mockResolvedValue({ ok: true, value: 1 })
    await expect(
      bridge.invoke({ method: 'customers.list', input: { search: 'a' }, sneaky: 'x' } as never)
    ).resolves.toEqual({ ok: true, value: 1 })
    expect(ipcRenderer.invoke).toHaveBeenCalledWith(CONSOLE_IPC_CHANNEL, {
      method: 'customers.list',
      input: { search: 'a' }
    })
  })

  it('is built as one CommonJS file that requires electron alone (a sandboxed preload can load nothing else)', () => {
    const built = readFileSync(resolve(__dirname, '../../out/preload/index.js'), 'utf8')
    const required = [...built.matchAll(/require\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1])
    expect(required).toEqual(['electron'])
    expect(built).not.toMatch(/\bimport\s/)
  })
})
