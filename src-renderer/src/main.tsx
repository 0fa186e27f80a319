import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { createConsoleClient } from './api/console-client'
import { createCredentialStore, takeSecretFromLocation } from './api/console-credentials'
import { createHttpTransport } from './api/http-transport'
import { createIpcTransport } from './api/ipc-transport'
import { App } from './app/App'
import { ConsoleProvider, createConsoleStore } from './store/store'
import { applyTheme } from './store/theme-slice'
import './styles/tokens.css'
import './styles/base.css'
import './styles/layout.css'
import './styles/components.css'
import './styles/automation.css'

/** Desktop: the preload's bridge over IPC. Browser: the console API over HTTP with the launch secret. */
function boot(): void {
  const bridge = window.workbench
  let credentials
  let client
  if (bridge) {
    client = createConsoleClient(createIpcTransport(bridge))
  } else {
    credentials = createCredentialStore()
    const secret = takeSecretFromLocation()
    if (secret) credentials.set({ kind: 'secret', value: secret })
    client = createConsoleClient(createHttpTransport(credentials))
  }
  const store = createConsoleStore({ client, credentials })
  applyTheme(store.getState().theme)
  window
    .matchMedia?.('(prefers-color-scheme: dark)')
    .addEventListener('change', () => applyTheme(store.getState().theme))
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <ConsoleProvider store={store} client={client}>
        <App />
      </ConsoleProvider>
    </StrictMode>
  )
}

boot()
