import { decodeJwt, decodeProtectedHeader } from 'jose'
import type { MintedToken, MintTokenRequest, TokenClaims, TokenInspection } from '../../contract/tokens'
import { EngineError } from '../common/engine-error'
import type { TokenMinter } from './token.minter'
import type { TokenVerifier, VerifiedToken } from './token.verifier'

/** Minting, verifying and explaining access tokens. */
export class TokenService {
  constructor(
    private readonly verifier: TokenVerifier,
    private readonly minter: TokenMinter
  ) {}

  /** Signs a token for a customer or an admin. */
  mint(request: MintTokenRequest): Promise<MintedToken> {
    return this.minter.mint(request)
  }

  /** Verifies a token or throws a 401 saying why. Does not touch customers. */
  verify(token: string): Promise<VerifiedToken> {
    return this.verifier.verify(token)
  }

  /** Decodes any token and says in plain words whether this workspace accepts it, and why not. */
  async inspect(token: string): Promise<TokenInspection> {
    const trimmed = token.trim().replace(/^Bearer\s+/i, '')
    const inspection: TokenInspection = { valid: false }
    try {
      inspection.header = decodeProtectedHeader(trimmed) as Record<string, unknown>
    } catch {
      // reported by verify below
    }
    try {
      const claims = decodeJwt(trimmed) as TokenClaims
      inspection.claims = claims
      if (typeof claims.exp === 'number') inspection.expiresAt = new Date(claims.exp * 1000).toISOString()
      if (typeof claims.iat === 'number') inspection.issuedAt = new Date(claims.iat * 1000).toISOString()
    } catch {
      // reported by verify below
    }
    try {
      const verified = await this.verifier.verify(trimmed)
      inspection.valid = true
      inspection.subject = verified.internalId
        ? { kind: 'customer', internalId: verified.internalId, isAdmin: verified.isAdmin }
        : { kind: 'admin' }
    } catch (error) {
      inspection.reason = error instanceof EngineError ? error.message : String(error)
    }
    return inspection
  }
}
