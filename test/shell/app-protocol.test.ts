import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { CONSOLE_CSP } from '../../src-main/contract/console-api'
import { APP_INDEX_URL, appResponse, resolveAppFile } from '../../src-main/shell/app-protocol'
import { makeTempDir, removeTempDirs } from '../support/temp-dir'

afterAll(() => removeTempDirs())

describe('the console scheme app://console', () => {
  const root = makeTempDir('workbench-renderer-')
  mkdirSync(join(root, 'assets'))
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>console</title>')
  writeFileSync(join(root, 'assets', 'app.js'), 'console.log(1)')
  writeFileSync(join(root, '..', 'secret.txt'), 'outside')

  it('serves the built console with its CSP and content types', async () => {
    const index = await appResponse(root, APP_INDEX_URL)
    expect(index.status).toBe(200)
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(index.headers.get('content-security-policy')).toBe(CONSOLE_CSP)
    expect(await index.text()).toContain('<title>console</title>')
    const script = await appResponse(root, 'app://console/assets/app.js?v=1#x')
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    expect((await appResponse(root, 'app://console/')).status).toBe(200)
  })

  it('never leaves the renderer folder, however the path is spelled', async () => {
    for (const url of [
      'app://console/../secret.txt',
      'app://console/%2e%2e/secret.txt',
      'app://console/assets/%2e%2e/%2e%2e/secret.txt',
      'app://console/..%2fsecret.txt',
      'app://console/..%5csecret.txt',
      'app://console/%2fetc%2fpasswd',
      'app://console/index.html%00.js',
      'app://console/%E0%A4%A',
      'app://elsewhere/index.html',
      'file:///etc/passwd'
    ]) {
      const file = resolveAppFile(root, url)
      if (file !== undefined) expect(file.startsWith(root + '/'), url).toBe(true)
      const answer = await appResponse(root, url)
      expect(answer.status, url).toBe(404)
      expect(await answer.text()).not.toContain('outside')
    }
    expect((await appResponse(root, 'app://console/missing.js')).status).toBe(404)
  })
})
