import { spawn, type ChildProcess } from 'node:child_process'
import { resolve } from 'node:path'
import { SignJWT } from 'jose'

const HEADLESS = resolve(__dirname, '../../out/main/headless.js')

/** A built headless server running as its own process (out/main/headless.js, built by the global setup). */
export interface HeadlessProcess {
  child: ChildProcess
  url: string
  output(): string
  /** Sends a signal and waits for the process to exit. */
  kill(signal: NodeJS.Signals): Promise<void>
}

/** Starts `node out/main/headless.js` on a free port with the given data folder and workspace credentials. */
export function spawnHeadless(dataDir: string, workspace: { key: string; secret: string }): Promise<HeadlessProcess> {
  const child = spawn(
    process.execPath,
    [
      HEADLESS,
      '--port',
      '0',
      '--data-dir',
      dataDir,
      '--workspace-key',
      workspace.key,
      '--workspace-secret',
      workspace.secret
    ],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, WORKBENCH_LOG_LEVEL: 'warn' }
    }
  )
  let out = ''
  child.stdout!.on('data', (chunk) => (out += chunk))
  child.stderr!.on('data', (chunk) => (out += chunk))
  const exited = new Promise<void>((r) => child.once('exit', () => r()))
  return new Promise((resolveStarted, reject) => {
    const onData = () => {
      const match = /API\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(out)
      if (!match) return
      child.stdout!.off('data', onData)
      resolveStarted({
        child,
        url: match[1],
        output: () => out,
        async kill(signal) {
          if (child.exitCode === null && child.signalCode === null) child.kill(signal)
          await exited
        }
      })
    }
    child.stdout!.on('data', onData)
    child.once('exit', (code) => reject(new Error(`headless server exited (${code}) before it was ready:\n${out}`)))
  })
}

/** An HS256 token signed with the workspace secret, as your backend would mint it. */
export function signToken(
  workspace: { key: string; secret: string },
  claims: Record<string, unknown>
): Promise<string> {
  return new SignJWT({ ...claims, iss: workspace.key })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuedAt()
    .setExpirationTime('2h')
    .sign(new TextEncoder().encode(workspace.secret))
}
