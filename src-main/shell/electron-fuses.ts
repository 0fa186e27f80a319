import { join } from 'node:path'

/**
 * Electron's fuses as the packaged app must have them, by their `FuseV1Options` names (the enum
 * of `@electron/fuses`). Flipped in the Electron binary at package time, they cannot be changed
 * by environment variables or flags afterwards.
 */
export const ELECTRON_FUSES = {
  /** `ELECTRON_RUN_AS_NODE` would turn the app into a plain Node with the app's permissions. */
  RunAsNode: false,
  /** Cookies and local storage encrypted at rest with the OS key store. */
  EnableCookieEncryption: true,
  /** `NODE_OPTIONS` could preload code into the main process. */
  EnableNodeOptionsEnvironmentVariable: false,
  /** `--inspect` and friends would open a debugger on the main process. */
  EnableNodeCliInspectArguments: false,
  /** The app.asar must match the hash in the executable (macOS, Windows). */
  EnableEmbeddedAsarIntegrityValidation: true,
  /** Only the app.asar is loaded, never a loose `app` folder someone put beside it. */
  OnlyLoadAppFromAsar: true,
  /** One V8 snapshot for all processes (the default). */
  LoadBrowserProcessSpecificV8Snapshot: false,
  /** The console is served from app:// (app-protocol.ts), so file:// keeps no extra privileges. */
  GrantFileProtocolExtraPrivileges: false
} as const

/** A fuse name of {@link ELECTRON_FUSES}. */
export type FuseName = keyof typeof ELECTRON_FUSES

/**
 * `FuseV1Options` of `@electron/fuses` (a numeric enum): the option object `flipFuses` takes is
 * keyed by these numbers. Fixed by the fuse wire format (version 1), so they are safe to copy.
 */
export const FUSE_V1_OPTION: Record<FuseName, number> = {
  RunAsNode: 0,
  EnableCookieEncryption: 1,
  EnableNodeOptionsEnvironmentVariable: 2,
  EnableNodeCliInspectArguments: 3,
  EnableEmbeddedAsarIntegrityValidation: 4,
  OnlyLoadAppFromAsar: 5,
  LoadBrowserProcessSpecificV8Snapshot: 6,
  GrantFileProtocolExtraPrivileges: 7
}

/** What `flipFuses(electronPath, options)` of `@electron/fuses` takes: `{version: '1', [FuseV1Options.X]: boolean, …}`. */
export function flipFusesOptions(): Record<string, unknown> {
  const options: Record<string, unknown> = { version: '1', resetAdHocDarwinSignature: true }
  for (const [name, value] of Object.entries(ELECTRON_FUSES)) options[String(FUSE_V1_OPTION[name as FuseName])] = value
  return options
}

/** The packager's after-pack context (electron-builder's `AfterPackContext`, the part used here). */
export interface AfterPackContext {
  appOutDir: string
  electronPlatformName: string
  packager: { appInfo: { productFilename: string } }
}

/** The Electron executable inside a packed app folder. */
export function packedElectronBinary(context: AfterPackContext): string {
  const name = context.packager.appInfo.productFilename
  switch (context.electronPlatformName) {
    case 'darwin':
    case 'mas':
      return join(context.appOutDir, `${name}.app`, 'Contents', 'MacOS', name)
    case 'win32':
      return join(context.appOutDir, `${name}.exe`)
    default:
      return join(context.appOutDir, name.toLowerCase().replace(/\s+/g, '-'))
  }
}

/**
 * The packager's after-pack hook: flips {@link ELECTRON_FUSES} in the packed Electron binary.
 * `flipFuses` is `@electron/fuses`' function (not a dependency yet: pass it in from the packaging
 * script, `afterPack: (c) => applyFuses(c, require('@electron/fuses').flipFuses)`).
 */
export async function applyFuses(
  context: AfterPackContext,
  flipFuses: (electronPath: string, options: Record<string, unknown>) => Promise<unknown>
): Promise<void> {
  await flipFuses(packedElectronBinary(context), flipFusesOptions())
}
