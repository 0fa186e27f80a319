import { describe, expect, it } from 'vitest'
import { fullCollection, shouldTrim, startIdleMemoryTrim } from '../../src-main/host/idle-memory-trim'

const MB = 1024 * 1024
const idleAndGrown = { utilization: 0.001, totalBytes: 60 * MB, usedBytes: 45 * MB, baselineBytes: 30 * MB }

describe('idle memory trim', () => {
  it('collects only when the loop was idle, the heap grew and what is live is small', () => {
    expect(shouldTrim(idleAndGrown)).toBe(true)
    expect(shouldTrim({ ...idleAndGrown, utilization: 0.5 })).toBe(false)
    expect(shouldTrim({ ...idleAndGrown, totalBytes: 33 * MB })).toBe(false)
    expect(shouldTrim({ ...idleAndGrown, totalBytes: 900 * MB, usedBytes: 800 * MB })).toBe(false)
  })

  it('reaches V8’s full collection without --expose-gc on the command line', async () => {
    const collect = fullCollection()
    const ref = (() => new WeakRef({ payload: new Array(1000).fill('x') }))()
    // a WeakRef's target lives at least until the end of the job that made it
    await new Promise((resolve) => setImmediate(resolve))
    collect()
    expect(ref.deref()).toBeUndefined()
  })

  it('gives back a heap grown by a burst of garbage once the loop is idle', async () => {
    const trims: Array<[number, number]> = []
    const stop = startIdleMemoryTrim({ everyMs: 100, onTrim: (before, after) => trims.push([before, after]) })
    try {
      // a burst: ~35 MB held long enough to reach the old space, then dropped
      let burst: unknown[] | undefined = Array.from({ length: 300_000 }, (_, i) => ({ i, text: `row ${i}`.repeat(8) }))
      expect(burst).toHaveLength(300_000)
      burst = undefined
      await expect.poll(() => trims.length, { timeout: 30_000, interval: 100 }).toBeGreaterThan(0)
      const [before, after] = trims[0]
      expect(after).toBeLessThan(before)
    } finally {
      stop()
    }
  })
})
