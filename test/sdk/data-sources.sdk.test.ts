import {
  DataCollectionFindByIdResponse,
  DataCollectionListResponse,
  DataSourceApiResponse,
  DataSourceInstanceApiResponse,
  FieldMappingApiResponse,
  FieldMappingInstanceApiResponse,
  type MembraneClient
} from '@membranehq/sdk'
import { beforeAll, describe, expect, it } from 'vitest'
import { connectBoth } from '../support/sandbox-client'
import { bothSdks } from '../support/sdk-clients'
import { setUpTestServer, type TestServer } from '../support/test-server'

let server: TestServer
let admin: string

/** Your app's people: what the CRM's contacts import as. */
const PERSON_SCHEMA = {
  type: 'object',
  properties: { fullName: { type: 'string' }, email: { type: 'string' }, stage: { type: 'string' } },
  required: ['email']
}
const PERSON_IMPORT = {
  fullName: { $jsonata: 'firstName & " " & lastName' },
  email: { $var: '$.email' },
  stage: { $var: '$.lifecycleStage' }
}

setUpTestServer((suite) => ({ server, admin } = suite))

beforeAll(async () => {
  const made = await server.call('POST', '/data-sources', {
    token: admin,
    body: { key: 'contacts', name: 'Contacts', udm: 'contacts' }
  })
  expect(made.status).toBe(201)
})

const SDKS = bothSdks(() => server.url)

describe.each(SDKS)('data sources and field mappings through $name', ({ name, make }) => {
  const tag = name.replace(/\W/g, '')
  let adminClient: MembraneClient
  let client: MembraneClient
  let crmId: string

  beforeAll(async () => {
    adminClient = make(admin)
    const token = await server.customerToken(`ds-${tag}`, { name: `Customer of ${name}` })
    const { crm } = await connectBoth(server, token, { crm: `CRM ${tag}`, helpdesk: `Desk ${tag}` })
    crmId = crm.id
    client = make(token)
  })

  it('dataSources.create / find / dataSource(sel).get / patch / archive answer what the SDK schemas describe', async () => {
    const created = DataSourceApiResponse.parse(
      await adminClient.dataSources.create({
        key: `deals-${tag}`,
        name: 'Deals',
        integrationKey: 'crm',
        collectionKey: 'deals'
      })
    )
    expect(created).toMatchObject({
      key: `deals-${tag}`,
      integrationKey: 'crm',
      collectionKey: 'deals',
      isUniversal: false
    })
    const crm = await server.call('GET', '/integrations/crm', { token: admin })

    const found = await adminClient.dataSources.find({ integrationId: crm.body.id })
    for (const item of found.items) DataSourceApiResponse.parse(item)
    expect(found.items.map((i) => i.key)).toContain(`deals-${tag}`)
    expect(found.items.every((i) => i.integrationKey === 'crm')).toBe(true)
    const universal = await adminClient.dataSources.find({ isUniversal: true })
    expect(universal.items.map((i) => i.key)).toEqual(['contacts'])

    const got = DataSourceApiResponse.parse(await adminClient.dataSource(created.id).get())
    expect(got.id).toBe(created.id)
    const byKey = DataSourceApiResponse.parse(
      await adminClient.dataSource({ key: `deals-${tag}`, integrationKey: 'crm' }).get()
    )
    expect(byKey.id).toBe(created.id)
    const patched = DataSourceApiResponse.parse(await adminClient.dataSource(created.id).patch({ name: 'Open deals' }))
    expect(patched).toMatchObject({ name: 'Open deals', revision: '2' })
    await adminClient.dataSource(created.id).archive()
    const archived = DataSourceApiResponse.parse(await adminClient.dataSource(created.id).get())
    expect(archived.archivedAt).toBeTruthy()
    expect((await adminClient.dataSources.find({ integrationKey: 'crm' })).items.map((i) => i.id)).not.toContain(
      created.id
    )
  })

  it('connection(c).dataSource(ds).get({autoCreate}) sets up the instance: the udm resolves to the CRM collection and its fields', async () => {
    const instance = DataSourceInstanceApiResponse.parse(
      await client.connection(crmId).dataSource('contacts').get({ autoCreate: true })
    )
    expect(instance).toMatchObject({ connectionId: crmId, udm: 'contacts', collectionKey: 'contacts', state: 'READY' })
    expect(Object.keys(instance.collectionSpec?.fieldsSchema?.properties ?? {})).toContain('email')

    const accessor = client.dataSourceInstance(instance.id)
    expect(DataSourceInstanceApiResponse.parse(await accessor.get()).id).toBe(instance.id)
    await accessor.setup()
    const bySelector = DataSourceInstanceApiResponse.parse(
      await client.dataSourceInstance({ dataSourceKey: 'contacts', connectionId: crmId }).get()
    )
    expect(bySelector.id).toBe(instance.id)

    const made: string[] = []
    for (const i of [1, 2, 3]) {
      const created = (await accessor.createRecord({
        fields: { email: `p${i}-${tag}@example.com`, firstName: `P${i}`, lastName: 'Doe' }
      })) as { id: string }
      made.push(created.id)
    }
    const seen: string[] = []
    let cursor: string | undefined
    do {
      const page = DataCollectionListResponse.parse(await accessor.listRecords({ cursor, limit: 2 } as never))
      seen.push(...page.records.map((r) => r.id))
      cursor = page.cursor
    } while (cursor)
    expect(seen).toEqual(expect.arrayContaining(made))

    const one = DataCollectionFindByIdResponse.parse(await accessor.findRecordById(made[1]))
    expect(one.record.fields?.email).toBe(`p2-${tag}@example.com`)
  })

  it("a missing record answers the app's 404 in the error shape", async () => {
    const error = await client
      .dataSourceInstance({ dataSourceKey: 'contacts', connectionId: crmId })
      .findRecordById('ct_missing')
      .catch((e: { data?: unknown }) => e)
    expect(JSON.stringify((error as { data?: unknown }).data ?? error)).toContain('not_found')
  })

  it('fieldMappings.create / find and connection(c).fieldMapping(fm).get; fieldMappingInstance get / setup / patch({importValue}) / reset', async () => {
    const key = `person-${tag}`
    const created = FieldMappingApiResponse.parse(
      await adminClient.fieldMappings.create({
        key,
        name: 'Person',
        dataSourceKey: 'contacts',
        direction: 'import' as never,
        appSchema: PERSON_SCHEMA,
        defaultImportValue: PERSON_IMPORT
      })
    )
    expect(created).toMatchObject({ key, dataSourceKey: 'contacts', isUniversal: true })
    const found = await adminClient.fieldMappings.find({ search: key })
    for (const item of found.items) FieldMappingApiResponse.parse(item)
    expect(found.items.map((i) => i.id)).toEqual([created.id])

    const instance = FieldMappingInstanceApiResponse.parse(
      await client.connection(crmId).fieldMapping(key).get({ autoCreate: true })
    )
    expect(instance).toMatchObject({ state: 'READY', importValue: PERSON_IMPORT, isCustomized: false })
    expect(Object.keys(instance.dataSourceSchema?.properties ?? {})).toContain('lifecycleStage')

    const accessor = client.fieldMappingInstance(instance.id)
    expect(FieldMappingInstanceApiResponse.parse(await accessor.get()).id).toBe(instance.id)
    FieldMappingInstanceApiResponse.parse(await accessor.setup())
    const own = { ...PERSON_IMPORT, fullName: { $var: '$.lastName' } }
    const patched = FieldMappingInstanceApiResponse.parse(await accessor.patch({ importValue: own }))
    expect(patched).toMatchObject({ importValue: own, isCustomized: true })
    expect(patched.defaultImportValue).toEqual(PERSON_IMPORT)
    const reset = FieldMappingInstanceApiResponse.parse(await accessor.reset())
    expect(reset).toMatchObject({ importValue: PERSON_IMPORT, isCustomized: false })
  })
})

describe('bad input answers 400 naming the path, and changes nothing', () => {
  let token: string
  let crmId: string

  beforeAll(async () => {
    token = await server.customerToken('ds-bad', { name: 'Bad input' })
    crmId = (await connectBoth(server, token, { crm: 'CRM bad', helpdesk: 'Desk bad' })).crm.id
  })

  const count = async (path: string) => (await server.call('GET', path, { token: admin })).body.items.length

  it('an unknown collection', async () => {
    const before = await count('/data-sources?includeArchived=true')
    const made = await server.call('POST', '/data-sources', {
      token: admin,
      body: { key: 'nope', name: 'Nope', integrationKey: 'crm', collectionKey: 'invoices' }
    })
    expect(made.status).toBe(400)
    expect(made.body).toMatchObject({ type: 'bad_request', key: 'invalid_data' })
    expect(made.body.data.errors[0]).toMatchObject({ path: 'collectionKey' })
    expect(made.body.message).toContain('contacts, companies, deals')
    expect(await count('/data-sources?includeArchived=true')).toBe(before)

    const instance = await server.call('GET', `/connections/${crmId}/data-sources/contacts?autoCreate=true`, { token })
    const moved = await server.call('PATCH', `/data-source-instance?id=${instance.body.id}`, {
      token,
      body: { collectionKey: 'invoices' }
    })
    expect(moved.status).toBe(400)
    expect(moved.body.data.errors[0].path).toBe('collectionKey')
    const after = await server.call('GET', `/data-source-instance?id=${instance.body.id}`, { token })
    expect(after.body).toMatchObject({ collectionKey: 'contacts', isCustomized: false })
  })

  it('an expression that does not parse, and an appSchema that is not a JSON Schema', async () => {
    const before = await count('/field-mappings?includeArchived=true')
    const syntax = await server.call('POST', '/field-mappings', {
      token: admin,
      body: {
        key: 'broken',
        name: 'Broken',
        dataSourceKey: 'contacts',
        defaultImportValue: { email: { $jsonata: 'email &' } }
      }
    })
    expect(syntax.status).toBe(400)
    expect(syntax.body.data.errors[0].path).toBe('defaultImportValue.email.$jsonata')
    const schema = await server.call('POST', '/field-mappings', {
      token: admin,
      body: { key: 'broken', name: 'Broken', dataSourceKey: 'contacts', appSchema: { type: 'banana' } }
    })
    expect(schema.status).toBe(400)
    expect(schema.body.data.errors[0].path).toMatch(/^appSchema/)
    expect(await count('/field-mappings?includeArchived=true')).toBe(before)
  })

  it('a mapping to a field the app does not have', async () => {
    const made = await server.call('POST', '/field-mappings', {
      token: admin,
      body: {
        key: 'contact-out',
        name: 'Contact out',
        dataSourceKey: 'contacts',
        direction: 'export',
        appSchema: PERSON_SCHEMA,
        defaultExportValue: { email: { $var: '$.email' } }
      }
    })
    expect(made.status).toBe(201)
    const instance = await server.call('GET', `/connections/${crmId}/field-mappings/contact-out?autoCreate=true`, {
      token
    })
    expect(instance.body.state).toBe('READY')
    const bad = await server.call('PATCH', `/field-mapping-instance?id=${instance.body.id}`, {
      token,
      body: { exportValue: { email: { $var: '$.email' }, shoeSize: { $var: '$.stage' } } }
    })
    expect(bad.status).toBe(400)
    expect(bad.body.data.errors[0]).toMatchObject({ path: 'exportValue.shoeSize' })
    expect(bad.body.message).toContain('shoeSize')
    const after = await server.call('GET', `/field-mapping-instance?id=${instance.body.id}`, { token })
    expect(after.body).toMatchObject({ isCustomized: false, exportValue: { email: { $var: '$.email' } } })
  })
})
