import { spawn } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
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
 * A proxy that refuses everything and remembers what was asked of it: the CLI is pointed at it for
 * every host but 127.0.0.1, so `attempts` lists each call that tried to leave the machine.
 */
export async function startRefusingProxy(): Promise<{ url: string; attempts: string[]; close(): Promise<void> }> {
  const attempts: string[] = []
  const server = createServer((request, response) => {
    attempts.push(`${request.method} ${request.url}`)
    response.writeHead(502).end()
  })
  server.on('connect', (request: { url?: string }, socket: Socket) => {
    attempts.push(`CONNECT ${request.url}`)
    socket.end('HTTP/1.1 502 Bad Gateway\r\n\r\n')
  })
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    attempts,
    close: () => new Promise<void>((closed) => server.close(() => closed()))
  }
}

/**
 * Runs the real CLI in `cwd`. Any host but 127.0.0.1 goes through `proxy` (by default one that
 * does not exist), so a call that tried to leave the machine would fail or be recorded.
 */
export function runMembrane(
  cwd: string,
  args: string[],
  proxy = 'http://127.0.0.1:9'
): Promise<{ code: number | null; output: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [MEMBRANE_CLI, ...args], {
      cwd,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: cwd,
        NO_COLOR: '1',
        HTTP_PROXY: proxy,
        HTTPS_PROXY: proxy,
        http_proxy: proxy,
        https_proxy: proxy,
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
