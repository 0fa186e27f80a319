import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { describeZip } from '../support/membrane-zip'
import { makeTempDir, removeTempDirs } from '../support/temp-dir'
import { startTestServer } from '../support/test-server'
import { CLI_JS, spawnNode } from './process-helpers'

afterAll(() => removeTempDirs())

async function cli(dataDir: string, ...args: string[]) {
  const run = spawnNode(CLI_JS, ['workbench', ...args, '--data-dir', dataDir])
  const { code } = await run.exited
  return { code, output: run.output() }
}

describe('workbench membrane-export / membrane-import (built CLI)', () => {
  it("moves a workspace between data folders through Membrane's zip, dry run first", async () => {
    const a = makeTempDir()
    const b = makeTempDir()
    const server = await startTestServer({ dataDir: a })
    const admin = await server.adminToken()
    await server.call('POST', '/flows', {
      token: admin,
      body: { key: 'greet', name: 'Greet', nodes: { trigger: { type: 'api-trigger' } } }
    })
    await server.call('POST', '/app-data-schemas', { token: admin, body: { key: 'contact', name: 'Contact' } })
    await server.stop()

    const zipA = join(makeTempDir(), 'a.zip')
    const exported = await cli(a, 'membrane-export', '--out', zipA)
    expect(exported.code, exported.output).toBe(0)
    expect(exported.output).toMatch(/Wrote .*a\.zip \(\d+ KB: 2 integrations, 1 app-data-schemas, 1 flows\)/)

    const dry = await cli(b, 'membrane-import', zipA, '--dry-run')
    expect(dry.code, dry.output).toBe(0)
    expect(dry.output).toMatch(/flows: 1 created, 0 updated, 0 deleted, 0 unchanged\n\s+\+ greet/)
    expect(dry.output).toContain('Checked (dry run, nothing changed)')
    const zipEmpty = join(makeTempDir(), 'empty.zip')
    await cli(b, 'membrane-export', '--out', zipEmpty)
    expect(Object.keys(describeZip(readFileSync(zipEmpty)))).not.toContain('flows/greet/spec.yaml')

    const done = await cli(b, 'membrane-import', zipA)
    expect(done.code, done.output).toBe(0)
    expect(done.output).toMatch(/app-data-schemas: 1 created/)
    const zipB = join(makeTempDir(), 'b.zip')
    expect((await cli(b, 'membrane-export', '--out', zipB)).code).toBe(0)
    expect(describeZip(readFileSync(zipB))).toEqual(describeZip(readFileSync(zipA)))

    const missing = await cli(b, 'membrane-export')
    expect(missing.code).toBe(1)
    expect(missing.output).toContain('membrane-export needs --out')
    const hostile = await cli(b, 'membrane-import', CLI_JS)
    expect(hostile.code).toBe(1)
    expect(hostile.output).toContain('is not a zip archive')
    expect(existsSync(zipB)).toBe(true)
  }, 180_000)
})
