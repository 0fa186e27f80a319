import { compactVerify, jwtVerify, errors as joseErrors } from 'jose'
import { TOKEN_ALGORITHMS, type TokenAlgorithm, type TokenClaims } from '../../contract/tokens'
import { notAuthenticated } from '../common/engine-error'
import type { ClockPort } from '../ports'
import type { SigningKeys } from './signing-keys'

/** A token this workspace accepts, reduced to what the engine acts on. */
export interface VerifiedToken {
  claims: TokenClaims
  isAdmin: boolean
  /** The customer's internal id (`id` or `tenantKey`), when the token names one. */
  internalId?: string
  /** Expiry in seconds since the epoch. */
  exp: number
  nbf?: number
}

/**
 * Tokens remembered per generation. Two generations: a token used again moves to the newer one,
 * so a client's token stays remembered while a stream of never-repeated tokens (one per request)
 * passes through in ~2,000 requests and dies young instead of filling the old heap (10,000 kept
 * at once were ~3 MB that every full collection walked).
 */
const GENERATION_SIZE = 1000
/** Header parameters the synchronous check understands; any other (crit, b64, jwk...) goes through jose. */
const PLAIN_HEADER = new Set(['alg', 'typ', 'kid'])

const BASE64URL = /^[\w-]*$/

/**
 * One part of a compact JWT as the JSON object it encodes, or undefined, read once per token
 * (jose's decodeProtectedHeader and decodeJwt decoded the token twice more, per request).
 * Strict like jose: only the base64url alphabet, no padding, no impossible length.
 */
function decodePart(part: string): Record<string, unknown> | undefined {
  if (!part || part.length % 4 === 1 || !BASE64URL.test(part)) return undefined
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'))
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined
  } catch {
    return undefined
  }
}

/** Decoded headers by their text: a client signs all its tokens with one header, decoded once. */
const HEADERS = new Map<string, Readonly<Record<string, unknown>>>()
const HEADERS_LIMIT = 64

function decodeHeader(part: string): Readonly<Record<string, unknown>> | undefined {
  let header = HEADERS.get(part)
  if (header) return header
  const decoded = decodePart(part)
  if (!decoded) return undefined
  if (HEADERS.size >= HEADERS_LIMIT) HEADERS.clear()
  header = Object.freeze(decoded)
  HEADERS.set(part, header)
  return header
}

function iso(seconds: number): string {
  return new Date(seconds * 1000).toISOString()
}

/**
 * Verifies access tokens with explicit algorithms (HS256, HS512) and issuer (the workspace key),
 * and says exactly why a token is rejected. Accepted tokens are remembered until they expire,
 * so a busy client pays for one HMAC, not one per request; rotation forgets them all.
 */
export class TokenVerifier {
  private recent = new Map<string, VerifiedToken>()
  private older = new Map<string, VerifiedToken>()

  constructor(
    private readonly keys: SigningKeys,
    private readonly clock: ClockPort,
    private readonly workspace: {
      key(): string
      get(): { secretRotatedAt: string }
      previousSecrets(): ReadonlyArray<{ secret: string; replacedAt: string }>
    }
  ) {}

  /** Forgets every accepted token (after a secret or key change). */
  forgetAll(): void {
    this.recent.clear()
    this.older.clear()
  }

  /** The verified token, or a 401 `not_authenticated` error whose message says why not. */
  async verify(token: string): Promise<VerifiedToken> {
    const nowSec = this.clock.now() / 1000
    let known = this.recent.get(token)
    if (!known) {
      known = this.older.get(token)
      if (known) this.remember(token, known)
    }
    if (known) {
      this.checkTime(known, nowSec)
      return known
    }
    const verified = await this.verifyUncached(token, nowSec)
    this.remember(token, verified)
    return verified
  }

  private remember(token: string, verified: VerifiedToken): void {
    if (this.recent.size >= GENERATION_SIZE) {
      this.older = this.recent
      this.recent = new Map()
    }
    this.recent.set(token, verified)
  }

  private checkTime(v: VerifiedToken, nowSec: number): void {
    if (nowSec >= v.exp) {
      throw notAuthenticated(
        `The access token expired at ${iso(v.exp)} (it is now ${iso(Math.floor(nowSec))}); mint a new one.`
      )
    }
    if (v.nbf !== undefined && nowSec < v.nbf) {
      throw notAuthenticated(
        `The access token is not valid before ${iso(v.nbf)} (its nbf claim); it is now ${iso(Math.floor(nowSec))}.`
      )
    }
  }

  private async verifyUncached(token: string, nowSec: number): Promise<VerifiedToken> {
    if (typeof token !== 'string' || !token.trim()) throw notAuthenticated('The access token is empty.')
    const parts = token.split('.')
    if (parts.length !== 3) {
      throw notAuthenticated(
        `The access token is not a JWT: a JWT has three base64url parts separated by dots, this has ${parts.length}.`
      )
    }
    const header = decodeHeader(parts[0])
    if (!header) throw notAuthenticated('The access token is not a JWT: its header is not base64url-encoded JSON.')
    const claims = decodePart(parts[1]) as TokenClaims | undefined
    if (!claims)
      throw notAuthenticated('The access token is not a JWT: its payload is not a base64url-encoded JSON object.')
    const alg = String(header.alg)
    if (!(TOKEN_ALGORITHMS as readonly string[]).includes(alg)) {
      throw notAuthenticated(
        `The access token's algorithm "${alg}" is not allowed: this workspace accepts ${TOKEN_ALGORITHMS.join(' or ')} tokens signed with its secret.`
      )
    }
    const workspaceKey = this.workspace.key()
    const issuer = claims.iss ?? claims.workspaceKey
    if (issuer === undefined) {
      throw notAuthenticated(
        `The access token names no workspace: add the claim "iss" (or "workspaceKey") set to this workspace's key "${workspaceKey}".`
      )
    }
    if (issuer !== workspaceKey) {
      const claim = claims.iss !== undefined ? 'iss' : 'workspaceKey'
      throw notAuthenticated(
        `The access token's issuer "${String(issuer)}" (claim ${claim}) is not this workspace: expected the workspace key "${workspaceKey}".`
      )
    }
    // The common case (a plain header, a good signature, valid times) is checked synchronously;
    // anything else goes through jose, which also explains the failure.
    if (!this.plainlyValid(alg as TokenAlgorithm, header, claims, parts, nowSec)) {
      try {
        await jwtVerify(token, await this.keys.get(alg as TokenAlgorithm), {
          algorithms: [alg],
          currentDate: new Date(nowSec * 1000)
        })
      } catch (error) {
        throw await this.explain(error, token, alg as TokenAlgorithm, claims, nowSec)
      }
    }
    if (typeof claims.exp !== 'number') {
      throw notAuthenticated(
        'The access token has no "exp" claim: tokens must expire (for example exp = now + 7200 seconds).'
      )
    }
    const rawAdmin: unknown = claims.isAdmin
    const isAdmin = rawAdmin === true || rawAdmin === 'true' || rawAdmin === 1
    const rawId = claims.id ?? claims.tenantKey
    let internalId: string | undefined
    if (rawId !== undefined && rawId !== null && rawId !== '') {
      if (typeof rawId !== 'string' && typeof rawId !== 'number') {
        throw notAuthenticated(
          `The access token's claim "${claims.id !== undefined ? 'id' : 'tenantKey'}" must be a string (your customer's id).`
        )
      }
      internalId = String(rawId)
    }
    if (!isAdmin && internalId === undefined) {
      throw notAuthenticated(
        'The access token names no customer: add the claim "id" (or "tenantKey") with your customer\'s id, or "isAdmin": true for an admin token.'
      )
    }
    if (
      claims.fields !== undefined &&
      (claims.fields === null || typeof claims.fields !== 'object' || Array.isArray(claims.fields))
    ) {
      throw notAuthenticated('The access token\'s claim "fields" must be an object of customer field values.')
    }
    if (claims.name !== undefined && typeof claims.name !== 'string') {
      throw notAuthenticated('The access token\'s claim "name" must be a string.')
    }
    const verified: VerifiedToken = { claims, isAdmin, internalId, exp: claims.exp }
    if (typeof claims.nbf === 'number') verified.nbf = claims.nbf
    return verified
  }

  /** True when the token needs nothing jose checks beyond what is checked here: header, signature, exp, nbf, iat. */
  private plainlyValid(
    alg: TokenAlgorithm,
    header: Readonly<Record<string, unknown>>,
    claims: TokenClaims,
    parts: string[],
    nowSec: number
  ): boolean {
    for (const name in header) if (!PLAIN_HEADER.has(name)) return false
    const now = Math.floor(nowSec)
    const { exp, nbf, iat } = claims as { exp?: unknown; nbf?: unknown; iat?: unknown }
    if (typeof exp !== 'number' || exp <= now) return false
    if (nbf !== undefined && (typeof nbf !== 'number' || nbf > now)) return false
    if (iat !== undefined && typeof iat !== 'number') return false
    return this.keys.signatureMatches(alg, `${parts[0]}.${parts[1]}`, parts[2])
  }

  /** When the token was signed with a secret this workspace has replaced: that secret's replacement time. */
  private async replacedSecretOf(token: string, alg: TokenAlgorithm): Promise<string | undefined> {
    for (const previous of this.workspace.previousSecrets()) {
      const key = await crypto.subtle.importKey(
        'raw',
        new TextEncoder().encode(previous.secret),
        { name: 'HMAC', hash: alg === 'HS512' ? 'SHA-512' : 'SHA-256' },
        false,
        ['verify']
      )
      try {
        await compactVerify(token, key, { algorithms: [alg] })
        return previous.replacedAt
      } catch {
        // not this one
      }
    }
    return undefined
  }

  private async explain(
    error: unknown,
    token: string,
    alg: TokenAlgorithm,
    claims: TokenClaims,
    nowSec: number
  ): Promise<Error> {
    if (error instanceof joseErrors.JWTExpired) {
      return notAuthenticated(
        `The access token expired at ${iso(Number(claims.exp))} (it is now ${iso(Math.floor(nowSec))}); mint a new one.`
      )
    }
    if (error instanceof joseErrors.JWSSignatureVerificationFailed) {
      const replacedAt = await this.replacedSecretOf(token, alg)
      if (replacedAt) {
        return notAuthenticated(
          `The access token's signature does not match this workspace's secret: it is signed with a previous secret of this workspace (the secret was rotated at ${replacedAt}${
            typeof claims.iat === 'number' ? `, after this token was issued at ${iso(claims.iat)}` : ''
          }). Mint a new token with the current workspace secret (shown in Settings).`
        )
      }
      const rotatedAt = this.workspace.get().secretRotatedAt
      const issuedBefore = typeof claims.iat === 'number' && claims.iat * 1000 < Date.parse(rotatedAt)
      return notAuthenticated(
        "The access token's signature does not match this workspace's secret" +
          (issuedBefore
            ? ` (the secret was rotated at ${rotatedAt}, after this token was issued at ${iso(claims.iat!)}).`
            : '; sign it with the workspace secret shown in Settings.')
      )
    }
    if (error instanceof joseErrors.JWTClaimValidationFailed) {
      if (error.claim === 'nbf')
        return notAuthenticated(`The access token is not valid before ${iso(Number(claims.nbf))} (its nbf claim).`)
      return notAuthenticated(`The access token's claim "${error.claim}" is invalid: ${error.message}.`)
    }
    if (error instanceof joseErrors.JWTInvalid || error instanceof joseErrors.JWSInvalid) {
      return notAuthenticated(`The access token is malformed: ${error.message}.`)
    }
    return notAuthenticated(`The access token was rejected: ${(error as Error).message}.`)
  }
}
