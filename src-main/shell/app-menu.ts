import type { MenuItemConstructorOptions } from 'electron'

/** What the menu's own items do (Electron roles cover the rest). */
export interface MenuActions {
  openConsoleInBrowser(): void
  copyApiUrl(): void
  revealDataFolder(): void
  showAbout(): void
}

/** The application menu: File (console in a browser, API URL, data folder), Edit, View, Window, Help. */
export function appMenuTemplate(
  platform: NodeJS.Platform,
  actions: MenuActions,
  devTools: boolean
): MenuItemConstructorOptions[] {
  const mac = platform === 'darwin'
  const template: MenuItemConstructorOptions[] = []
  if (mac) {
    template.push({
      label: 'Integration Workbench',
      submenu: [
        { label: 'About Integration Workbench', click: actions.showAbout },
        { type: 'separator' },
        { role: 'hide' },
        { role: 'hideOthers' },
        { role: 'unhide' },
        { type: 'separator' },
        { role: 'quit' }
      ]
    })
  }
  template.push(
    {
      label: 'File',
      submenu: [
        { label: 'Open Console in Browser', accelerator: 'CmdOrCtrl+Shift+O', click: actions.openConsoleInBrowser },
        { label: 'Copy API URL', accelerator: 'CmdOrCtrl+Shift+C', click: actions.copyApiUrl },
        { label: 'Reveal Data Folder', click: actions.revealDataFolder },
        { type: 'separator' },
        mac ? { role: 'close' } : { role: 'quit' }
      ]
    },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        { role: 'reload' },
        ...(devTools ? ([{ role: 'toggleDevTools' }] as MenuItemConstructorOptions[]) : []),
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' }
      ]
    },
    { role: 'windowMenu' }
  )
  if (!mac)
    template.push({ role: 'help', submenu: [{ label: 'About Integration Workbench', click: actions.showAbout }] })
  return template
}
