// @vitest-environment happy-dom
import { request } from 'node:http'
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { createElement } from 'react'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createConsoleClient, type ConsoleClient } from '../../src-renderer/src/api/console-client'
import { createCredentialStore, credentialFromInput } from '../../src-renderer/src/api/console-credentials'
import { createHttpTransport } from '../../src-renderer/src/api/http-transport'
import { WorkspaceUrlForm } from '../../src-renderer/src/pages/settings/WorkspaceUrlForm'
import { ConsoleProvider, createConsoleStore } from '../../src-renderer/src/store/store'
import { removeTempDirs } from '../support/temp-dir'
import { startTestServer, type TestServer } from '../support/test-server'

// The console's store and a component on it, in a DOM (happy-dom) against a real server over the
// browser transport: what the pages rely on when they read and change the workspace.

/**
 * The transport's fetch over node:http: happy-dom's own fetch applies the page's (about:blank)
 * same-origin policy, and the console API rightly refuses a foreign origin.
 */
function nodeFetch(url: string, init: RequestInit = {}): Promise<Response> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: init.method ?? 'GET', headers: init.headers as Record<string, string> },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8')
          const status = res.statusCode ?? 0
          resolve({
            ok: status >= 200 && status < 300,
            status,
            statusText: res.statusMessage ?? '',
            text: () => Promise.resolve(text)
          } as Response)
        })
      }
    )
    req.on('error', reject)
    req.end(typeof init.body === 'string' ? init.body : undefined)
  })
}

describe('the console store against a real server', () => {
  let server: TestServer
  let client: ConsoleClient

  beforeAll(async () => {
    server = await startTestServer()
    const credentials = createCredentialStore(window.sessionStorage)
    credentials.set(credentialFromInput(server.host.consoleUrl))
    client = createConsoleClient(
      createHttpTransport(credentials, (input, init) => nodeFetch(`${server.url}${input as string}`, init))
    )
  })
  afterEach(() => cleanup())
  afterAll(async () => {
    await server.stop()
    removeTempDirs()
  })

  it('loads the workspace, and setWorkspace refreshes the session info beside it', async () => {
    const store = createConsoleStore({ client })
    expect(store.getState().workspace).toBeNull()
    await store.getState().loadWorkspace()
    expect(store.getState().workspace?.key).toBe(server.engine.workspace.get().key)

    const renamed = await client.call('workspace.update', { name: 'Renamed from the store test' })
    store.getState().setWorkspace(renamed)
    expect(store.getState().workspace?.name).toBe('Renamed from the store test')
    await waitFor(() => expect(store.getState().info?.apiUrl).toBe(server.url))
  })

  it('follows a change made outside the console (REST) on the next poll', async () => {
    const store = createConsoleStore({ client })
    await store.getState().pollChanges()
    const before = store.getState().versions
    expect(before).not.toBeNull()
    const made = await server.call('POST', '/customers', {
      token: await server.adminToken(),
      body: { name: 'Store Test', internalId: 'store-test' }
    })
    expect(made.status).toBe(201)
    await store.getState().pollChanges()
    expect(store.getState().versions?.customers).toBeGreaterThan(before!.customers)
  })

  it('keeps at most four notices, newest last', () => {
    const store = createConsoleStore({ client })
    for (let i = 1; i <= 6; i++) store.getState().notify({ kind: 'info', title: `Notice ${i}` })
    expect(store.getState().toasts.map((t) => t.title)).toEqual(['Notice 3', 'Notice 4', 'Notice 5', 'Notice 6'])
    store.getState().dismiss(store.getState().toasts[0].id)
    expect(store.getState().toasts).toHaveLength(3)
  })

  it('the workspace URL form shows the engine’s 400 under the field, then saves and clears the URL', async () => {
    const store = createConsoleStore({ client })
    await store.getState().loadWorkspace()
    // createElement rather than JSX: a .tsx test would join the web program and bring Node's
    // types (through the test server) to every renderer file the typed lint rules read
    render(
      createElement(ConsoleProvider, {
        store,
        client,
        children: createElement(WorkspaceUrlForm, {
          field: 'webhookUri',
          label: 'Webhook URL',
          hint: 'Where notices go.',
          placeholder: 'http://127.0.0.1:3000/hooks',
          saved: 'Webhook URL saved',
          removed: 'Webhook removed'
        })
      })
    )
    const input = screen.getByLabelText(/^Webhook URL/)
    const save = screen.getByRole('button', { name: 'Save' })
    expect(save).toHaveProperty('disabled', true)

    fireEvent.change(input, { target: { value: 'ftp://nowhere' } })
    expect(save).toHaveProperty('disabled', false)
    fireEvent.click(save)
    await screen.findByText(/webhookUri must be an http\(s\) URL/)
    expect(server.engine.workspace.get().webhookUri).toBeUndefined()

    fireEvent.change(input, { target: { value: 'http://127.0.0.1:9/hooks' } })
    fireEvent.click(save)
    await waitFor(() => expect(store.getState().workspace?.webhookUri).toBe('http://127.0.0.1:9/hooks'))
    expect(server.engine.workspace.get().webhookUri).toBe('http://127.0.0.1:9/hooks')
    expect(screen.queryByText(/webhookUri must be/)).toBeNull()
    expect(store.getState().toasts.at(-1)?.title).toBe('Webhook URL saved')
    await waitFor(() => expect(save).toHaveProperty('disabled', true))

    fireEvent.change(input, { target: { value: '' } })
    fireEvent.click(save)
    await waitFor(() => expect(store.getState().workspace?.webhookUri).toBeUndefined())
    expect(store.getState().toasts.at(-1)?.title).toBe('Webhook removed')
  })
})
