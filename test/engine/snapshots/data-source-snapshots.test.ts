import { describe, expect, it } from 'vitest'
import { eventually } from '../../support/http-target'
import { connectBoth } from '../../support/sandbox-client'
import { serversPerTest } from '../../support/test-server'

const server = serversPerTest()

const DEFAULT_IMPORT = { email: { $var: '$.email' }, name: { $var: '$.firstName' } }
const OWN_IMPORT = { email: { $var: '$.email' }, name: { $var: '$.lastName' } }

describe('data sources and field mappings in snapshots', () => {
  it("carry elements, instances and the customer's mapping into another workspace, where the instances are set up again", async () => {
    const a = await server()
    const admin = await a.adminToken()
    for (const [path, body] of [
      ['/data-sources', { key: 'contacts', name: 'Contacts', udm: 'contacts' }],
      [
        '/field-mappings',
        {
          key: 'person',
          name: 'Person',
          dataSourceKey: 'contacts',
          direction: 'import',
          appSchema: { type: 'object', properties: { email: { type: 'string' }, name: { type: 'string' } } },
          defaultImportValue: DEFAULT_IMPORT
        }
      ]
    ] as const)
      expect((await a.call('POST', path, { token: admin, body })).status).toBe(201)
    const token = await a.customerToken('snap', { name: 'Snap', ttl: '30d' })
    await connectBoth(a, token, { crm: 'Snap CRM', helpdesk: 'Snap Desk' })
    const instance = await a.call('GET', '/connections/crm/field-mappings/person?autoCreate=true', { token })
    expect(instance.body.state).toBe('READY')
    await a.call('PATCH', `/field-mapping-instance?id=${instance.body.id}`, {
      token,
      body: { importValue: OWN_IMPORT }
    })

    const file = a.engine.snapshots.exportSnapshot({ passphrase: 'correct horse battery' })
    expect(file.dataSources).toEqual([expect.objectContaining({ key: 'contacts', udm: 'contacts' })])
    expect(file.fieldMappings).toEqual([expect.objectContaining({ key: 'person', defaultImportValue: DEFAULT_IMPORT })])
    expect(file.fieldMappingInstances).toEqual([
      expect.objectContaining({ importValue: OWN_IMPORT, fieldMappingRef: expect.any(String) })
    ])
    expect(file.dataSourceInstances).toHaveLength(1)

    // A broken reference is refused before anything is written.
    const b = await server()
    const broken = JSON.parse(JSON.stringify(file))
    broken.fieldMappingInstances[0].fieldMappingRef = 'fm_nowhere'
    expect(() =>
      b.engine.snapshots.importSnapshot(broken, {
        passphrase: 'correct horse battery',
        replaceWorkspace: true,
        applyWorkspaceCredentials: true
      })
    ).toThrow(/fieldMappingInstances/)
    expect((await b.call('GET', '/field-mappings', { token: await b.adminToken() })).body.items).toEqual([])

    const report = b.engine.snapshots.importSnapshot(JSON.parse(JSON.stringify(file)), {
      passphrase: 'correct horse battery',
      replaceWorkspace: true,
      applyWorkspaceCredentials: true
    })
    expect(report.counts.fieldMappingInstances).toMatchObject({ added: 1 })
    const inB = await eventually(
      async () => {
        const got = (await b.call('GET', '/connections/crm/field-mappings/person', { token })).body
        return got.setupAt && got.dataSourceSchema ? got : undefined
      },
      10_000,
      'the imported field mapping instance to be set up in B'
    )
    expect(inB).toMatchObject({ state: 'READY', importValue: OWN_IMPORT, isCustomized: true })
  })
})
