import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from 'node:crypto'
import type { SnapshotSecret, SnapshotSecrets } from '../../contract/snapshots'
import { invalidData } from '../common/engine-error'

const CHECK_TEXT = 'integration-workbench-snapshot-passphrase-check'
const COST = 1 << 15
const MIN_PASSPHRASE = 8

function deriveKey(passphrase: string, salt: Buffer, cost: number): Buffer {
  return scryptSync(passphrase, salt, 32, { N: cost, r: 8, p: 1, maxmem: 128 * cost * 8 * 2 })
}

function seal(key: Buffer, plain: string): string {
  const iv = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', key, iv)
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()])
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')
}

function open(key: Buffer, sealed: string): string | undefined {
  try {
    const raw = Buffer.from(sealed, 'base64')
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12))
    decipher.setAuthTag(raw.subarray(12, 28))
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8')
  } catch {
    return undefined
  }
}

/** Seals and opens the secrets of one snapshot file with a passphrase (scrypt → AES-256-GCM). */
export class SecretBox {
  private constructor(
    private readonly key: Buffer,
    readonly header: SnapshotSecrets & { mode: 'passphrase' }
  ) {}

  /** A box for writing a new file. */
  static create(passphrase: string): SecretBox {
    if (passphrase.length < MIN_PASSPHRASE) {
      throw invalidData(`The passphrase must have at least ${MIN_PASSPHRASE} characters.`, [
        { path: 'passphrase', message: 'too short' }
      ])
    }
    const salt = randomBytes(16)
    const key = deriveKey(passphrase, salt, COST)
    return new SecretBox(key, {
      mode: 'passphrase',
      kdf: 'scrypt',
      salt: salt.toString('base64'),
      cost: COST,
      check: seal(key, CHECK_TEXT)
    })
  }

  /** A box for reading a file; refuses a wrong passphrase with a clear message. */
  static open(header: SnapshotSecrets & { mode: 'passphrase' }, passphrase: string | undefined): SecretBox {
    if (!passphrase) {
      throw invalidData(
        'This snapshot carries secrets sealed with a passphrase: give the passphrase it was exported with.',
        [{ path: 'passphrase', message: 'required for this file' }]
      )
    }
    if (
      !Number.isInteger(header.cost) ||
      header.cost < 1024 ||
      header.cost > 1 << 20 ||
      (header.cost & (header.cost - 1)) !== 0
    ) {
      throw invalidData(
        `secrets.cost ${header.cost} is not a valid scrypt cost (a power of two from 1024 to 1048576).`,
        [{ path: 'secrets.cost', message: 'invalid' }]
      )
    }
    const key = deriveKey(passphrase, Buffer.from(header.salt, 'base64'), header.cost)
    if (open(key, header.check) !== CHECK_TEXT) {
      throw invalidData("The passphrase does not open this snapshot's secrets. Nothing was imported.", [
        { path: 'passphrase', message: 'wrong passphrase' }
      ])
    }
    return new SecretBox(key, header)
  }

  seal(plain: string): SnapshotSecret {
    return { sealed: seal(this.key, plain) }
  }

  /** The plain text, or undefined when the value was not sealed with this box's key. */
  open(secret: SnapshotSecret): string | undefined {
    return open(this.key, secret.sealed)
  }
}
