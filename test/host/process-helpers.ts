import { spawn, type ChildProcess } from 'node:child_process'
import { resolve } from 'node:path'

/** The built entries (the test global setup builds them). */
export const HEADLESS_JS = resolve(__dirname, '../../out/main/headless.js')
export const CLI_JS = resolve(__dirname, '../../out/main/cli.js')
export const START_MJS = resolve(__dirname, '../../scripts/start.mjs')

/** A spawned headless server and what it printed. */
export interface RunningProcess {
  child: ChildProcess
  output(): string
  /** Resolves with the first match of `pattern` in stdout+stderr (rejects on exit or after `ms`). */
  waitFor(pattern: RegExp, ms?: number): Promise<RegExpMatchArray>
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
}

/** Spawns `node <script> ...args` with extra env, collecting its output. */
export function spawnNode(script: string, args: string[], env: Record<string, string> = {}): RunningProcess {
  const child = spawn(process.execPath, [script, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let out = ''
  child.stdout!.on('data', (d) => (out += d))
  child.stderr!.on('data', (d) => (out += d))
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) =>
    child.on('exit', (code, signal) => r({ code, signal }))
  )
  return {
    child,
    output: () => out,
    exited,
    // no deadline of its own: the test's timeout bounds it, so a slow machine is not a failure
    waitFor(pattern, ms = Number.POSITIVE_INFINITY) {
      return new Promise((resolveMatch, reject) => {
        const started = Date.now()
        const tick = () => {
          const m = out.match(pattern)
          if (m) return resolveMatch(m)
          if (child.exitCode !== null)
            return reject(new Error(`process exited (${child.exitCode}) before printing ${pattern}:\n${out}`))
          if (Date.now() - started > ms) return reject(new Error(`timed out waiting for ${pattern}:\n${out}`))
          setTimeout(tick, 20)
        }
        tick()
      })
    }
  }
}
