import { describe, expect, it, vi } from 'vitest'
import { applyFuses, ELECTRON_FUSES, flipFusesOptions, FUSE_V1_OPTION } from '../../src-main/shell/electron-fuses'

describe('Electron fuses the packager flips', () => {
  it('switches off run-as-node, NODE_OPTIONS and the inspector; switches on cookie encryption and asar-only loading', () => {
    expect(ELECTRON_FUSES).toMatchObject({
      RunAsNode: false,
      EnableNodeOptionsEnvironmentVariable: false,
      EnableNodeCliInspectArguments: false,
      EnableCookieEncryption: true,
      OnlyLoadAppFromAsar: true,
      EnableEmbeddedAsarIntegrityValidation: true,
      GrantFileProtocolExtraPrivileges: false
    })
    // every fuse of the version-1 wire format is decided, none left to Electron's default
    expect(Object.values(FUSE_V1_OPTION).sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7])
  })

  it('gives flipFuses the options keyed by FuseV1Options numbers, for the packed binary of each platform', async () => {
    expect(flipFusesOptions()).toEqual({
      version: '1',
      resetAdHocDarwinSignature: true,
      '0': false,
      '1': true,
      '2': false,
      '3': false,
      '4': true,
      '5': true,
      '6': false,
      '7': false
    })
    const flipFuses = vi.fn(async () => undefined)
    const packager = { appInfo: { productFilename: 'Integration Workbench' } }
    await applyFuses({ appOutDir: '/out/mac', electronPlatformName: 'darwin', packager }, flipFuses)
    await applyFuses({ appOutDir: '/out/win', electronPlatformName: 'win32', packager }, flipFuses)
    await applyFuses({ appOutDir: '/out/linux', electronPlatformName: 'linux', packager }, flipFuses)
    expect(flipFuses.mock.calls.map((call) => (call as unknown[])[0])).toEqual([
      '/out/mac/Integration Workbench.app/Contents/MacOS/Integration Workbench',
      '/out/win/Integration Workbench.exe',
      '/out/linux/integration-workbench'
    ])
    expect((flipFuses.mock.calls[0] as unknown[])[1]).toEqual(flipFusesOptions())
  })
})
