import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Engine } from '../../../src-main/engine'
import { removeTempDirs } from '../../support/temp-dir'
import { createTestEngine } from '../../support/test-engine'

// Defect 8 of issue 15: a customer export carries the field schema; the dry run reports a
// difference and the import keeps, replaces or merges as chosen.

const SOURCE_SCHEMA = {
  type: 'object',
  properties: {
    plan: { type: 'string', enum: ['free', 'pro'] },
    seats: { type: 'integer' },
    region: { type: 'string' }
  }
}

describe('customer snapshots and the field schema', () => {
  let source: Engine
  let text: string
  const targets: Engine[] = []

  beforeAll(async () => {
    source = await createTestEngine()
    source.workspace.patch({ userFieldsSchema: SOURCE_SCHEMA })
    source.customers.create({ name: 'Acme', internalId: 'acme', fields: { plan: 'pro', seats: 5, region: 'eu' } })
    text = JSON.stringify(source.snapshots.exportSnapshot({ customer: 'acme' }))
  })
  afterAll(async () => {
    for (const e of [source, ...targets]) await e.close()
    removeTempDirs()
  })

  const target = async (schema?: Record<string, unknown>) => {
    const engine = await createTestEngine()
    if (schema) engine.workspace.patch({ userFieldsSchema: schema })
    targets.push(engine)
    return engine
  }

  it('carries the field schema in the file', () => {
    expect(JSON.parse(text).fieldSchema).toEqual(SOURCE_SCHEMA)
  })

  it('warns in the dry run of a fresh workspace and keeps its schema unless told otherwise', async () => {
    const fresh = await target()
    const report = fresh.snapshots.importSnapshot(text, { dryRun: true })
    expect(report.warnings.join(' ')).toMatch(/field schema differs.*3 fields only in the file \(plan, seats, region\)/)
    expect(report.items).toContainEqual(expect.objectContaining({ section: 'fieldSchema', action: 'skipped' }))
    fresh.snapshots.importSnapshot(text, {})
    expect(fresh.workspace.fieldSchema()).toBeUndefined()
  })

  it('replaces the schema when asked (the dry run changes nothing)', async () => {
    const other = await target({ type: 'object', properties: { tier: { type: 'string' } } })
    const dry = other.snapshots.importSnapshot(text, { dryRun: true, fieldSchema: 'replace' })
    expect(dry.items).toContainEqual(expect.objectContaining({ section: 'fieldSchema', action: 'changed' }))
    expect(other.workspace.fieldSchema()).toEqual({ type: 'object', properties: { tier: { type: 'string' } } })
    other.snapshots.importSnapshot(text, { fieldSchema: 'replace' })
    expect(other.workspace.fieldSchema()).toEqual(SOURCE_SCHEMA)
  })

  it('merges both, this workspace winning where both define a field', async () => {
    const other = await target({
      type: 'object',
      properties: { tier: { type: 'string' }, seats: { type: 'number' } },
      required: ['seats']
    })
    other.snapshots.importSnapshot(text, { fieldSchema: 'merge' })
    expect(other.workspace.fieldSchema()).toEqual({
      type: 'object',
      properties: {
        plan: { type: 'string', enum: ['free', 'pro'] },
        seats: { type: 'number' },
        region: { type: 'string' },
        tier: { type: 'string' }
      },
      required: ['seats']
    })
  })

  it('says nothing when the schemas agree', async () => {
    const same = await target(SOURCE_SCHEMA)
    const report = same.snapshots.importSnapshot(text, { dryRun: true })
    expect(report.items.some((i) => i.section === 'fieldSchema')).toBe(false)
    expect(report.warnings).toEqual([])
  })
})
