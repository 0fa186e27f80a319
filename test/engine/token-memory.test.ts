import { createHmac } from 'node:crypto'
import { afterEach, describe, expect, it } from 'vitest'
import { createManualClock } from '../support/manual-clock'
import { removeTempDirs } from '../support/temp-dir'
import { createTestEngine } from '../support/test-engine'

afterEach(() => removeTempDirs())

/** An HS256 token signed here (node:crypto), as a client's SDK signs it. */
function sign(secret: string, claims: Record<string, unknown>): string {
  const header = Buffer.from('{"alg":"HS256","typ":"JWT"}').toString('base64url')
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url')
  const signature = createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url')
  return `${header}.${payload}.${signature}`
}

describe('remembered tokens', () => {
  it('a token used among thousands of never-repeated ones stays accepted, and still expires on time', async () => {
    const clock = createManualClock('2026-06-01T00:00:00.000Z')
    const engine = await createTestEngine({ clock })
    try {
      const { key, secret } = engine.workspace.credentials()
      const nowSec = clock.now() / 1000
      const client = sign(secret, { id: 'steady', iss: key, exp: nowSec + 60 })
      expect(await engine.auth.fromToken(client)).toMatchObject({ customer: { internalId: 'steady' } })
      for (let i = 0; i < 3500; i++) {
        await engine.auth.fromToken(sign(secret, { id: 'steady', iss: key, exp: nowSec + 3600, jti: String(i) }))
        if (i % 500 === 0)
          expect(await engine.auth.fromToken(client)).toMatchObject({ customer: { internalId: 'steady' } })
      }
      clock.advance(61_000)
      await expect(engine.auth.fromToken(client)).rejects.toThrow(/expired/)
    } finally {
      await engine.close()
    }
  })

  it('forgets every remembered token when the secret is rotated', async () => {
    const engine = await createTestEngine()
    try {
      const { key, secret } = engine.workspace.credentials()
      const token = sign(secret, { id: 'old-secret', iss: key, exp: Math.floor(Date.now() / 1000) + 600 })
      expect(await engine.auth.fromToken(token)).toMatchObject({ customer: { internalId: 'old-secret' } })
      engine.workspace.rotateSecret()
      await expect(engine.auth.fromToken(token)).rejects.toThrow(/secret/)
    } finally {
      await engine.close()
    }
  })
})
