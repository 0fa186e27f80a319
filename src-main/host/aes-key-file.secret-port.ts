import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { SecretPort } from '../engine'

const KEY_FILE = 'secret.key'
const PREFIX = 'v1:'

/**
 * Headless secret protection: AES-256-GCM with a random key kept in `<data folder>/secret.key`
 * (mode 0600, created on first use). Sealed values are `v1:` + base64(iv | tag | ciphertext).
 */
export function createAesKeyFileSecretPort(dataDir: string): SecretPort {
  const file = join(dataDir, KEY_FILE)
  let key: Buffer
  if (existsSync(file)) {
    key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64')
    if (key.length !== 32)
      throw new Error(`${file} is not a 32-byte key; restore it from a backup or remove the data folder to start over.`)
    if (process.platform !== 'win32' && (statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600)
  } else {
    key = randomBytes(32)
    writeFileSync(file, key.toString('base64') + '\n', { mode: 0o600, flag: 'wx' })
  }
  return {
    kind: 'AES-256-GCM, key file in the data folder',
    encrypt(plain: string): string {
      const iv = randomBytes(12)
      const cipher = createCipheriv('aes-256-gcm', key, iv)
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()])
      return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')
    },
    decrypt(sealed: string): string {
      if (!sealed.startsWith(PREFIX)) throw new Error('Sealed value has an unknown format.')
      const raw = Buffer.from(sealed.slice(PREFIX.length), 'base64')
      const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12))
      decipher.setAuthTag(raw.subarray(12, 28))
      try {
        return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8')
      } catch {
        throw new Error(`A secret in the database cannot be decrypted with ${file}: was the key file replaced?`)
      }
    }
  }
}
