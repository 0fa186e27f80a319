import { describe, expect, it } from 'vitest'
import type { FlowRunDto } from '../../src-main/contract/flow-runs'
import { eventually } from '../support/http-target'
import { setUpTestServer, type TestServer } from '../support/test-server'

let server: TestServer
let admin: string

setUpTestServer((suite) => ({ server, admin } = suite))

async function completedRuns(token: string): Promise<FlowRunDto[]> {
  const items: FlowRunDto[] = (await server.call('GET', '/flow-runs?limit=100', { token })).body.items
  return items.filter((r) => r.state === 'completed')
}

// Issue 15: the imported flow instances used to be set up again in the background after the
// switch answered, so a contact created straight away went to a webhook being replaced (200, no run).
describe('a record created right after a scenario switch', () => {
  it('starts the data-record flow, for the first switch and for a switch back to the saved scenario', async () => {
    for (const round of ['first switch (built)', 'second switch (saved file)']) {
      const switched = await server.call('POST', '/demo-scenarios/demo/switch', { token: admin })
      expect(switched.status, round).toBe(200)
      const northwind = await server.customerToken('northwind')
      const before = (await completedRuns(northwind)).length
      const contact = await server.call('POST', '/connections/crm/data/contacts/create', {
        token: northwind,
        body: { fields: { firstName: 'Grace', lastName: 'Hopper', email: `grace-${before}@northwind.test` } }
      })
      expect(contact.status, round).toBeLessThan(300)
      await eventually(
        async () => ((await completedRuns(northwind)).length === before + 1 ? true : undefined),
        15_000,
        `${round}: a run from the contact created straight after the switch`
      )
    }
  })
})
