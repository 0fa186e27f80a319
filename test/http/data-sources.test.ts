import { describe, expect, it } from 'vitest'
import { setUpTestServer, type TestServer } from '../support/test-server'

let server: TestServer
let admin: string

setUpTestServer((suite) => ({ server, admin } = suite))

describe('universal data sources and their integration-level children', () => {
  it('apply makes children that follow the universal one until customised; reset takes a child back', async () => {
    const call = (method: string, path: string, body?: unknown) => server.call(method, path, { token: admin, body })
    const universal = await call('POST', '/data-sources', { key: 'people', name: 'People', udm: 'contacts' })
    expect(universal.status).toBe(201)
    const applied = await call('POST', '/data-sources/people/apply', { integrationKeys: ['crm'] })
    expect(applied.body[0]).toMatchObject({
      key: 'people',
      integrationKey: 'crm',
      universalDataSourceId: universal.body.id,
      isCustomized: false
    })
    expect(applied.body[0].integrationId).toBe((await call('GET', '/integrations/crm')).body.id)

    await call('PATCH', '/data-sources/people', { name: 'Everyone' })
    const followed = await call('GET', '/integrations/crm/data-sources/people')
    expect(followed.body).toMatchObject({ name: 'Everyone', udm: 'contacts', isCustomized: false })

    const customised = await call('PATCH', '/integrations/crm/data-sources/people', {
      udm: null,
      collectionKey: 'companies'
    })
    expect(customised.body).toMatchObject({ collectionKey: 'companies', isCustomized: true })
    await call('PATCH', '/data-sources/people', { name: 'All people' })
    expect((await call('GET', '/data-source?key=people&integrationKey=crm')).body.name).toBe('Everyone')

    const reset = await call('POST', '/integrations/crm/data-sources/people/reset')
    expect(reset.body).toMatchObject({ name: 'All people', udm: 'contacts', isCustomized: false })
    expect(reset.body.collectionKey).toBeUndefined()

    const listed = await call('GET', '/integrations/crm/data-sources')
    expect(listed.body.items.map((i: { key: string }) => i.key)).toEqual(['people'])
    expect((await call('GET', '/data-sources?integrationKey=crm')).body.items).toHaveLength(1)
    expect((await call('GET', `/data-sources?parentId=${universal.body.id}`)).body.items).toHaveLength(1)
    expect((await call('GET', '/data-sources?limit=1&cursor=0')).body.cursor).toBeDefined()
  })

  it('a universal data model no app answers to is a 400 naming udm', async () => {
    const made = await server.call('POST', '/data-sources', {
      token: admin,
      body: { name: 'Invoices', udm: 'invoices' }
    })
    expect(made.status).toBe(400)
    expect(made.body.data.errors[0]).toMatchObject({ path: 'udm' })
  })

  it('changing needs an admin token', async () => {
    const token = await server.customerToken('ds-reader')
    const made = await server.call('POST', '/data-sources', { token, body: { name: 'X', udm: 'contacts' } })
    expect(made.status).toBe(403)
  })
})
