import type { ColumnType } from 'kysely'
import type { SecretPort } from '../ports'

declare const sealedJsonOf: unique symbol

/**
 * JSON of a `T`, sealed by the secret port, as stored in a `*_sealed` TEXT column. Branded like
 * `JsonText<T>`: such a column is written through `sealJson` and read through `openJson`, so what
 * is inside travels with the column and no service repeats `JSON.parse(decrypt(...)) as T`.
 */
export type SealedJson<T> = string & { readonly [sealedJsonOf]: T }

/** A TEXT column holding `SealedJson<T>` (the stored text is the port's sealed text, unchanged). */
export type SealedJsonColumn<T> = ColumnType<SealedJson<T>, SealedJson<T>, SealedJson<T>>

/** The host's secret port, plus sealing and opening JSON values with a readable failure. */
export interface SecretBox extends SecretPort {
  /** `value` as JSON, sealed. */
  sealJson<T>(value: T): SealedJson<T>
  /**
   * JSON text that already holds a `T` (a snapshot's secret, opened from its passphrase box),
   * sealed as it is: the text is stored unchanged, never parsed here.
   */
  sealJsonText<T>(text: string): SealedJson<T>
  /**
   * The value in `sealed`. `what` names the column (e.g. `connection c1 credentials`) in the error
   * thrown when the value cannot be unsealed or is not JSON, so a corrupted row says which it is.
   */
  openJson<T>(sealed: SealedJson<T>, what: string): T
}

/** Wraps the host's port; the engine gives every service this box as `ctx.secrets`. */
export function secretBox(port: SecretPort): SecretBox {
  return {
    kind: port.kind,
    encrypt: (plain) => port.encrypt(plain),
    decrypt: (sealed) => port.decrypt(sealed),
    sealJson: <T>(value: T) => port.encrypt(JSON.stringify(value)) as SealedJson<T>,
    sealJsonText: <T>(text: string) => port.encrypt(text) as SealedJson<T>,
    openJson<T>(sealed: SealedJson<T>, what: string): T {
      let text: string
      try {
        text = port.decrypt(sealed)
      } catch (error) {
        throw new Error(`The sealed ${what} cannot be unsealed: ${(error as Error).message}`, { cause: error })
      }
      try {
        return JSON.parse(text) as T
      } catch (error) {
        throw new Error(
          `The sealed ${what} is not JSON once unsealed (${(error as Error).message}); the row is corrupted.`,
          { cause: error }
        )
      }
    }
  }
}
