import { describe, expect, it } from 'vitest'
import { fullCollection, shouldTrim, startIdleMemoryTrim } from '../../src-main/host/idle-memory-trim'

const MB = 1024 * 1024
const idleAndGrown = {
  utilization: 0.001,
  totalBytes: 60 * MB,
  usedBytes: 45 * MB,
  baselineBytes: 30 * MB,
  youngBytes: 1 * MB,
  youngFloorBytes: 1 * MB,
  followUpsLeft: 0
}
const justTrimmed = { ...idleAndGrown, totalBytes: 50 * MB, baselineBytes: 50 * MB, youngBytes: 32 * MB }

describe('idle memory trim', () => {
  it('collects only when the loop was idle, the heap grew and what is live is small', () => {
    expect(shouldTrim(idleAndGrown)).toBe(true)
    expect(shouldTrim({ ...idleAndGrown, utilization: 0.5 })).toBe(false)
    expect(shouldTrim({ ...idleAndGrown, totalBytes: 33 * MB })).toBe(false)
    expect(shouldTrim({ ...idleAndGrown, totalBytes: 900 * MB, usedBytes: 800 * MB })).toBe(false)
  })

  it('follows a trim up while the young generation is still grown, and only then', () => {
    expect(shouldTrim({ ...justTrimmed, followUpsLeft: 1 })).toBe(true)
    expect(shouldTrim(justTrimmed)).toBe(false)
    expect(shouldTrim({ ...justTrimmed, followUpsLeft: 1, youngBytes: 1 * MB })).toBe(false)
    expect(shouldTrim({ ...justTrimmed, followUpsLeft: 1, utilization: 0.5 })).toBe(false)
  })

  it('reaches V8’s full collection without --expose-gc on the command line', async () => {
    const collect = fullCollection()
    const ref = (() => new WeakRef({ payload: new Array(1000).fill('x') }))()
    // a WeakRef's target lives at least until the end of the job that made it
    await new Promise((resolve) => setImmediate(resolve))
    collect()
    expect(ref.deref()).toBeUndefined()
  })

  it('trims once per burst, only while idle, and measures the next burst from the trimmed size', async () => {
    // a stand-in heap: the test process's own heap depends on every file the worker ran before
    let busy = 0
    let total = 30 * MB
    let collections = 0
    const probe = {
      utilization: () => busy,
      heap: () => ({ totalBytes: total, usedBytes: total * 0.7, youngBytes: 1 * MB }),
      collect: () => {
        collections++
        total = 32 * MB
      }
    }
    const trims: Array<[number, number]> = []
    const stop = startIdleMemoryTrim({ everyMs: 10, probe, onTrim: (before, after) => trims.push([before, after]) })
    try {
      const checks = async (n: number) => {
        for (let i = 0; i < n; i++) await new Promise((resolve) => setTimeout(resolve, 15))
      }
      busy = 0.9
      total = 70 * MB // a burst while busy: no trim yet
      await checks(5)
      expect(collections).toBe(0)
      busy = 0.001 // idle: one trim
      await expect.poll(() => collections, { timeout: 10_000, interval: 10 }).toBe(1)
      expect(trims[0]).toEqual([70 * MB, 32 * MB])
      await checks(5) // still idle, nothing grew: no second trim
      expect(collections).toBe(1)
      total = 36 * MB // grew by less than 8 MB since the trim: left alone
      await checks(5)
      expect(collections).toBe(1)
      total = 45 * MB
      await expect.poll(() => collections, { timeout: 10_000, interval: 10 }).toBe(2)
    } finally {
      stop()
    }
  })

  it('collects twice more, one check apart, when V8 kept the young generation grown, then stops', async () => {
    let young = 1 * MB
    let total = 30 * MB
    let collections = 0
    let shrinkAt = Infinity
    const probe = {
      utilization: () => 0.001,
      heap: () => ({ totalBytes: total, usedBytes: total * 0.5, youngBytes: young }),
      collect: () => {
        collections++
        // V8 shrinks the young generation only once it has seen the allocation rate fall
        young = collections >= shrinkAt ? 1 * MB : 32 * MB
        total = young + 20 * MB
      }
    }
    const checks = async (n: number) => {
      for (let i = 0; i < n; i++) await new Promise((resolve) => setTimeout(resolve, 15))
    }
    const stop = startIdleMemoryTrim({ everyMs: 10, probe })
    try {
      shrinkAt = 2 // the first follow-up shrinks it: no second follow-up
      total = 70 * MB
      await expect.poll(() => collections, { timeout: 10_000, interval: 10 }).toBe(2)
      await checks(5)
      expect(collections).toBe(2)
      expect(young).toBe(1 * MB)

      shrinkAt = Infinity // V8 never shrinks it: two follow-ups, then left alone
      total = 70 * MB
      await expect.poll(() => collections, { timeout: 10_000, interval: 10 }).toBe(5)
      await checks(5)
      expect(collections).toBe(5)
    } finally {
      stop()
    }
  })
})
