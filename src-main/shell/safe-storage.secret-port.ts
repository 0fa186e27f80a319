import { safeStorage } from 'electron'
import type { SecretPort } from '../engine'

/** Desktop secret protection through the OS keychain (Electron `safeStorage`). */
export function createSafeStorageSecretPort(): SecretPort {
  if (!safeStorage.isEncryptionAvailable()) {
    throw new Error('The OS keychain is not available (safeStorage), so secrets cannot be encrypted at rest.')
  }
  return {
    kind: 'OS keychain (Electron safeStorage)',
    encrypt: (plain) => 'ss1:' + safeStorage.encryptString(plain).toString('base64'),
    decrypt: (sealed) => {
      if (!sealed.startsWith('ss1:')) throw new Error('Sealed value was not written by safeStorage.')
      return safeStorage.decryptString(Buffer.from(sealed.slice(4), 'base64'))
    }
  }
}
