// The demo scenario drives the engine through its public services only, as a user would: it sits
// above the engine (hosts register it), so the engine never imports what builds on it.
import { randomUUID } from 'node:crypto'
import type { FieldSchema } from '../contract/workspace'
import { EngineError, type Actor, type BuiltinScenario, type ConnectPayload, type Engine } from '../engine'

/** The name the demo scenario is listed under. */
export const DEMO_SCENARIO = 'demo'

const FIELD_SCHEMA: FieldSchema = {
  type: 'object',
  properties: {
    plan: { type: 'string', title: 'Plan', enum: ['starter', 'growth', 'enterprise'] },
    seats: { type: 'integer', title: 'Seats', minimum: 1 },
    region: { type: 'string', title: 'Data region', enum: ['us-east', 'eu-west', 'ap-south'] },
    accountManager: { type: 'string', title: 'Account manager', format: 'email' },
    renewalDate: { type: 'string', title: 'Renewal date', format: 'date' },
    supportTier: { type: 'string', title: 'Support tier', enum: ['standard', 'priority'] }
  },
  required: ['plan']
}

interface DemoCustomer {
  internalId: string
  name: string
  fields: Record<string, unknown>
  helpdesk?: string
  crm?: string
}

const CUSTOMERS: DemoCustomer[] = [
  {
    internalId: 'northwind',
    name: 'Northwind Traders',
    fields: {
      plan: 'enterprise',
      seats: 240,
      region: 'eu-west',
      accountManager: 'maria.lopez@acme-saas.test',
      renewalDate: '2027-03-31',
      supportTier: 'priority'
    },
    helpdesk: 'Northwind Support',
    crm: 'Northwind Sales'
  },
  {
    internalId: 'globex',
    name: 'Globex Corporation',
    fields: {
      plan: 'growth',
      seats: 85,
      region: 'us-east',
      accountManager: 'sam.chen@acme-saas.test',
      renewalDate: '2027-01-15',
      supportTier: 'standard'
    },
    helpdesk: 'Globex Service Desk',
    crm: 'Globex Pipeline'
  },
  {
    internalId: 'initech',
    name: 'Initech',
    fields: {
      plan: 'growth',
      seats: 42,
      region: 'us-east',
      accountManager: 'sam.chen@acme-saas.test',
      renewalDate: '2026-12-20',
      supportTier: 'standard'
    },
    helpdesk: 'Initech Help'
  },
  {
    internalId: 'umbrella-health',
    name: 'Umbrella Health',
    fields: {
      plan: 'enterprise',
      seats: 510,
      region: 'eu-west',
      accountManager: 'maria.lopez@acme-saas.test',
      renewalDate: '2027-06-30',
      supportTier: 'priority'
    }
  },
  {
    internalId: 'stark-logistics',
    name: 'Stark Logistics',
    fields: {
      plan: 'starter',
      seats: 8,
      region: 'ap-south',
      accountManager: 'priya.nair@acme-saas.test',
      renewalDate: '2027-02-01'
    }
  },
  {
    internalId: 'wayne-foods',
    name: 'Wayne Foods',
    fields: { plan: 'starter', seats: 12, region: 'us-east', renewalDate: '2027-04-12' }
  }
]

/** Your app's people: what a CRM contact imports as (the universal `contact-to-person` field mapping). */
const PERSON_SCHEMA = {
  type: 'object',
  properties: {
    fullName: { type: 'string', title: 'Full name' },
    email: { type: 'string', title: 'Email', format: 'email' },
    stage: { type: 'string', title: 'Stage' }
  },
  required: ['email']
}

/**
 * New CRM contact (universal `contacts` data source) imported through the `contact-to-person`
 * field mapping → a welcome ticket in the customer's helpdesk (a flow for the `crm` integration).
 */
const CONTACT_TO_TICKET = {
  trigger: {
    type: 'data-record-created-trigger',
    name: 'New CRM contact',
    config: { dataSource: { key: 'contacts' }, fieldMapping: { key: 'contact-to-person' } },
    links: [{ key: 'shape' }]
  },
  shape: {
    type: 'transform-data',
    name: 'Shape the ticket',
    config: {
      output: {
        subject: { $jsonata: '"Onboard " & input.trigger.fields.fullName' },
        requesterEmail: { $var: 'input.trigger.fields.email' },
        description: { $jsonata: '"New contact in the CRM for " & user.name & ". Reach out within one business day."' }
      }
    },
    links: [{ key: 'ticket' }]
  },
  ticket: {
    type: 'create-data-record',
    name: 'Open helpdesk ticket',
    config: {
      integrationKey: 'helpdesk',
      dataSource: { collectionKey: 'tickets' },
      fields: {
        subject: { $var: 'input.shape.subject' },
        requesterEmail: { $var: 'input.shape.requesterEmail' },
        description: { $var: 'input.shape.description' },
        priority: 'normal',
        tags: ['onboarding', 'from-crm']
      }
    }
  }
}

/** Initech's own flow: a seat-usage digest computed in JavaScript (fails without usage data). */
const USAGE_DIGEST = {
  trigger: { type: 'api-trigger', name: 'Digest requested', links: [{ key: 'summarize' }] },
  summarize: {
    type: 'run-javascript',
    name: 'Summarize usage',
    config: {
      code: [
        'export default function ({ input, user }) {',
        '  const days = input.trigger.activeSeatsByDay',
        "  if (!Array.isArray(days) || days.length === 0) throw new Error('No usage data: activeSeatsByDay must list the active seats per day')",
        '  const peak = Math.max(...days)',
        '  const average = Math.round(days.reduce((a, b) => a + b, 0) / days.length)',
        '  return { customer: user.name, peak, average, utilisation: Math.round((average / user.fields.seats) * 100) }',
        '}'
      ].join('\n')
    },
    links: [{ key: 'format' }]
  },
  format: {
    type: 'transform-data',
    name: 'Format the digest',
    config: {
      output: {
        title: { $jsonata: '"Weekly usage for " & input.summarize.customer' },
        peakSeats: { $var: 'input.summarize.peak' },
        averageSeats: { $var: 'input.summarize.average' },
        utilisationPercent: { $var: 'input.summarize.utilisation' }
      }
    }
  }
}

const CONTACTS = [
  { firstName: 'Ada', lastName: 'Lovelace', email: 'ada.lovelace@northwind.test', jobTitle: 'Head of Operations' },
  { firstName: 'Grace', lastName: 'Hopper', email: 'grace.hopper@northwind.test', jobTitle: 'IT Director' },
  { firstName: 'Alan', lastName: 'Turing', email: 'alan.turing@globex.test', jobTitle: 'Procurement Lead' }
]

/** The built-in demo: a believable SaaS workspace with connections, flows and a run history. */
/** Adds the demo scenario to the engine's built-in ones (`GET /scenarios`). */
export function registerDemoScenario(engine: Engine): Engine {
  engine.scenarios.registerBuiltin(DEMO_SCENARIO, demoScenario(engine))
  return engine
}

export function demoScenario(engine: Engine): BuiltinScenario {
  return {
    description:
      'Acme SaaS: six customers, CRM and helpdesk connections, a CRM → helpdesk flow, an ad-hoc flow, and a run history with one failure',
    build: () => buildDemo(engine)
  }
}

async function buildDemo(engine: Engine): Promise<void> {
  engine.snapshots.resetWorkspace()
  engine.integrations.seedSandboxIntegrations()
  engine.workspace.patch({ name: 'Acme SaaS (demo)', userFieldsSchema: FIELD_SCHEMA })
  engine.customers.updateTestCustomer(
    {
      internalId: 'demo-test-tenant',
      name: 'Demo Test Tenant',
      fields: { plan: 'growth', seats: 5, region: 'eu-west' }
    },
    'engine'
  )

  const actors = new Map<string, Actor>()
  for (const c of CUSTOMERS) {
    const customer = engine.customers.create({ name: c.name, internalId: c.internalId, fields: c.fields }, 'engine')
    const actor: Actor = { kind: 'customer', customer: { id: customer.id, internalId: customer.internalId } }
    actors.set(c.internalId, actor)
    if (c.helpdesk) {
      const { apiKey } = engine.sandbox.createApiKey('helpdesk', {
        accountName: c.helpdesk,
        name: `${c.name} integration`
      })
      await engine.connections.create(
        actor,
        { integrationKey: 'helpdesk', name: `${c.name} helpdesk`, input: { apiKey } },
        'engine'
      )
    }
    if (c.crm) await connectCrm(engine, c, c.crm)
  }

  engine.dataSources.create({ key: 'contacts', name: 'Contacts', udm: 'contacts' })
  await engine.fieldMappings.create({
    key: 'contact-to-person',
    name: 'Contact → person',
    dataSourceKey: 'contacts',
    direction: 'import',
    appSchema: PERSON_SCHEMA,
    defaultImportValue: {
      fullName: { $jsonata: 'firstName & " " & lastName' },
      email: { $var: '$.email' },
      stage: { $var: '$.lifecycleStage' }
    }
  })
  await engine.flows.create({
    key: 'new-contact-to-ticket',
    name: 'New CRM contact → onboarding ticket',
    integrationKey: 'crm',
    nodes: CONTACT_TO_TICKET
  })
  const deployed = []
  for (const c of CUSTOMERS.filter((x) => x.crm && x.helpdesk)) {
    deployed.push(
      await engine.flowInstances.get(actors.get(c.internalId)!, {
        flowKey: 'new-contact-to-ticket',
        integrationKey: 'crm',
        autoCreate: true
      })
    )
  }
  // Globex writes names surname first: its own mapping, so a presenter can show the difference (reset takes it back).
  await engine.fieldMappingInstances.patch(
    actors.get('globex')!,
    { fieldMappingKey: 'contact-to-person', integrationKey: 'crm', autoCreate: true },
    {
      importValue: {
        fullName: { $jsonata: 'lastName & ", " & firstName' },
        email: { $var: '$.email' },
        stage: { $var: '$.lifecycleStage' }
      }
    }
  )
  const contactsOf: Record<string, typeof CONTACTS> = { northwind: CONTACTS.slice(0, 2), globex: CONTACTS.slice(2) }
  for (const [internalId, contacts] of Object.entries(contactsOf)) {
    for (const contact of contacts)
      await engine.connectionData.create(actors.get(internalId)!, 'crm', 'contacts', contact)
  }

  const initech = actors.get('initech')!
  const digest = await engine.flowInstances.create(initech, { name: 'Weekly usage digest', nodes: USAGE_DIGEST })
  const runs = [
    { activeSeatsByDay: [31, 35, 38, 40, 36, 12, 9] },
    { activeSeatsByDay: [33, 37, 41, 42, 39, 15, 11] },
    { reportWeek: '2026-W47' }
  ]
  for (const input of runs) await engine.flowRuns.create(initech, { flowInstanceId: digest.id, input })

  await waitForRuns(engine, [
    ...deployed.map((instance, i) => ({
      actor: actors.get(i === 0 ? 'northwind' : 'globex')!,
      flowInstanceId: instance.id,
      count: i === 0 ? 2 : 1
    })),
    { actor: initech, flowInstanceId: digest.id, count: runs.length }
  ])
}

/** The CRM's OAuth consent, approved the way the consent page's Approve button does it. */
async function connectCrm(engine: Engine, customer: DemoCustomer, account: string): Promise<void> {
  const { token } = await engine.tokens.mint({ customerId: customer.internalId, ttl: 600 })
  const payload: ConnectPayload = {
    token,
    integrationKey: 'crm',
    requestId: `demo-${randomUUID()}`,
    name: `${customer.name} CRM`
  }
  const step = await engine.connect.start(payload, undefined)
  if (step.kind !== 'redirect')
    throw new EngineError({
      type: 'internal',
      message: `The demo could not start the CRM consent for ${customer.name} (${step.kind}).`
    })
  const consent = engine.sandbox.oauth.decide('crm', {
    ...Object.fromEntries(new URL(step.url).searchParams),
    decision: 'approve',
    account
  })
  if (!consent.ok || !('redirect' in consent)) {
    throw new EngineError({
      type: 'internal',
      message: `The sandbox CRM refused the demo consent: ${consent.ok ? 'no redirect' : consent.description}`
    })
  }
  const done = await engine.connect.callback(Object.fromEntries(new URL(consent.redirect).searchParams))
  if (done.kind !== 'done' || done.result.message.type !== 'newConnectionCreated') {
    throw new EngineError({
      type: 'internal',
      message: `The demo CRM connection for ${customer.name} failed: ${JSON.stringify(done)}`
    })
  }
}

/** Waits until each instance has `count` finished runs (webhook-triggered runs arrive on their own). */
async function waitForRuns(
  engine: Engine,
  expected: Array<{ actor: Actor; flowInstanceId: string; count: number }>
): Promise<void> {
  const deadline = Date.now() + 30_000
  for (;;) {
    const pending = expected.filter(({ actor, flowInstanceId, count }) => {
      const items = engine.flowRuns.list(actor, { flowInstanceId, limit: 100 }).items
      return items.length < count || items.some((r) => r.state === 'queued' || r.state === 'running')
    })
    if (!pending.length) return
    if (Date.now() > deadline)
      throw new EngineError({
        type: 'internal',
        message: `The demo's flow runs did not finish in 30 s (${pending.map((p) => p.flowInstanceId).join(', ')}).`
      })
    await new Promise((r) => setTimeout(r, 100))
  }
}
