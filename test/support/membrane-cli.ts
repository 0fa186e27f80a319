import { spawn } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { stringify } from 'yaml'

/** The official Membrane CLI's entry (`membrane` bin of @integration-app/membrane-cli). */
export const MEMBRANE_CLI = resolve('node_modules/@integration-app/membrane-cli/dist/index.js')

/** Workspaces of a `membrane.config.yml`, by name. */
export type MembraneWorkspaces = Record<string, { key: string; secret: string; apiUri: string }>

/** Writes `membrane.config.yml` into `cwd`. */
export function writeMembraneConfig(cwd: string, workspaces: MembraneWorkspaces): void {
  writeFileSync(join(cwd, 'membrane.config.yml'), stringify({ workspaces }))
}

/**
 * Runs the real CLI in `cwd`. Any host but 127.0.0.1 goes through a proxy that does not
 * exist, so a call that tried to leave the machine would fail the command.
 */
export function runMembrane(cwd: string, args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [MEMBRANE_CLI, ...args], {
      cwd,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: cwd,
        NO_COLOR: '1',
        HTTP_PROXY: 'http://127.0.0.1:9',
        HTTPS_PROXY: 'http://127.0.0.1:9',
        http_proxy: 'http://127.0.0.1:9',
        https_proxy: 'http://127.0.0.1:9',
        NO_PROXY: '127.0.0.1',
        no_proxy: '127.0.0.1'
      },
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.on('error', fail)
    child.on('close', (code) => done({ code, output }))
  })
}
