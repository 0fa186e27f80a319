// The minimal baseline of bench/api.mjs: node:http + jose + better-sqlite3 doing the same work as
// the engine's GET /self (verify the token, select the customer) and POST /customers (verify,
// insert), with the HMAC key imported once and cached prepared statements. No framework.
import { createServer } from 'node:http'
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
    send(res, 404, { type: 'bad_request', key: 'not_found', message: 'not found' })
  } catch (error) {
    send(res, 401, { type: 'bad_request', key: 'not_authenticated', message: String(error.message) })
  }
}).listen(0, '127.0.0.1', function () {
  console.log(`LISTENING ${this.address().port}`)
})
