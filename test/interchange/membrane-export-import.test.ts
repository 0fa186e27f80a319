import { strToU8, zipSync } from 'fflate'
import { SignJWT } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { stringify } from 'yaml'
import { createManualClock } from '../support/manual-clock'
import { describeZip, exportWorkspace, finishedJob, importWorkspace, postImport } from '../support/membrane-zip'
import { removeTempDirs } from '../support/temp-dir'
import { startTestServer, type TestServer } from '../support/test-server'

let a: TestServer
let b: TestServer
let adminA: string
let adminB: string
let zipA: Uint8Array

const GREET = {
  trigger: { type: 'api-trigger', links: [{ key: 'shape' }] },
  shape: { type: 'transform-data', config: { output: { greeting: { $var: 'input.trigger.name' } } } }
}

const PERSON = { type: 'object', properties: { email: { type: 'string' } } }

async function must(server: TestServer, method: string, path: string, token: string, body?: unknown) {
  const res = await server.call(method, path, { token, body })
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`)
  return res.body
}

async function upload(server: TestServer, token: string, connectorId: string, zip: Uint8Array) {
  const form = new FormData()
  form.append('file', new Blob([new Uint8Array(zip)]), 'file.zip')
  const res = await fetch(`${server.url}/connectors/${connectorId}/upload`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: form
  })
  return { status: res.status, body: await res.json() }
}

beforeAll(async () => {
  a = await startTestServer()
  b = await startTestServer()
  adminA = await a.adminToken()
  adminB = await b.adminToken()
  await must(a, 'POST', '/app-data-schemas', adminA, {
    key: 'contact',
    name: 'Contact',
    schema: { type: 'object', properties: { email: { type: 'string', format: 'email' } } }
  })
  const greet = await must(a, 'POST', '/flows', adminA, { key: 'greet', name: 'Greet', nodes: GREET })
  await must(a, 'POST', '/flows', adminA, { key: 'greet', name: 'Greet', integrationKey: 'crm', parentId: greet.id })
  await must(a, 'POST', '/flows', adminA, { key: 'crm-only', name: 'CRM only', integrationKey: 'crm', nodes: GREET })
  await must(a, 'POST', '/actions', adminA, {
    key: 'shout',
    name: 'Shout',
    type: 'run-javascript',
    config: { code: 'module.exports = async ({ input }) => String(input.text).toUpperCase()' }
  })
  await must(a, 'POST', '/integrations', adminA, {
    key: 'my-api',
    name: 'My API',
    connectorId: 'http',
    parameters: { baseUrl: 'http://127.0.0.1:9/api', authType: 'api-key-header' }
  })
  await must(a, 'POST', '/data-sources', adminA, { key: 'people', name: 'People', udm: 'contacts' })
  await must(a, 'POST', '/data-sources/people/apply', adminA, { integrationKeys: ['crm'] })
  await must(a, 'POST', '/data-sources', adminA, {
    key: 'desk-tickets',
    name: 'Desk tickets',
    integrationKey: 'helpdesk',
    collectionKey: 'tickets'
  })
  await must(a, 'POST', '/field-mappings', adminA, {
    key: 'person',
    name: 'Person',
    dataSourceKey: 'people',
    direction: 'import',
    appSchema: PERSON,
    defaultImportValue: { email: { $var: '$.email' } },
    frozenImportFields: ['email']
  })
  await must(a, 'POST', '/field-mappings', adminA, {
    key: 'ticket-subject',
    name: 'Ticket subject',
    integrationKey: 'helpdesk',
    dataSourceKey: 'desk-tickets',
    direction: 'export',
    appSchema: PERSON,
    defaultExportValue: { subject: { $var: '$.email' } }
  })
  await must(a, 'POST', '/app-event-types', adminA, {
    key: 'order-placed',
    name: 'Order placed',
    schema: { type: 'object', properties: { total: { type: 'number' } } },
    example: { total: 12 },
    userIdFormula: { $var: '$.customerId' }
  })
  await must(a, 'POST', '/data-link-tables', adminA, { key: 'contacts', name: 'Contacts', description: 'Ours ↔ CRM' })
  const acme = await must(a, 'POST', '/connectors', adminA, { name: 'Acme', key: 'acme' })
  const uploaded = await upload(a, adminA, acme.id, zipSync({ 'spec.yml': strToU8('key: acme\n') }))
  expect(uploaded.status, JSON.stringify(uploaded.body)).toBe(200)
  zipA = await exportWorkspace(a, adminA)
}, 60_000)

afterAll(async () => {
  await a?.stop()
  await b?.stop()
  removeTempDirs()
})

describe('GET /export', () => {
  it('answers a job with a Location header, and a download URL that needs no token', async () => {
    const started = await a.call('GET', '/export', { token: adminA })
    expect(started.status).toBe(200)
    expect(started.body).toEqual({ jobId: expect.any(String), accessKey: expect.any(String) })
    expect(started.headers.get('location')).toBe(`/background-jobs/${started.body.jobId}`)
    const byKey = await a.call('GET', `/background-jobs/${started.body.jobId}?accessKey=${started.body.accessKey}`)
    expect(byKey.status).toBe(200)
    const job = await finishedJob(a, adminA, started.body.jobId)
    expect(job).toMatchObject({ status: 'completed', progress: 100 })
    expect(String(job.result!.downloadUrl)).toMatch(new RegExp(`^${a.url}/downloads/`))
    const wrongKey = await a.call('GET', `/background-jobs/${started.body.jobId}?accessKey=nope`)
    expect(wrongKey.status).toBe(403)
  })

  it("writes Membrane's layout without secrets or per-Workbench OAuth clients", () => {
    const files = describeZip(zipA)
    expect(Object.keys(files).sort()).toEqual([
      'actions/shout/spec.yaml',
      'app-data-schemas/contact/spec.yaml',
      'app-event-types/order-placed/spec.yaml',
      'connectors/acme/acme.yml',
      'connectors/acme/src.zip',
      'data-link-tables/contacts/spec.yaml',
      'data-sources/people/spec.yaml',
      'field-mappings/person/spec.yaml',
      'flows/greet/spec.yaml',
      'integrations/crm/data-sources/people/spec.yaml',
      'integrations/crm/flows/crm-only/spec.yaml',
      'integrations/crm/flows/greet/spec.yaml',
      'integrations/crm/spec.yaml',
      'integrations/helpdesk/data-sources/desk-tickets/spec.yaml',
      'integrations/helpdesk/field-mappings/ticket-subject/spec.yaml',
      'integrations/helpdesk/spec.yaml',
      'integrations/my-api/spec.yaml'
    ])
    expect(files['app-event-types/order-placed/spec.yaml']).toEqual({
      key: 'order-placed',
      name: 'Order placed',
      schema: { type: 'object', properties: { total: { type: 'number' } } },
      example: { total: 12 },
      userIdFormula: { $var: '$.customerId' }
    })
    expect(files['data-link-tables/contacts/spec.yaml']).toEqual({
      key: 'contacts',
      name: 'Contacts',
      description: 'Ours ↔ CRM'
    })
    expect(files['field-mappings/person/spec.yaml']).toMatchObject({
      dataSourceKey: 'people',
      direction: 'import',
      frozenImportFields: ['email']
    })
    expect(files['integrations/my-api/spec.yaml']).toEqual({
      key: 'my-api',
      name: 'My API',
      connectorKey: 'http',
      parameters: { baseUrl: 'http://127.0.0.1:9/api', authType: 'api-key-header' }
    })
    expect(files['integrations/crm/spec.yaml']).toEqual({
      key: 'crm',
      name: 'Sandbox CRM',
      connectorKey: 'sandbox-crm'
    })
    const crmParameters = a.engine.integrations.config('crm').parameters
    const text = Buffer.from(zipA).toString('latin1')
    for (const secret of Object.values(crmParameters)) expect(text).not.toContain(String(secret))
    expect(files['flows/greet/spec.yaml']).toMatchObject({ key: 'greet', name: 'Greet', nodes: GREET })
  })

  it('gives integration-level copies the uuid of their universal parent', async () => {
    const { unzipSync, strFromU8 } = await import('fflate')
    const { parse } = await import('yaml')
    const entries = unzipSync(zipA)
    const universal = parse(strFromU8(entries['flows/greet/spec.yaml']))
    const copy = parse(strFromU8(entries['integrations/crm/flows/greet/spec.yaml']))
    expect(copy.parentUuid).toBe(universal.uuid)
    expect(universal.uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
  })

  it('accepts admin tokens that name the workspace with workspaceKey and say isAdmin "true"', async () => {
    const { key, secret } = a.engine.workspace.credentials()
    const token = await new SignJWT({ workspaceKey: key, isAdmin: 'true' })
      .setProtectedHeader({ alg: 'HS512' })
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(secret))
    const res = await a.call('GET', '/export', { token })
    expect(res.status, JSON.stringify(res.body)).toBe(200)
  })
})

describe('POST /import into a fresh Workbench', () => {
  it('a dry run reports what would change and changes nothing', async () => {
    const before = describeZip(await exportWorkspace(b, adminB))
    const result = await importWorkspace(b, adminB, zipA, '?dryRun=true')
    expect(result.dryRun).toBe(true)
    expect(result.types.flows.created).toEqual([
      { key: 'greet' },
      { key: 'greet', integrationKey: 'crm' },
      { key: 'crm-only', integrationKey: 'crm' }
    ])
    expect(result.types.integrations).toMatchObject({
      created: [{ key: 'my-api' }],
      unchanged: [{ key: 'crm' }, { key: 'helpdesk' }]
    })
    expect(result.types['app-data-schemas'].created).toEqual([{ key: 'contact' }])
    expect(result.types['data-sources'].created).toEqual([
      { key: 'people' },
      { key: 'people', integrationKey: 'crm' },
      { key: 'desk-tickets', integrationKey: 'helpdesk' }
    ])
    expect(result.types['field-mappings'].created).toEqual([
      { key: 'person' },
      { key: 'ticket-subject', integrationKey: 'helpdesk' }
    ])
    expect(result.types['app-event-types'].created).toEqual([{ key: 'order-placed' }])
    expect(result.types['data-link-tables'].created).toEqual([{ key: 'contacts' }])
    expect(result.types.connectors.created).toEqual([{ key: 'acme' }])
    expect(describeZip(await exportWorkspace(b, adminB))).toEqual(before)
  })

  it('the dryRun form field is honoured as well', async () => {
    const started = await postImport(b, adminB, zipA, '', { dryRun: 'true' })
    const job = await finishedJob(b, adminB, started.body.jobId)
    expect(job.result).toMatchObject({ dryRun: true })
    expect((await must(b, 'GET', '/flows', adminB)).items).toEqual([])
  })

  it('imports, and the export of B describes the same elements as the export of A', async () => {
    const result = await importWorkspace(b, adminB, zipA)
    expect(result.counts).toMatchObject({ created: 14, deleted: 0 })
    const zipB = await exportWorkspace(b, adminB)
    expect(describeZip(zipB)).toEqual(describeZip(zipA))
    const copy = await must(b, 'GET', '/flow?key=greet&integrationKey=crm', adminB)
    const parent = await must(b, 'GET', '/flows/greet', adminB)
    expect(copy.parentId).toBe(parent.id)
    expect((await must(b, 'GET', '/integrations/my-api', adminB)).hasMissingParameters).toBe(false)
    const people = await must(b, 'GET', '/data-sources/people', adminB)
    const crmPeople = (await must(b, 'GET', '/data-sources?integrationKey=crm', adminB)).items
    expect(crmPeople.find((d: { key: string }) => d.key === 'people').parentId).toBe(people.id)
    const desk = await must(b, 'GET', '/field-mappings?integrationKey=helpdesk', adminB)
    expect(desk.items.map((m: { key: string }) => m.key)).toContain('ticket-subject')
  })

  it('importing the same zip again leaves everything unchanged', async () => {
    const result = await importWorkspace(b, adminB, zipA)
    expect(result.counts).toMatchObject({ created: 0, updated: 0, deleted: 0 })
  })

  it('reports updated elements, with the changed fields under diff=true', async () => {
    await must(b, 'PATCH', '/flows/greet', adminB, { name: 'Hello' })
    const result = await importWorkspace(b, adminB, zipA, '?diff=true')
    // The crm copy follows its parent until customised, so it changed too.
    expect(result.types.flows.updated).toEqual([
      { key: 'greet', changedFields: ['name'] },
      { key: 'greet', integrationKey: 'crm', changedFields: ['name'] }
    ])
    expect((await must(b, 'GET', '/flows/greet', adminB)).name).toBe('Greet')
  })

  it('without partial, elements the zip lacks are deleted; ones in use only with force', async () => {
    await must(b, 'POST', '/flows', adminB, { key: 'extra', name: 'Extra', nodes: GREET })
    const customer = await b.customerToken('dora')
    await must(b, 'POST', '/flow-instances', customer, { flowKey: 'extra' })
    const refused = await postImport(b, adminB, zipA)
    expect(refused.status).toBe(400)
    expect(refused.body.message).toContain('flows extra (1 live instance)')
    const partial = await importWorkspace(b, adminB, zipA, '?partial=true')
    expect(partial.types.flows.deleted).toEqual([])
    expect((await must(b, 'GET', '/flows/extra', adminB)).archivedAt).toBeUndefined()
    const forced = await importWorkspace(b, adminB, zipA, '?force=true')
    expect(forced.types.flows.deleted).toEqual([{ key: 'extra' }])
    expect((await must(b, 'GET', '/flows/extra', adminB)).archivedAt).toBeDefined()
  })
})

describe('hostile zips', () => {
  let before: Record<string, unknown>
  beforeAll(async () => {
    before = describeZip(await exportWorkspace(b, adminB))
  })

  const spec = (value: unknown) => strToU8(stringify(value))
  const cases: Array<[string, () => Uint8Array, RegExp, string | undefined]> = [
    ['not a zip', () => strToU8('just some text, not an archive at all'), /is not a zip archive/, 'file'],
    ['a truncated zip', () => zipA.slice(0, Math.floor(zipA.byteLength / 2)), /damaged or truncated/, 'file'],
    [
      'path traversal in an entry name',
      () => zipSync({ 'flows/ok/spec.yaml': spec({ key: 'ok', name: 'Ok' }), '../evil/spec.yaml': spec({ key: 'x' }) }),
      /"\.\.\/evil\/spec\.yaml" climbs out of the archive/,
      'file:../evil/spec.yaml'
    ],
    [
      'an absolute entry name',
      () => zipSync({ '/etc/passwd': strToU8('root') }),
      /"\/etc\/passwd" has an absolute path/,
      'file:/etc/passwd'
    ],
    [
      '10,000 entries',
      () =>
        zipSync(
          Object.fromEntries(
            Array.from({ length: 10_000 }, (_, i) => [`flows/f${i}/spec.yaml`, spec({ key: `f${i}`, name: 'F' })])
          )
        ),
      /more than 5000 entries/,
      'file'
    ],
    [
      'a huge entry',
      () => zipSync({ 'flows/big/spec.yaml': new Uint8Array(6 * 1024 * 1024) }),
      /"flows\/big\/spec\.yaml" is 6291456 bytes unpacked; the limit is 5242880/,
      'file:flows/big/spec.yaml'
    ],
    [
      'an unknown element type',
      () => zipSync({ 'widgets/w/spec.yaml': spec({ key: 'w', name: 'W' }) }),
      /"widgets\/w\/spec\.yaml" is of element type "widgets"/,
      'widgets/w/spec.yaml'
    ],
    [
      'an element that fails its checks',
      () =>
        zipSync({
          'flows/good/spec.yaml': spec({ key: 'good', name: 'Good', nodes: GREET }),
          'flows/bad/spec.yaml': spec({ key: 'bad', name: 'Bad', nodes: { t: { type: 'no-such-node' } } })
        }),
      /Zip entry "flows\/bad\/spec\.yaml": .*no-such-node/,
      undefined
    ],
    [
      'an app data schema whose schema is not a JSON Schema',
      () => zipSync({ 'app-data-schemas/s/spec.yaml': spec({ key: 's', name: 'S', schema: { type: 'no-type' } }) }),
      /Zip entry "app-data-schemas\/s\/spec\.yaml": schema is not a valid JSON Schema/,
      undefined
    ],
    [
      "a data source whose collection its integration's app does not have",
      () =>
        zipSync({
          'integrations/desk2/spec.yaml': spec({ key: 'desk2', name: 'Desk 2', connectorKey: 'sandbox-helpdesk' }),
          'integrations/desk2/data-sources/d/spec.yaml': spec({ key: 'd', name: 'D', collectionKey: 'invoices' })
        }),
      /Zip entry "integrations\/desk2\/data-sources\/d\/spec\.yaml": .*has no data collection "invoices"/,
      'integrations/desk2/data-sources/d/spec.yaml:collectionKey'
    ],
    [
      'a field mapping naming a data source neither the zip nor the workspace has',
      () => zipSync({ 'field-mappings/m/spec.yaml': spec({ key: 'm', name: 'M', dataSourceKey: 'nowhere' }) }),
      /Zip entry "field-mappings\/m\/spec\.yaml": .*dataSourceKey "nowhere" names no universal data source/,
      'field-mappings/m/spec.yaml:dataSourceKey'
    ],
    [
      'an app event type with a schema that is not a JSON Schema',
      () => zipSync({ 'app-event-types/e/spec.yaml': spec({ key: 'e', name: 'E', schema: { type: 'nope' } }) }),
      /Zip entry "app-event-types\/e\/spec\.yaml"/,
      undefined
    ],
    [
      'a YAML bomb',
      () =>
        zipSync({
          'flows/bomb/spec.yaml': strToU8(
            'a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nkey: bomb\nname: Bomb\n'
          )
        }),
      /"flows\/bomb\/spec\.yaml" is not valid YAML/,
      'flows/bomb/spec.yaml'
    ]
  ]
  for (const [what, make, message, path] of cases) {
    it(`refuses ${what} with a 400 naming it, and changes nothing`, async () => {
      const res = await postImport(b, adminB, make())
      expect(res.status, JSON.stringify(res.body)).toBe(400)
      expect(res.body).toMatchObject({ type: 'bad_request', key: 'invalid_data' })
      expect(res.body.message).toMatch(message)
      if (path) expect(res.body.data.errors[0].path).toBe(path)
      expect(describeZip(await exportWorkspace(b, adminB))).toEqual(before)
    }, 60_000)
  }

  it('refuses a body that is not multipart, naming the field', async () => {
    const res = await b.call('POST', '/import', { token: adminB, body: { file: 'x' } })
    expect(res.status).toBe(400)
    expect(res.body.message).toContain('"file"')
  })

  it('needs an admin token', async () => {
    const customer = await b.customerToken('eve')
    const res = await postImport(b, customer, zipA)
    expect(res.status).toBe(403)
    expect((await b.call('GET', '/export', { token: customer })).status).toBe(403)
  })
})

describe('download links', () => {
  it('expire after 15 minutes on the engine clock', async () => {
    const clock = createManualClock(Date.now())
    const server = await startTestServer({ clock })
    try {
      const token = await server.adminToken()
      const started = await server.call('GET', '/export', { token })
      const job = await finishedJob(server, token, started.body.jobId)
      const url = String(job.result!.downloadUrl)
      expect((await fetch(url)).status).toBe(200)
      clock.advance(15 * 60 * 1000 + 1)
      const expired = await fetch(url)
      expect(expired.status).toBe(404)
      expect(((await expired.json()) as { message: string }).message).toContain('expired')
    } finally {
      await server.stop()
    }
  })
})
