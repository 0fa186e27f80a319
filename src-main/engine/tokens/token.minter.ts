import type { MintedToken, TokenClaims } from '../../contract/tokens'
import { MintTokenRequest, TestCustomerTokenRequest, TOKEN_ALGORITHMS } from '../../contract/tokens'
import { parseDurationSeconds } from '../common/durations'
import { invalidData } from '../common/engine-error'
import { inputParser } from '../common/input-parser'
import type { ClockPort } from '../ports'
import type { SigningKeys } from './signing-keys'

/** A mint request checked against its schema (a 400 naming each bad field); REST parses its body with it. */
export const parseMintTokenRequest = inputParser(MintTokenRequest, '', 'token request')
/** The body of `POST /test-customer/token`. */
export const parseTestCustomerTokenRequest = inputParser(TestCustomerTokenRequest, '', 'test customer token request')

/** Signs access tokens with the workspace secret. */
export class TokenMinter {
  constructor(
    private readonly keys: SigningKeys,
    private readonly clock: ClockPort,
    private readonly workspace: { key(): string; get(): { defaultTokenTtlSeconds: number } },
    private readonly checkFields: (fields: Record<string, unknown>) => void
  ) {}

  /** A token for a customer (by internal id) or an admin; the lifetime defaults to the workspace's. */
  async mint(request: MintTokenRequest): Promise<MintedToken> {
    // typed already: REST and the console parse untrusted input with parseMintTokenRequest first
    const customerId = request.customerId?.trim()
    if (!customerId && !request.isAdmin) {
      throw invalidData('Say whom the token is for: a customer id, or isAdmin for an admin token.', [
        { path: 'customerId', message: 'customerId is required unless isAdmin is true' }
      ])
    }
    const ttl = parseDurationSeconds(request.ttl ?? this.workspace.get().defaultTokenTtlSeconds)
    if (ttl === undefined) {
      throw invalidData(
        `ttl "${String(request.ttl)}" is not a lifetime: use seconds or a duration such as 90s, 15m, 2h or 7d.`,
        [{ path: 'ttl', message: 'not a duration' }]
      )
    }
    const named = request.algorithm ?? 'HS256'
    const algorithm = TOKEN_ALGORITHMS.find((a) => a === named)
    if (!algorithm) {
      throw invalidData(`algorithm must be ${TOKEN_ALGORITHMS.join(' or ')}, got "${named}".`, [
        { path: 'algorithm', message: 'unsupported algorithm' }
      ])
    }
    if (request.fields !== undefined) this.checkFields(request.fields)
    const iat = Math.floor(this.clock.now() / 1000)
    const claims: TokenClaims = { ...(request.extraClaims ?? {}) }
    if (customerId) claims.id = customerId
    if (request.name) claims.name = request.name
    if (request.fields !== undefined) claims.fields = request.fields
    if (request.isAdmin) claims.isAdmin = true
    claims.iss = this.workspace.key()
    claims.iat = iat
    claims.exp = iat + ttl
    const token = this.keys.signJwt(algorithm, claims)
    return { token, expiresAt: new Date(claims.exp * 1000).toISOString(), claims }
  }
}
