import { SignJWT } from 'jose'
import { afterEach, describe, expect, it } from 'vitest'
import { removeTempDirs } from '../support/temp-dir'
import { createTestEngine } from '../support/test-engine'

afterEach(() => removeTempDirs())

describe('token verification without WebCrypto on the common path', () => {
  it('accepts well-signed tokens and refuses any change to header, payload or signature', async () => {
    const engine = await createTestEngine()
    try {
      const { key, secret } = engine.workspace.credentials()
      const exp = Math.floor(Date.now() / 1000) + 600
      const sign = (claims: Record<string, unknown>, header: Record<string, unknown> = { alg: 'HS256' }) =>
        new SignJWT(claims).setProtectedHeader(header as { alg: string }).sign(new TextEncoder().encode(secret))
      const good = await sign({ id: 'fast', iss: key, exp }, { alg: 'HS512', typ: 'JWT', kid: 'k1' })
      expect(await engine.auth.fromToken(good)).toMatchObject({ kind: 'customer', customer: { internalId: 'fast' } })

      const [h, p, s] = good.split('.')
      const flipped = s.slice(0, -2) + (s.at(-2) === 'A' ? 'B' : 'A') + s.at(-1)
      await expect(engine.auth.fromToken(`${h}.${p}.${flipped}`)).rejects.toThrow(/signature does not match/)
      const otherPayload = Buffer.from(JSON.stringify({ id: 'intruder', iss: key, exp })).toString('base64url')
      await expect(engine.auth.fromToken(`${h}.${otherPayload}.${s}`)).rejects.toThrow(/signature does not match/)
      const wrongSecret = await new SignJWT({ id: 'x', iss: key, exp })
        .setProtectedHeader({ alg: 'HS256' })
        .sign(new TextEncoder().encode('not-the-workspace-secret-0123456789'))
      await expect(engine.auth.fromToken(wrongSecret)).rejects.toThrow(/signature does not match/)

      // A header parameter the fast path does not understand goes through jose, which refuses crit.
      const critical = await sign({ id: 'crit', iss: key, exp }, { alg: 'HS256', crit: ['exp'] } as never).catch(
        () => undefined
      )
      if (critical) await expect(engine.auth.fromToken(critical)).rejects.toThrow(/access token/)
      // Not yet valid, and a non-numeric iat: jose explains.
      await expect(engine.auth.fromToken(await sign({ id: 'n', iss: key, exp, nbf: exp - 10 }))).rejects.toThrow(
        /not valid before/
      )
      await expect(engine.auth.fromToken(await sign({ id: 'i', iss: key, exp, iat: 'yesterday' }))).rejects.toThrow(
        /access token/
      )
    } finally {
      await engine.close()
    }
  })
})
