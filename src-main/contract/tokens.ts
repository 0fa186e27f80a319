import { Type, type Static } from '@sinclair/typebox'

/** Signing algorithms accepted for workspace-secret tokens. */
export const TOKEN_ALGORITHMS = ['HS256', 'HS512'] as const
/** One of {@link TOKEN_ALGORITHMS}. */
export type TokenAlgorithm = (typeof TOKEN_ALGORITHMS)[number]

/** Claims an access token may carry (classic and Membrane names). */
export interface TokenClaims {
  id?: string
  tenantKey?: string
  name?: string
  fields?: Record<string, unknown>
  iss?: string
  workspaceKey?: string
  isAdmin?: boolean
  exp?: number
  iat?: number
  nbf?: number
  [claim: string]: unknown
}

/**
 * What to mint: a customer token (by internal id) or an admin token, with a lifetime. `POST
 * /tokens` and the console's `tokens.mint` share it; the minter checks the algorithm's name.
 */
export const MintTokenRequest = Type.Object({
  /** The customer's internal id (the `id` claim); omit for a pure admin token. */
  customerId: Type.Optional(Type.String({ maxLength: 256 })),
  isAdmin: Type.Optional(Type.Boolean()),
  name: Type.Optional(Type.String({ maxLength: 500 })),
  fields: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  /** Lifetime: seconds, or a duration such as `90s`, `15m`, `2h`, `7d`. */
  ttl: Type.Optional(Type.Unsafe<number | string>({ type: ['string', 'number'] })),
  /** One of {@link TOKEN_ALGORITHMS} (HS256 when absent). */
  algorithm: Type.Optional(Type.String()),
  /** Extra claims copied into the token as they are. */
  extraClaims: Type.Optional(Type.Record(Type.String(), Type.Unknown()))
})
/** A mint request as parsed. */
export type MintTokenRequest = Static<typeof MintTokenRequest>

/** `POST /test-customer/token`: the test customer's token, with an optional lifetime. */
export const TestCustomerTokenRequest = Type.Pick(MintTokenRequest, ['ttl'])

/** A minted token and when it expires. */
export interface MintedToken {
  token: string
  expiresAt: string
  claims: TokenClaims
}

/** Result of checking any token against this workspace, for people: decoded parts and the verdict. */
export interface TokenInspection {
  /** Whether this workspace would accept the token now. */
  valid: boolean
  /** Why it is rejected, in plain words; absent when valid. */
  reason?: string
  header?: Record<string, unknown>
  claims?: TokenClaims
  /** Who the token acts as when valid. */
  subject?: { kind: 'admin' } | { kind: 'customer'; internalId: string; isAdmin: boolean }
  expiresAt?: string
  issuedAt?: string
}
