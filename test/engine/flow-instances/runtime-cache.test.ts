import { describe, expect, it } from 'vitest'
import type { CompiledGraph, FlowGraphValidator } from '../../../src-main/engine/flow-engine/flow-graph/flow-graph'
import type { FlowInstanceRow } from '../../../src-main/engine/flow-engine/flow-instances/flow-instance.repository'
import {
  InstanceRuntimeCache,
  RUNTIME_CACHE_LIMIT
} from '../../../src-main/engine/flow-engine/flow-instances/instance-runtime.cache'

// The compiled-instance cache is bounded (a compiled graph is large: 5,000 of them held ~750 MB)
// and keeps the instances in use: the least recently used one is the one compiled again.
function cacheCountingCompiles() {
  const compiles: string[] = []
  const graph = {
    compile: async (nodes: { marker?: { type: string } }) => {
      compiles.push(nodes.marker?.type ?? '?')
      return {} as CompiledGraph
    }
  } as unknown as FlowGraphValidator
  const row = (id: string) =>
    ({
      id,
      customer_id: 'c',
      flow_id: null,
      integration_key: null,
      connection_id: null,
      instance_key: null,
      name: id,
      enabled: 1,
      archived_at: null,
      concurrency: null,
      nodes: JSON.stringify({ marker: { type: id } }),
      parameters: '{}'
    }) as unknown as FlowInstanceRow
  const cache = new InstanceRuntimeCache(graph, (id) =>
    id.startsWith('missing') ? undefined : { row: row(id), flowKey: null, flowConcurrency: null }
  )
  return { cache, compiles }
}

describe('compiled instance cache', () => {
  it(`holds at most ${RUNTIME_CACHE_LIMIT} instances and drops the least recently used first`, async () => {
    const { cache, compiles } = cacheCountingCompiles()
    for (let i = 0; i < RUNTIME_CACHE_LIMIT; i++) expect((await cache.get(`i${i}`))?.id).toBe(`i${i}`)
    expect(cache.size).toBe(RUNTIME_CACHE_LIMIT)
    // i0 is used again, so i1 is now the least recently used
    await cache.get('i0')
    expect(compiles).toHaveLength(RUNTIME_CACHE_LIMIT)
    await cache.get('new')
    expect(cache.size).toBe(RUNTIME_CACHE_LIMIT)
    compiles.length = 0
    await cache.get('i0')
    expect(compiles).toEqual([])
    await cache.get('i1')
    expect(compiles).toEqual(['i1'])
    expect(cache.size).toBe(RUNTIME_CACHE_LIMIT)
  })

  it('keeps nothing for an unknown instance and compiles a dropped one again', async () => {
    const { cache, compiles } = cacheCountingCompiles()
    expect(await cache.get('missing-1')).toBeUndefined()
    expect(cache.size).toBe(0)
    await cache.get('a')
    cache.drop('a')
    await cache.get('a')
    expect(compiles).toEqual(['a', 'a'])
  })
})
