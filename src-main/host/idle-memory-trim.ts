import { performance, type EventLoopUtilization } from 'node:perf_hooks'
import { getHeapSpaceStatistics, getHeapStatistics, setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'

/** How often the trimmer looks at the event loop and the heap. */
const CHECK_EVERY_MS = 5_000
/** The loop counts as idle below this share of busy time over the last check (a timer or two). */
const IDLE_UTILIZATION = 0.02
/** Grown by at least this much since the last trim: worth a full collection. */
const MIN_GROWTH_BYTES = 8 * 1024 * 1024
/**
 * Live heaps above this are left to V8: a full collection costs time in proportion to what is
 * live (~60 ms at 50 MB here), and an engine holding thousands of deployed instances should not
 * stall its scheduler for a second to give back memory it will use again.
 */
const MAX_LIVE_BYTES = 160 * 1024 * 1024
/**
 * Collections after a trim that left the young generation grown. V8 shrinks it at a full
 * collection only when the allocation rate over the last ≥ 5 s of collections is low, and the
 * first trim's window still holds the end of the burst; two more, one check apart, cover 5 s of
 * idle on their own.
 */
const MAX_FOLLOW_UPS = 2

export interface HeapReading {
  /** Share of the last interval the event loop was busy, 0–1. */
  utilization: number
  /** V8's committed heap now. */
  totalBytes: number
  /** V8's used heap now (live objects plus garbage not yet collected). */
  usedBytes: number
  /** Committed heap right after the last trim (or when trimming started). */
  baselineBytes: number
  /** V8's committed young generation now. */
  youngBytes: number
  /** The young generation when trimming started: the size a collection shrinks it back to. */
  youngFloorBytes: number
  /** Follow-up collections the last trim still allows while the young generation stays grown. */
  followUpsLeft: number
}

/**
 * Whether to collect now. V8 grows the heap under load (the young generation from 2 × 1 MB to
 * 2 × 16 MB, the old one with the load's garbage) and, with nothing allocating afterwards, never
 * runs the collection that would shrink it again: 30 s after an API load the server sat at
 * ~130 MB of which ~35 MB was garbage and an oversized young generation (bench/README.md).
 * A trim that left the young generation grown is followed up at the next idle checks.
 */
export function shouldTrim(reading: HeapReading): boolean {
  const grown = reading.totalBytes - reading.baselineBytes >= MIN_GROWTH_BYTES
  const youngStillGrown = reading.followUpsLeft > 0 && reading.youngBytes > reading.youngFloorBytes
  return reading.utilization < IDLE_UTILIZATION && (grown || youngStillGrown) && reading.usedBytes <= MAX_LIVE_BYTES
}

let gc: (() => void) | undefined

/**
 * V8's full collection. Node exposes it only behind `--expose-gc`; setting the flag at run time
 * and reading `gc` from a fresh context is how Jest's `--logHeapUsage` gets it too. A full
 * collection with the mutator idle also shrinks the young generation back to its initial size.
 */
export function fullCollection(): () => void {
  if (gc) return gc
  const existing = (globalThis as { gc?: () => void }).gc
  if (typeof existing === 'function') return (gc = existing)
  setFlagsFromString('--expose-gc')
  // made once per process: reading `gc` makes a V8 context (~20 ms), and both the end of a
  // headless start and the trimmer ask for it
  return (gc = runInNewContext('gc') as () => void)
}

/** What the trimmer reads and does; V8's own unless a test stands in for it. */
export interface HeapProbe {
  /** Share of the time since the last call the event loop was busy, 0–1. */
  utilization(): number
  heap(): { totalBytes: number; usedBytes: number; youngBytes: number }
  collect(): void
}

/** The running process's event loop and V8 heap. */
function processProbe(): HeapProbe {
  let last: EventLoopUtilization = performance.eventLoopUtilization()
  return {
    utilization() {
      const now = performance.eventLoopUtilization()
      const { utilization } = performance.eventLoopUtilization(now, last)
      last = now
      return utilization
    },
    heap() {
      const heap = getHeapStatistics()
      const young = getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')
      return { totalBytes: heap.total_heap_size, usedBytes: heap.used_heap_size, youngBytes: young?.space_size ?? 0 }
    },
    collect() {
      // fetched on the first trim, not at start
      fullCollection()()
      // the collection's own time is not the application's
      last = performance.eventLoopUtilization()
    }
  }
}

export interface IdleMemoryTrimOptions {
  /** How often to look (default 5 s). */
  everyMs?: number
  /** Told the committed heap before and after each trim (a log line, a test). */
  onTrim?: (beforeBytes: number, afterBytes: number) => void
  /** Defaults to this process's event loop and heap. */
  probe?: HeapProbe
}

/**
 * Gives memory back once a burst of work is over: every few seconds, if the loop was idle and
 * the heap grew since the last trim, one full collection (and up to two more, one check apart,
 * while the young generation stays grown). Returns the function that stops it.
 */
export function startIdleMemoryTrim(options: IdleMemoryTrimOptions = {}): () => void {
  const probe = options.probe ?? processProbe()
  const start = probe.heap()
  let baselineBytes = start.totalBytes
  const youngFloorBytes = start.youngBytes
  let followUpsLeft = 0
  const timer = setInterval(() => {
    const utilization = probe.utilization()
    const heap = probe.heap()
    if (shouldTrim({ utilization, ...heap, baselineBytes, youngFloorBytes, followUpsLeft })) {
      probe.collect()
      const after = probe.heap()
      baselineBytes = after.totalBytes
      // a fresh trim allows two follow-ups, each follow-up uses one; a shrunk young generation ends them
      if (after.youngBytes <= youngFloorBytes) followUpsLeft = 0
      else followUpsLeft = followUpsLeft > 0 ? followUpsLeft - 1 : MAX_FOLLOW_UPS
      options.onTrim?.(heap.totalBytes, baselineBytes)
    } else {
      followUpsLeft = 0
      // V8 shrank on its own: measure growth from there
      if (heap.totalBytes < baselineBytes) baselineBytes = heap.totalBytes
    }
  }, options.everyMs ?? CHECK_EVERY_MS)
  timer.unref()
  return () => clearInterval(timer)
}
