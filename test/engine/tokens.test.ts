import { SignJWT, jwtVerify } from 'jose'
import { afterEach, describe, expect, it } from 'vitest'
import { createManualClock } from '../support/manual-clock'
import { removeTempDirs } from '../support/temp-dir'
import { createTestEngine } from '../support/test-engine'

afterEach(() => removeTempDirs())

describe('access tokens', () => {
  it('expire exactly at exp on the engine clock, also once cached', async () => {
    const clock = createManualClock('2026-03-01T12:00:00.000Z')
    const engine = await createTestEngine({ clock })
    const { token, expiresAt } = await engine.tokens.mint({ customerId: 'clocked', ttl: '10m' })
    expect(expiresAt).toBe('2026-03-01T12:10:00.000Z')
    expect((await engine.auth.fromToken(token)).kind).toBe('customer')
    clock.advance(9 * 60_000 + 59_000)
    expect((await engine.auth.fromToken(token)).kind).toBe('customer')
    clock.advance(1000)
    await expect(engine.auth.fromToken(token)).rejects.toThrow(
      'The access token expired at 2026-03-01T12:10:00.000Z (it is now 2026-03-01T12:10:00.000Z); mint a new one.'
    )
    await engine.close()
  })

  it('accepts HS256 and HS512, id or tenantKey, iss or workspaceKey', async () => {
    const engine = await createTestEngine()
    const { key, secret } = engine.workspace.credentials()
    const exp = Math.floor(Date.now() / 1000) + 60
    const sign = (claims: Record<string, unknown>, alg: string) =>
      new SignJWT(claims).setProtectedHeader({ alg }).sign(new TextEncoder().encode(secret))
    const a = await engine.auth.fromToken(await sign({ id: 'classic', iss: key, exp }, 'HS256'))
    const b = await engine.auth.fromToken(await sign({ tenantKey: 'membrane', workspaceKey: key, exp }, 'HS512'))
    expect(a).toMatchObject({ kind: 'customer', customer: { internalId: 'classic' } })
    expect(b).toMatchObject({ kind: 'customer', customer: { internalId: 'membrane' } })
    expect(await engine.auth.fromToken(await sign({ isAdmin: true, iss: key, exp }, 'HS512'))).toEqual({
      kind: 'admin'
    })
    await expect(engine.auth.fromToken(await sign({ id: 'x', iss: key, exp }, 'HS384'))).rejects.toThrow(
      /algorithm "HS384" is not allowed: this workspace accepts HS256 or HS512/
    )
    await engine.close()
  })

  it('mints what jose signs, byte for byte, for both algorithms', async () => {
    const engine = await createTestEngine()
    const { secret } = engine.workspace.credentials()
    const key = new TextEncoder().encode(secret)
    for (const algorithm of ['HS256', 'HS512'] as const) {
      const minted = await engine.tokens.mint({
        customerId: 'same-bytes',
        name: 'Zoë "quoted" 漢字',
        fields: { plan: 'pro' },
        extraClaims: { scope: ['a', 'b'] },
        algorithm
      })
      const joseToken = await new SignJWT(minted.claims).setProtectedHeader({ alg: algorithm, typ: 'JWT' }).sign(key)
      expect(minted.token).toBe(joseToken)
      const { payload, protectedHeader } = await jwtVerify(minted.token, key)
      expect(protectedHeader).toEqual({ alg: algorithm, typ: 'JWT' })
      expect(payload).toMatchObject({ id: 'same-bytes', name: 'Zoë "quoted" 漢字', fields: { plan: 'pro' } })
    }
    await engine.close()
  })

  it('says the secret was rotated when a token predates the rotation', async () => {
    const clock = createManualClock('2026-03-01T12:00:00.000Z')
    const engine = await createTestEngine({ clock })
    const { token } = await engine.tokens.mint({ customerId: 'old' })
    clock.advance(60_000)
    engine.workspace.rotateSecret()
    await expect(engine.auth.fromToken(token)).rejects.toThrow(
      /secret was rotated at 2026-03-01T12:01:00.000Z, after this token was issued at 2026-03-01T12:00:00.000Z/
    )
    await engine.close()
  })

  it('refuses minting tokens whose fields break the schema, naming the field', async () => {
    const engine = await createTestEngine()
    engine.workspace.patch({ userFieldsSchema: { type: 'object', properties: { seats: { type: 'integer' } } } })
    await expect(engine.tokens.mint({ customerId: 'x', fields: { seats: 'many' } })).rejects.toThrow(
      /fields.seats must be integer/
    )
    await engine.close()
  })

  it('updates lastActiveAt at most once a minute on the token path', async () => {
    const clock = createManualClock('2026-03-01T12:00:00.000Z')
    const engine = await createTestEngine({ clock })
    const { token } = await engine.tokens.mint({ customerId: 'active', ttl: '2h' })
    await engine.auth.fromToken(token)
    expect(engine.customers.get('active').lastActiveAt).toBe('2026-03-01T12:00:00.000Z')
    clock.advance(30_000)
    await engine.auth.fromToken(token)
    expect(engine.customers.get('active').lastActiveAt).toBe('2026-03-01T12:00:00.000Z')
    clock.advance(31_000)
    await engine.auth.fromToken(token)
    expect(engine.customers.get('active').lastActiveAt).toBe('2026-03-01T12:01:01.000Z')
    expect(engine.customers.list({ isActive: true }).items.map((c) => c.internalId)).toEqual(['active'])
    clock.advance(31 * 24 * 3600_000)
    expect(engine.customers.list({ isActive: true }).items).toEqual([])
    await engine.close()
  })

  it('inspect decodes any token and explains the verdict', async () => {
    const engine = await createTestEngine()
    const good = await engine.tokens.inspect((await engine.tokens.mint({ customerId: 'insp-ok' })).token)
    expect(good).toMatchObject({
      valid: true,
      subject: { kind: 'customer', internalId: 'insp-ok' },
      header: { alg: 'HS256' }
    })
    const garbage = await engine.tokens.inspect('hello')
    expect(garbage).toMatchObject({ valid: false })
    expect(garbage.reason).toMatch(/not a JWT/)
    await engine.close()
  })
})
