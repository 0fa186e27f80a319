import type { JsonSchema } from '../../../contract/apps'
import type { SandboxAppKey, SandboxSettings } from '../../../contract/sandbox'

/** One collection a sandbox app keeps. */
export interface SandboxCollection {
  key: string
  name: string
  /** Prefix of record ids (`ct_…`), as real APIs do. */
  idPrefix: string
  /** Writable standard fields; `id`, `createdAt`, `updatedAt` are added by the app. */
  fields: Record<string, JsonSchema>
  /** Fields a create must carry. */
  required: string[]
  /** The record's display name. */
  nameOf(record: Record<string, unknown>): string | undefined
}

/** A sandbox app: its collections, how it authenticates, its defaults. */
export interface SandboxAppDefinition {
  key: SandboxAppKey
  name: string
  auth: 'oauth2' | 'api-key'
  /** OAuth scopes the app knows (CRM). */
  scopes: string[]
  collections: SandboxCollection[]
  defaults: SandboxSettings
}

const text = (title: string, extra: JsonSchema = {}): JsonSchema => ({
  type: 'string',
  title,
  maxLength: 1000,
  ...extra
})
const ref = (title: string, collection: string): JsonSchema => ({
  type: ['string', 'null'],
  title,
  'x-reference-collection': collection
})

/** Sandbox CRM: contacts, companies, deals; OAuth 2.0 authorization code with rotating refresh tokens. */
export const SANDBOX_CRM: SandboxAppDefinition = {
  key: 'crm',
  name: 'Sandbox CRM',
  auth: 'oauth2',
  scopes: ['crm.read', 'crm.write'],
  defaults: {
    accessTokenTtlSeconds: 15 * 60,
    refreshTokenTtlSeconds: 30 * 24 * 3600,
    rateLimit: { requests: 600, windowSeconds: 60 }
  },
  collections: [
    {
      key: 'contacts',
      name: 'Contacts',
      idPrefix: 'ct',
      required: ['email'],
      nameOf: (r) => [r.firstName, r.lastName].filter(Boolean).join(' ') || (r.email as string | undefined),
      fields: {
        firstName: text('First name'),
        lastName: text('Last name'),
        email: text('Email', { format: 'email' }),
        phone: text('Phone'),
        jobTitle: text('Job title'),
        companyId: ref('Company', 'companies'),
        lifecycleStage: {
          type: 'string',
          title: 'Lifecycle stage',
          enum: ['subscriber', 'lead', 'opportunity', 'customer', 'churned']
        },
        tags: { type: 'array', title: 'Tags', items: { type: 'string' } }
      }
    },
    {
      key: 'companies',
      name: 'Companies',
      idPrefix: 'co',
      required: ['name'],
      nameOf: (r) => r.name as string | undefined,
      fields: {
        name: text('Name'),
        domain: text('Domain'),
        industry: text('Industry'),
        employees: { type: 'integer', title: 'Employees', minimum: 0 },
        country: text('Country')
      }
    },
    {
      key: 'deals',
      name: 'Deals',
      idPrefix: 'dl',
      required: ['name', 'amount'],
      nameOf: (r) => r.name as string | undefined,
      fields: {
        name: text('Name'),
        amount: { type: 'number', title: 'Amount', minimum: 0 },
        currency: { type: 'string', title: 'Currency', enum: ['USD', 'EUR', 'GBP'] },
        stage: { type: 'string', title: 'Stage', enum: ['qualification', 'proposal', 'negotiation', 'won', 'lost'] },
        companyId: ref('Company', 'companies'),
        contactId: ref('Contact', 'contacts'),
        closeDate: { type: ['string', 'null'], title: 'Close date', format: 'date' }
      }
    }
  ]
}

/** Sandbox Helpdesk: tickets and comments; API-key auth. */
export const SANDBOX_HELPDESK: SandboxAppDefinition = {
  key: 'helpdesk',
  name: 'Sandbox Helpdesk',
  auth: 'api-key',
  scopes: [],
  defaults: {
    accessTokenTtlSeconds: 15 * 60,
    refreshTokenTtlSeconds: 30 * 24 * 3600,
    rateLimit: { requests: 600, windowSeconds: 60 }
  },
  collections: [
    {
      key: 'tickets',
      name: 'Tickets',
      idPrefix: 'tk',
      required: ['subject'],
      nameOf: (r) => r.subject as string | undefined,
      fields: {
        subject: text('Subject'),
        description: text('Description', { maxLength: 20_000 }),
        status: { type: 'string', title: 'Status', enum: ['open', 'pending', 'solved', 'closed'] },
        priority: { type: 'string', title: 'Priority', enum: ['low', 'normal', 'high', 'urgent'] },
        requesterEmail: text('Requester email', { format: 'email' }),
        assignee: text('Assignee'),
        tags: { type: 'array', title: 'Tags', items: { type: 'string' } }
      }
    },
    {
      key: 'comments',
      name: 'Comments',
      idPrefix: 'cm',
      required: ['ticketId', 'body'],
      nameOf: (r) => (typeof r.body === 'string' ? r.body.slice(0, 60) : undefined),
      fields: {
        ticketId: { type: 'string', title: 'Ticket', 'x-reference-collection': 'tickets' },
        body: text('Body', { maxLength: 20_000 }),
        author: text('Author'),
        public: { type: 'boolean', title: 'Public' }
      }
    }
  ]
}

/** Every sandbox app, by key. */
export const SANDBOX_APPS: Record<SandboxAppKey, SandboxAppDefinition> = {
  crm: SANDBOX_CRM,
  helpdesk: SANDBOX_HELPDESK
}

/** The collection's JSON Schema: standard fields, the account's custom fields, and the app-set ones. */
export function collectionSchema(
  collection: SandboxCollection,
  customFields: Record<string, JsonSchema> = {}
): JsonSchema {
  return {
    type: 'object',
    title: collection.name,
    properties: {
      id: { type: 'string', title: 'ID', readOnly: true },
      ...collection.fields,
      ...Object.fromEntries(Object.entries(customFields).map(([k, s]) => [k, { ...s, 'x-custom': true }])),
      createdAt: { type: 'string', title: 'Created at', format: 'date-time', readOnly: true },
      updatedAt: { type: 'string', title: 'Updated at', format: 'date-time', readOnly: true }
    },
    required: collection.required
  }
}
