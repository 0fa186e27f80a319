import { AppDataSchemaApiResponse, BadRequestError, MembraneClient } from '@membranehq/sdk'
import { IntegrationAppClient } from '@integration-app/sdk'
import { describe, expect, it } from 'vitest'
import { setUpTestServer, type TestServer } from '../support/test-server'

let server: TestServer
let admin: MembraneClient

setUpTestServer((suite) => {
  server = suite.server
  admin = new MembraneClient({ token: suite.admin, apiUri: server.url })
})

const SCHEMA = { type: 'object', properties: { email: { type: 'string' }, age: { type: 'integer' } } }

describe('app data schemas through the SDKs', () => {
  it('creates, reads, lists, changes and archives one, answering in the SDK schema', async () => {
    const created = await admin.appDataSchemas.create({ key: 'contact', name: 'Contact', schema: SCHEMA })
    expect(AppDataSchemaApiResponse.parse(created)).toMatchObject({ key: 'contact', schema: SCHEMA, revision: '1' })
    const byKey = await admin.appDataSchema('contact').get()
    expect(byKey.id).toBe(created.id)
    const listed = await admin.appDataSchemas.findAll()
    expect(listed.map((s) => s.key)).toEqual(['contact'])
    const patched = await admin.appDataSchema(created.id).patch({ name: 'Person' })
    expect(patched).toMatchObject({ name: 'Person', schema: SCHEMA, revision: '2' })
    const ia = new IntegrationAppClient({ token: await server.adminToken(), apiUri: server.url })
    expect((await ia.appDataSchemas.find()).items).toHaveLength(1)
    await admin.appDataSchema('contact').archive()
    expect(await admin.appDataSchemas.findAll()).toEqual([])
  })

  it('refuses a schema that is not a JSON Schema, naming the field', async () => {
    const error = await admin.appDataSchemas
      .create({ key: 'bad', name: 'Bad', schema: { type: 'nonsense' } })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(BadRequestError)
    const data = (error as BadRequestError).data as { message: string; data: { errors: Array<{ path: string }> } }
    expect(data.message).toContain('schema is not a valid JSON Schema')
    expect(data.data.errors[0].path).toMatch(/^schema/)
  })

  it('refuses a taken key and needs an admin token to change', async () => {
    await admin.appDataSchemas.create({ key: 'deal', name: 'Deal', schema: SCHEMA })
    const taken = await server.call('POST', '/app-data-schemas', {
      token: await server.adminToken(),
      body: { key: 'deal', name: 'Deal again' }
    })
    expect(taken.status).toBe(409)
    const customer = await server.customerToken('c1')
    const denied = await server.call('POST', '/app-data-schemas', { token: customer, body: { name: 'X' } })
    expect(denied.status).toBe(403)
    expect((await server.call('GET', '/app-data-schemas/deal', { token: customer })).status).toBe(200)
  })
})
