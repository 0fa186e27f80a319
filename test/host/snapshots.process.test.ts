import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { makeTempDir, removeTempDirs } from '../support/temp-dir'
import { CLI_JS, HEADLESS_JS, spawnNode } from './process-helpers'

afterAll(() => removeTempDirs())

async function cli(dataDir: string, ...args: string[]) {
  const run = spawnNode(CLI_JS, ['workbench', ...args, '--data-dir', dataDir], { SNAP_PASS: 'a-long-passphrase' })
  const { code } = await run.exited
  return { code, output: run.output() }
}

describe('snapshot CLI and seeding (built entries)', () => {
  it('exports from one data folder and imports into another, with a report and a dry run', async () => {
    const a = makeTempDir()
    const b = makeTempDir()
    const server = spawnNode(HEADLESS_JS, ['--port', '0', '--data-dir', a])
    const [, url] = await server.waitFor(/API\s+(http:\/\/127\.0\.0\.1:\d+)/)
    const [, token] = await server.waitFor(/\n\s+(eyJ[\w-]+\.[\w-]+\.[\w-]+)\n/)
    await fetch(`${url}/self`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ fields: { plan: 'pro' } })
    })

    const file = join(makeTempDir(), 'test-customer.json')
    const exported = await cli(a, 'export', '--customer', 'test-customer', '--out', file)
    expect(exported.code).toBe(0)
    expect(exported.output).toMatch(/Wrote .*test-customer\.json \(\d+ KB, 1 customer, secrets omitted\)/)

    const refused = await cli(a, 'import', file, '--on-conflict', 'skip')
    expect(refused.code).toBe(1)
    expect(refused.output).toMatch(/A Workbench server is running on .* Stop it first/)
    server.child.kill('SIGTERM')
    await server.exited

    const dry = await cli(b, 'import', file, '--on-conflict', 'replace', '--dry-run')
    expect(dry.code).toBe(0)
    expect(dry.output).toMatch(/Dry run: nothing was changed/)
    expect(dry.output).toMatch(/customers\s+1 changed/)

    const done = await cli(b, 'import', file, '--on-conflict', 'replace')
    expect(done.code).toBe(0)
    expect(done.output).toMatch(/Imported:\n\s+customers\s+1 changed/)

    const again = await cli(b, 'export', '--customer', 'test-customer')
    expect(JSON.parse(again.output.slice(again.output.indexOf('{'))).customers[0]).toMatchObject({
      internalId: 'test-customer',
      fields: { plan: 'pro' },
      isTest: true
    })

    const bad = await cli(b, 'import', file, '--on-conflict', 'merge')
    expect(bad.code).toBe(1)
    expect(bad.output).toMatch(/--on-conflict must be skip, replace or rename/)
  })

  it('seeds a fresh data folder at start and writes a snapshot on clean exit', async () => {
    const source = makeTempDir()
    await cli(source, 'scenario', 'list')
    const seedFile = join(makeTempDir(), 'seed.json')
    const exported = await cli(source, 'export', '--out', seedFile, '--passphrase-env', 'SNAP_PASS')
    expect(exported.code).toBe(0)
    const seed = JSON.parse(readFileSync(seedFile, 'utf8'))
    seed.customers.push({
      ref: 'seeded-ref',
      internalId: 'seeded',
      name: 'Seeded Co',
      fields: { region: 'eu' },
      isTest: false
    })
    writeFileSync(seedFile, JSON.stringify(seed))

    const exitFile = join(makeTempDir(), 'on-exit.json')
    const dataDir = makeTempDir()
    const server = spawnNode(
      HEADLESS_JS,
      [
        '--port',
        '0',
        '--data-dir',
        dataDir,
        '--seed',
        seedFile,
        '--export-on-exit',
        exitFile,
        '--passphrase-env',
        'SNAP_PASS'
      ],
      { SNAP_PASS: 'a-long-passphrase' }
    )
    await server.waitFor(/Seeded from\s+.*seed\.json \(2 customers[,)]/)
    await server.waitFor(/Workspace key\s+(\S+)/)
    server.child.kill('SIGINT')
    expect((await server.exited).code).toBe(0)
    expect(existsSync(exitFile)).toBe(true)
    const written = JSON.parse(readFileSync(exitFile, 'utf8'))
    expect(written.secrets.mode).toBe('passphrase')
    expect(written.customers.map((c: { internalId: string }) => c.internalId)).toContain('seeded')

    const badSeed = join(makeTempDir(), 'bad.json')
    writeFileSync(badSeed, '{"format":"integration-workbench-snapshot","version":1,')
    const refused = spawnNode(HEADLESS_JS, ['--port', '0', '--data-dir', makeTempDir(), '--seed', badSeed])
    expect((await refused.exited).code).toBe(1)
    expect(refused.output()).toMatch(/Could not start: The snapshot is not complete JSON/)
  })

  it('scenarios: save, switch, reset', async () => {
    const dir = makeTempDir()
    const server = spawnNode(HEADLESS_JS, ['--port', '0', '--data-dir', dir])
    const [, url] = await server.waitFor(/API\s+(http:\/\/127\.0\.0\.1:\d+)/)
    const [, token] = await server.waitFor(/\n\s+(eyJ[\w-]+\.[\w-]+\.[\w-]+)\n/)
    await fetch(`${url}/self`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Story A' })
    })
    server.child.kill('SIGTERM')
    await server.exited

    expect((await cli(dir, 'scenario', 'save', 'story-a', '--description', 'First story')).output).toMatch(
      /Saved scenario "story-a" \(1 customers\)/
    )
    expect((await cli(dir, 'scenario', 'switch', 'story-a')).code).toBe(0)
    const list = await cli(dir, 'scenario', 'list')
    expect(list.output).toMatch(/\* story-a\s+saved .*, 1 customers — First story/)
    expect((await cli(dir, 'scenario', 'switch', 'nope')).output).toMatch(/No scenario "nope"/)
    expect((await cli(dir, 'scenario', 'save', '../evil')).output).toMatch(/Scenario name "..\/evil" may use letters/)
  })
})
