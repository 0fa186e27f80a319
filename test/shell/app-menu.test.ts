import { describe, expect, it, vi } from 'vitest'
import { appMenuTemplate } from '../../src-main/shell/app-menu'

describe('application menu', () => {
  const actions = { openConsoleInBrowser: vi.fn(), copyApiUrl: vi.fn(), revealDataFolder: vi.fn(), showAbout: vi.fn() }
  const labels = (template: ReturnType<typeof appMenuTemplate>) => template.map((m) => m.label ?? m.role)

  it('offers the console in a browser, the API URL and the data folder under File', () => {
    const file = appMenuTemplate('linux', actions, false).find((m) => m.label === 'File')!
    const items = (file.submenu as Array<{ label?: string; role?: string; click?: () => void }>).filter((i) => i.label)
    expect(items.map((i) => i.label)).toEqual(['Open Console in Browser', 'Copy API URL', 'Reveal Data Folder'])
    items[0].click!()
    expect(actions.openConsoleInBrowser).toHaveBeenCalled()
  })

  it('follows each platform and shows developer tools only in development', () => {
    expect(labels(appMenuTemplate('darwin', actions, false))).toEqual([
      'Integration Workbench',
      'File',
      'editMenu',
      'View',
      'windowMenu'
    ])
    expect(labels(appMenuTemplate('win32', actions, false))).toEqual(['File', 'editMenu', 'View', 'windowMenu', 'help'])
    const view = (dev: boolean) =>
      (appMenuTemplate('linux', actions, dev).find((m) => m.label === 'View')!.submenu as Array<{ role?: string }>).map(
        (i) => i.role
      )
    expect(view(false)).not.toContain('toggleDevTools')
    expect(view(true)).toContain('toggleDevTools')
  })
})
