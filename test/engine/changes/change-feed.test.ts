import { afterEach, describe, expect, it } from 'vitest'
import type { ChangeVersions } from '../../../src-main/contract/console-views'
import { startTestServer, type TestServer } from '../../support/test-server'
import { removeTempDirs } from '../../support/temp-dir'

// Issue 15, defect 1: every kind of workspace change moves a counter the console follows, so no
// page is left showing the state from before (scenario switch and reset, import, REST writes).

let server: TestServer | undefined
afterEach(async () => {
  await server?.stop()
  server = undefined
  removeTempDirs()
})

const ALL: (keyof ChangeVersions)[] = [
  'runs',
  'connections',
  'instances',
  'flows',
  'customers',
  'integrations',
  'workspace',
  'actions'
]

function moved(before: ChangeVersions, after: ChangeVersions): (keyof ChangeVersions)[] {
  return ALL.filter((k) => after[k] !== before[k])
}

describe('change feed', () => {
  it('moves the workspace counter on a REST change of the field schema, the customers counter on a REST customer write', async () => {
    server = await startTestServer()
    const token = await server.adminToken()
    let before = server.engine.changes.current()
    const patched = await server.call('PATCH', '/workspace', {
      token,
      body: { userFieldsSchema: { type: 'object', properties: { plan: { type: 'string' } } } }
    })
    expect(patched.status).toBe(200)
    expect(moved(before, server.engine.changes.current())).toEqual(['workspace'])

    before = server.engine.changes.current()
    expect(
      (await server.call('POST', '/customers', { token, body: { internalId: 'acme', name: 'Acme' } })).status
    ).toBe(201)
    expect(moved(before, server.engine.changes.current())).toEqual(['customers'])
  })

  it('moves the actions counter when an action is created through REST', async () => {
    server = await startTestServer()
    const token = await server.adminToken()
    const before = server.engine.changes.current()
    const created = await server.call('POST', '/actions', {
      token,
      body: { key: 'noop', name: 'No-op', type: 'run-javascript', config: { code: 'export default () => ({})' } }
    })
    expect(created.status).toBeLessThan(300)
    expect(moved(before, server.engine.changes.current())).toContain('actions')
  })

  it('moves every counter on a scenario switch, a scenario reset and an import', async () => {
    server = await startTestServer()
    const token = await server.adminToken()
    let before = server.engine.changes.current()
    expect((await server.call('POST', '/demo-scenarios/demo/switch', { token })).status).toBe(200)
    expect(moved(before, server.engine.changes.current())).toEqual(ALL)

    const admin = await server.adminToken()
    before = server.engine.changes.current()
    expect((await server.call('POST', '/demo-scenarios/reset', { token: admin })).status).toBe(200)
    expect(moved(before, server.engine.changes.current())).toEqual(ALL)

    const file = server.engine.snapshots.exportSnapshot({})
    before = server.engine.changes.current()
    server.engine.snapshots.importSnapshot(JSON.stringify(file), { replaceWorkspace: true })
    expect(moved(before, server.engine.changes.current())).toEqual(ALL)
  })
})
