// The minimal hand-written yardstick of bench/api.mjs and bench/flows.mjs: node:http + jose +
// better-sqlite3 doing the same persisted work as the engine, with the HMAC key imported once and
// cached prepared statements. No framework.
//   GET /self           verify the token, select the customer (insert it on first sight)
//   POST /customers     verify, insert
//   POST /flow-runs     verify, parse, trigger → transform → (optionally) create a ticket over
//                       HTTP with an API key → one transaction: run row + 3 node-run rows
//   POST /tickets       the "helpdesk": API key checked, ticket validated and inserted
import { Agent, createServer, request as httpRequest } from 'node:http'
import { randomBytes, randomUUID } from 'node:crypto'
import Database from 'better-sqlite3'
import { jwtVerify } from 'jose'

const [, , dbFile, secret, workspaceKey] = process.argv
const db = new Database(dbFile)
db.pragma('journal_mode = WAL')
db.pragma('synchronous = NORMAL')
db.exec(`CREATE TABLE IF NOT EXISTS customers (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT UNIQUE NOT NULL, internal_id TEXT UNIQUE NOT NULL,
  name TEXT NOT NULL, fields TEXT NOT NULL DEFAULT '{}', created_at TEXT NOT NULL, updated_at TEXT NOT NULL)`)
const byInternalId = db.prepare('SELECT * FROM customers WHERE internal_id = ?')
const insert = db.prepare(
  'INSERT INTO customers (id, internal_id, name, fields, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING *'
)
db.exec(`CREATE TABLE IF NOT EXISTS flow_runs (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT UNIQUE NOT NULL,
  customer_id TEXT NOT NULL, flow_instance_id TEXT NOT NULL, state TEXT NOT NULL, input TEXT, output TEXT, nodes TEXT,
  created_at TEXT NOT NULL, started_at TEXT, ended_at TEXT);
CREATE INDEX IF NOT EXISTS flow_runs_instance ON flow_runs (flow_instance_id, seq);
CREATE TABLE IF NOT EXISTS flow_node_runs (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT UNIQUE NOT NULL, run_id TEXT NOT NULL,
  idx INTEGER NOT NULL, node_key TEXT NOT NULL, status TEXT NOT NULL, input TEXT, outputs TEXT NOT NULL, started_at TEXT NOT NULL, duration_ms REAL NOT NULL);
CREATE INDEX IF NOT EXISTS flow_node_runs_run ON flow_node_runs (run_id, idx);
CREATE TABLE IF NOT EXISTS api_keys (key TEXT PRIMARY KEY, account TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS tickets (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT UNIQUE NOT NULL, account TEXT NOT NULL,
  subject TEXT NOT NULL, requester_email TEXT NOT NULL, created_at TEXT NOT NULL);
INSERT OR IGNORE INTO api_keys VALUES ('bench-desk-key', 'Bench Desk');`)
const insertRun = db.prepare(
  'INSERT INTO flow_runs (id, customer_id, flow_instance_id, state, input, output, nodes, created_at, started_at, ended_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)'
)
const insertNodeRun = db.prepare(
  'INSERT INTO flow_node_runs (id, run_id, idx, node_key, status, input, outputs, started_at, duration_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)'
)
const apiKey = db.prepare('SELECT account FROM api_keys WHERE key = ?')
const insertTicket = db.prepare(
  'INSERT INTO tickets (id, account, subject, requester_email, created_at) VALUES (?, ?, ?, ?, ?) RETURNING *'
)
const writeRun = db.transaction((run, nodes) => {
  insertRun.run(...run)
  for (const n of nodes) insertNodeRun.run(...n)
})
const agent = new Agent({ keepAlive: true, maxSockets: 64 })
let selfPort = 0

async function readJson(req) {
  let body = ''
  for await (const chunk of req) body += chunk
  return JSON.parse(body)
}

/** The ticket call a create-data-record node makes, over HTTP with the API key. */
function createTicket(fields) {
  const text = JSON.stringify(fields)
  return new Promise((resolveTicket, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port: selfPort,
        path: '/tickets',
        method: 'POST',
        agent,
        headers: {
          'x-api-key': 'bench-desk-key',
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(text)
        }
      },
      (res) => {
        let body = ''
        res.on('data', (d) => (body += d))
        res.on('end', () => (res.statusCode === 201 ? resolveTicket(JSON.parse(body)) : reject(new Error(body))))
      }
    )
    req.on('error', reject)
    req.end(text)
  })
}

async function flowRun(payload, input, withTicket) {
  const createdAt = new Date().toISOString()
  const runId = randomBytes(12).toString('hex')
  const t0 = performance.now()
  const trigger = input.input ?? {}
  const t1 = performance.now()
  const shape = {
    subject: `Order ${trigger.order} from ${trigger.email}`,
    requesterEmail: trigger.email
  }
  const t2 = performance.now()
  const last = withTicket ? await createTicket(shape) : { done: true, subject: shape.subject }
  const t3 = performance.now()
  const endedAt = new Date().toISOString()
  const nodes = [
    ['trigger', trigger, t1 - t0],
    ['shape', trigger, t2 - t1],
    [withTicket ? 'ticket' : 'finish', shape, t3 - t2]
  ]
  const outputs = [trigger, shape, last]
  writeRun(
    [
      runId,
      payload.id,
      String(input.flowInstanceId),
      'completed',
      JSON.stringify(trigger),
      JSON.stringify(last),
      JSON.stringify(nodes.map(([k]) => ({ key: k, status: 'completed' }))),
      createdAt,
      createdAt,
      endedAt
    ],
    nodes.map(([k, nodeInput, ms], i) => [
      randomBytes(12).toString('hex'),
      runId,
      i,
      k,
      'completed',
      JSON.stringify(nodeInput),
      JSON.stringify([outputs[i]]),
      createdAt,
      ms
    ])
  )
  return { id: runId, state: 'completed', createdAt, endedAt }
}

const key = await crypto.subtle.importKey(
  'raw',
  new TextEncoder().encode(secret),
  { name: 'HMAC', hash: 'SHA-256' },
  false,
  ['verify']
)

const send = (res, status, body) => {
  const text = JSON.stringify(body)
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) })
  res.end(text)
}
const toDto = (r) => ({
  id: r.id,
  internalId: r.internal_id,
  name: r.name,
  fields: JSON.parse(r.fields),
  createdAt: r.created_at,
  updatedAt: r.updated_at
})

createServer(async (req, res) => {
  try {
    if (req.url === '/health') return send(res, 200, { status: 'ok' })
    if (req.method === 'POST' && req.url === '/tickets') {
      const account = apiKey.get(String(req.headers['x-api-key']))
      if (!account) return send(res, 401, { message: 'bad api key' })
      const body = await readJson(req)
      if (typeof body.subject !== 'string' || typeof body.requesterEmail !== 'string')
        return send(res, 400, { message: 'subject and requesterEmail are required' })
      const ticket = insertTicket.get(
        randomBytes(12).toString('hex'),
        account.account,
        body.subject,
        body.requesterEmail,
        new Date().toISOString()
      )
      return send(res, 201, ticket)
    }
    const token = (req.headers.authorization ?? '').replace(/^Bearer /, '')
    const { payload } = await jwtVerify(token, key, { algorithms: ['HS256', 'HS512'], issuer: workspaceKey })
    if (req.method === 'GET' && req.url === '/self') {
      let row = byInternalId.get(payload.id)
      if (!row) {
        const now = new Date().toISOString()
        row = insert.get(randomBytes(12).toString('hex'), payload.id, payload.name ?? payload.id, '{}', now, now)
      }
      return send(res, 200, toDto(row))
    }
    if (req.method === 'POST' && req.url === '/customers') {
      let body = ''
      for await (const chunk of req) body += chunk
      const input = JSON.parse(body)
      const now = new Date().toISOString()
      const id = randomBytes(12).toString('hex')
      return send(
        res,
        201,
        toDto(
          insert.get(id, input.internalId ?? randomUUID(), input.name, JSON.stringify(input.fields ?? {}), now, now)
        )
      )
    }
    if (req.method === 'POST' && (req.url === '/flow-runs' || req.url === '/flow-runs?ticket=1')) {
      return send(res, 200, await flowRun(payload, await readJson(req), req.url.endsWith('ticket=1')))
    }
    send(res, 404, { type: 'bad_request', key: 'not_found', message: 'not found' })
  } catch (error) {
    send(res, 401, { type: 'bad_request', key: 'not_authenticated', message: String(error.message) })
  }
}).listen(0, '127.0.0.1', function () {
  selfPort = this.address().port
  console.log(`LISTENING ${this.address().port}`)
})
