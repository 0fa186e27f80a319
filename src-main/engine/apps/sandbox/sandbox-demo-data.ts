import type { SandboxAppKey } from '../../../contract/sandbox'

/** A record to seed: its collection, a local handle for references, and its fields. */
export interface DemoRecord {
  collection: string
  handle: string
  fields: Record<string, unknown>
  /** Fields holding handles of other demo records, resolved to ids when inserted. */
  refs?: Record<string, string>
}

const FIRST = [
  'Ada',
  'Grace',
  'Alan',
  'Linus',
  'Margaret',
  'Ken',
  'Barbara',
  'Dennis',
  'Radia',
  'Tim',
  'Frances',
  'Edsger',
  'Hedy',
  'John',
  'Katherine',
  'Donald'
]
const LAST = [
  'Lovelace',
  'Hopper',
  'Turing',
  'Torvalds',
  'Hamilton',
  'Thompson',
  'Liskov',
  'Ritchie',
  'Perlman',
  'Berners-Lee',
  'Allen',
  'Dijkstra',
  'Lamarr',
  'McCarthy',
  'Johnson',
  'Knuth'
]
const COMPANIES: Array<[string, string, string, number, string]> = [
  ['Northwind Traders', 'northwind.example', 'Wholesale', 240, 'US'],
  ['Contoso Ltd', 'contoso.example', 'Software', 1200, 'GB'],
  ['Fabrikam Inc', 'fabrikam.example', 'Manufacturing', 5400, 'DE'],
  ['Tailspin Toys', 'tailspin.example', 'Retail', 85, 'FR'],
  ['Wingtip Travel', 'wingtip.example', 'Travel', 410, 'ES']
]
const STAGES = ['subscriber', 'lead', 'opportunity', 'customer']
const DEAL_STAGES = ['qualification', 'proposal', 'negotiation', 'won', 'lost']
const SUBJECTS = [
  'Cannot log in after password reset',
  'Invoice shows the wrong VAT number',
  'Export to CSV times out',
  'Feature request: dark mode',
  'Webhook deliveries are delayed',
  'Two-factor codes not arriving',
  'Billing address cannot be changed',
  'API returns 500 on large payloads',
  'Mobile app crashes on start',
  'How do I invite a teammate?',
  'Data import skipped some rows',
  'Need a copy of our contract'
]
const TICKET_STATUS = ['open', 'pending', 'solved', 'open']
const PRIORITY = ['normal', 'high', 'low', 'urgent']

/** The same demo records for every new account (names vary with the account, so accounts differ visibly). */
export function demoRecords(app: SandboxAppKey, accountName: string): DemoRecord[] {
  const shift = [...accountName].reduce((n, c) => (n * 31 + c.charCodeAt(0)) >>> 0, 7) % FIRST.length
  const out: DemoRecord[] = []
  if (app === 'crm') {
    COMPANIES.forEach(([name, domain, industry, employees, country], i) => {
      out.push({ collection: 'companies', handle: `co${i}`, fields: { name, domain, industry, employees, country } })
    })
    for (let i = 0; i < 24; i++) {
      const first = FIRST[(i + shift) % FIRST.length]
      const last = LAST[(i * 5 + shift) % LAST.length]
      const company = COMPANIES[i % COMPANIES.length]
      out.push({
        collection: 'contacts',
        handle: `ct${i}`,
        fields: {
          firstName: first,
          lastName: last,
          email: `${first}.${last}`.toLowerCase().replace(/[^a-z.]/g, '') + `${i}@${company[1]}`,
          phone: `+1 555 01${String(i).padStart(2, '0')}`,
          jobTitle: ['Engineer', 'CTO', 'Buyer', 'Account Manager', 'Founder'][i % 5],
          lifecycleStage: STAGES[i % STAGES.length],
          tags: i % 3 === 0 ? ['vip'] : []
        },
        refs: { companyId: `co${i % COMPANIES.length}` }
      })
    }
    for (let i = 0; i < 8; i++) {
      out.push({
        collection: 'deals',
        handle: `dl${i}`,
        fields: {
          name: `${COMPANIES[i % COMPANIES.length][0]} — ${['Pilot', 'Renewal', 'Expansion', 'Enterprise plan'][i % 4]}`,
          amount: 5000 + i * 2500,
          currency: ['USD', 'EUR', 'GBP'][i % 3],
          stage: DEAL_STAGES[i % DEAL_STAGES.length],
          closeDate: `2026-0${(i % 9) + 1}-15`
        },
        refs: { companyId: `co${i % COMPANIES.length}`, contactId: `ct${i}` }
      })
    }
  } else {
    SUBJECTS.forEach((subject, i) => {
      const first = FIRST[(i + shift) % FIRST.length]
      out.push({
        collection: 'tickets',
        handle: `tk${i}`,
        fields: {
          subject,
          description: `${subject}. Reported by ${first}; steps to reproduce are in the first comment.`,
          status: TICKET_STATUS[i % TICKET_STATUS.length],
          priority: PRIORITY[i % PRIORITY.length],
          requesterEmail: `${first.toLowerCase()}@customer.example`,
          assignee: i % 2 ? 'support-team' : 'tier-2',
          tags: i % 4 === 0 ? ['billing'] : []
        }
      })
      for (let j = 0; j < 1 + (i % 3); j++) {
        out.push({
          collection: 'comments',
          handle: `cm${i}-${j}`,
          fields: {
            body: j === 0 ? 'Thanks for reaching out, we are looking into it.' : 'Any update on this?',
            author: j === 0 ? 'agent' : first,
            public: true
          },
          refs: { ticketId: `tk${i}` }
        })
      }
    })
  }
  return out
}
