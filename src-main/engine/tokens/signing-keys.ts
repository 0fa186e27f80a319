import { createHmac, createSecretKey, timingSafeEqual, type KeyObject } from 'node:crypto'
import type { TokenAlgorithm } from '../../contract/tokens'

const HASH: Record<TokenAlgorithm, string> = { HS256: 'SHA-256', HS512: 'SHA-512' }
const NODE_HASH: Record<TokenAlgorithm, string> = { HS256: 'sha256', HS512: 'sha512' }

/**
 * HMAC keys imported once per algorithm from the workspace secret (UTF-8, as the SDK signs):
 * importing on every call halves verification throughput.
 */
export class SigningKeys {
  private keys = new Map<TokenAlgorithm, Promise<CryptoKey>>()
  /** The secret as a KeyObject: createHmac prepares raw key bytes again on every call (~1 µs). */
  private secretKey: KeyObject | undefined

  constructor(private readonly secret: () => string) {}

  /** Forget the imported keys (after the secret changes). */
  reset(): void {
    this.keys.clear()
    this.secretKey = undefined
  }

  /**
   * Whether `signature` (base64url) is the HMAC of `signingInput`, computed synchronously:
   * WebCrypto's verify goes through a promise and the thread pool, which cost a fresh-token
   * request ~15% of its CPU. Compares the canonical encoding, so no other spelling passes.
   */
  signatureMatches(alg: TokenAlgorithm, signingInput: string, signature: string): boolean {
    const expected = Buffer.from(
      createHmac(NODE_HASH[alg], this.key()).update(signingInput).digest('base64url'),
      'latin1'
    )
    const given = Buffer.from(signature, 'latin1')
    return expected.length === given.length && timingSafeEqual(expected, given)
  }

  /**
   * A compact JWS of `claims` with the header `{"alg","typ":"JWT"}`, byte for byte what jose's
   * `SignJWT` makes, signed synchronously (jose goes through WebCrypto: a promise, the thread
   * pool and a key import on first use, ~25 ms of the ready banner's start on this machine).
   */
  signJwt(alg: TokenAlgorithm, claims: object): string {
    const header = Buffer.from(JSON.stringify({ alg, typ: 'JWT' })).toString('base64url')
    const payload = Buffer.from(JSON.stringify(claims)).toString('base64url')
    const signingInput = `${header}.${payload}`
    return `${signingInput}.${createHmac(NODE_HASH[alg], this.key()).update(signingInput).digest('base64url')}`
  }

  private key(): KeyObject {
    this.secretKey ??= createSecretKey(Buffer.from(this.secret(), 'utf8'))
    return this.secretKey
  }

  get(alg: TokenAlgorithm): Promise<CryptoKey> {
    let key = this.keys.get(alg)
    if (!key) {
      key = crypto.subtle.importKey(
        'raw',
        new TextEncoder().encode(this.secret()),
        { name: 'HMAC', hash: HASH[alg] },
        false,
        ['sign', 'verify']
      )
      this.keys.set(alg, key)
    }
    return key
  }
}
