import type { TokenAlgorithm } from '../../contract/tokens'

const HASH: Record<TokenAlgorithm, string> = { HS256: 'SHA-256', HS512: 'SHA-512' }

/**
 * HMAC keys imported once per algorithm from the workspace secret (UTF-8, as the SDK signs):
 * importing on every call halves verification throughput.
 */
export class SigningKeys {
  private keys = new Map<TokenAlgorithm, Promise<CryptoKey>>()

  constructor(private readonly secret: () => string) {}

  /** Forget the imported keys (after the secret changes). */
  reset(): void {
    this.keys.clear()
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
