import { spawn, type ChildProcess } from 'node:child_process'
import { resolve } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { CONSOLE_SECRET_HEADER } from '../../src-main/contract/console-api'
import { makeTempDir, removeTempDirs } from '../support/temp-dir'

const root = resolve(__dirname, '../..')

/** Runs a script as a user would, collecting its output until the banner is complete. */
function run(script: string, args: string[]): Promise<{ child: ChildProcess; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [script, ...args], {
    cwd: root,
    env: { ...process.env, WORKBENCH_LOG_LEVEL: 'warn', DISPLAY: '' }
  })
  let stdout = ''
  let stderr = ''
  return new Promise((resolvePromise, reject) => {
    child.stdout!.on('data', (chunk) => {
      stdout += chunk
      if (stdout.includes('Press Ctrl-C to stop.')) {
        resolvePromise({ child, stdout, stderr })
      }
    })
    child.stderr!.on('data', (chunk) => (stderr += chunk))
    child.on('exit', (code) => {
      reject(new Error(`exited with ${code}:\n${stdout}\n${stderr}`))
    })
  })
}

describe('npm start / npm run serve without Electron', () => {
  let child: ChildProcess | undefined

  afterEach(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child!.once('exit', r))
      child.kill('SIGTERM')
      await exited
    }
    child = undefined
    removeTempDirs()
  })

  it('falls back to headless with a reason, and prints a console link that opens a working console', async () => {
    const dataDir = makeTempDir()
    const started = await run('scripts/start.mjs', ['--port', '0', '--data-dir', dataDir])
    child = started.child
    expect(started.stderr).toMatch(/Starting headless: .+\.\nThe console opens in your browser at the URL below\./)
    const consoleLine = /^ {2}Console {8}(http:\/\/127\.0\.0\.1:\d+\/console\/#secret=[\w-]{43})$/m.exec(started.stdout)
    expect(consoleLine, started.stdout).toBeTruthy()
    const consoleUrl = new URL(consoleLine![1])
    expect(started.stdout).toContain(`  API            ${consoleUrl.origin}   (apiUri for the SDK)`)

    const page = await fetch(consoleUrl.origin + consoleUrl.pathname)
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('<div id="root">')

    const secret = consoleUrl.hash.slice('#secret='.length)
    const info = await fetch(`${consoleUrl.origin}/console-api/session.info`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [CONSOLE_SECRET_HEADER]: secret },
      body: 'null'
    })
    expect(info.status).toBe(200)
    expect(await info.json()).toMatchObject({ mode: 'headless', dataDir, apiUrl: consoleUrl.origin })
  }, 40_000)
})
