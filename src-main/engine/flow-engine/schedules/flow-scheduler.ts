import type { FlowInstanceService } from '../flow-instances/flow-instance.service'
import type { PreparedSchedule } from '../flow-nodes/trigger-nodes'
import type { FlowRunService } from '../flow-runs/flow-run.service'
import type { ClockPort, LoggerPort } from '../../ports'

interface ScheduleEntry {
  instanceId: string
  nodeKey: string
  schedule: PreparedSchedule
  nextAt: number
  /** Replaced or removed: its place in the heap is skipped when it comes up. */
  dropped?: boolean
}

/** Options of {@link FlowScheduler}. */
export interface FlowSchedulerOptions {
  /**
   * The longest real-time wait (ms) between two looks at the engine clock (default 1000): the
   * timer is set for the next due time, but never longer than this, so a clock moved forward
   * (tests, a suspended laptop) is noticed within it.
   */
  tickMs?: number
}

/**
 * Fires schedule triggers of enabled, live instances by the engine clock. The schedules sit in a
 * min-heap by next fire time and one timer waits for the earliest (at most `tickMs`, so a manual
 * clock moved forward is noticed): idle cost does not grow with the number of instances, and a
 * thousand schedules due in the same second are popped in one pass. A due schedule starts one
 * run, even if several occurrences were missed, and is set to its next occurrence after now.
 * Instances are re-read when they change.
 */
export class FlowScheduler {
  private readonly entries = new Map<string, ScheduleEntry[]>()
  private readonly versions = new Map<string, number>()
  private timer: NodeJS.Timeout | undefined
  private started = false
  private readonly heap: ScheduleEntry[] = []
  private live = 0
  private readonly tickMs: number
  private pending: Promise<unknown>[] = []

  constructor(
    private readonly instances: FlowInstanceService,
    private readonly runs: FlowRunService,
    private readonly clock: ClockPort,
    private readonly logger: LoggerPort,
    options: FlowSchedulerOptions = {}
  ) {
    this.tickMs = options.tickMs ?? 1000
  }

  /** Registers every enabled instance's schedules and starts the timer. */
  async start(): Promise<void> {
    for (const id of this.instances.liveEnabledIds()) await this.sync(id)
    this.started = true
    this.arm()
  }

  /** Re-reads one instance (after it was created, changed, archived or restored). */
  sync(instanceId: string): Promise<void> {
    const version = (this.versions.get(instanceId) ?? 0) + 1
    this.versions.set(instanceId, version)
    const work = this.load(instanceId, version)
    this.pending.push(work)
    void work.finally(() => (this.pending = this.pending.filter((p) => p !== work)))
    return work
  }

  /** Re-reads every instance (after an import replaced them): drops gone ones, adds new ones. */
  async resyncAll(): Promise<void> {
    const ids = new Set([...this.entries.keys(), ...this.instances.liveEnabledIds()])
    await Promise.all([...ids].map((id) => this.sync(id)))
  }

  /** Resolves when every pending re-read is done (tests). */
  async settled(): Promise<void> {
    while (this.pending.length) await Promise.all(this.pending)
  }

  /** The next fire time of each registered schedule, for the console. */
  upcoming(): Array<{ instanceId: string; nodeKey: string; describe: string; nextAt: string }> {
    return [...this.entries.values()].flat().map((e) => ({
      instanceId: e.instanceId,
      nodeKey: e.nodeKey,
      describe: e.schedule.describe,
      nextAt: new Date(e.nextAt).toISOString()
    }))
  }

  /** Fires every schedule that is due now. */
  tick(): void {
    const now = this.clock.now()
    for (;;) {
      const entry = this.heap[0]
      if (!entry || entry.nextAt > now) break
      this.pop()
      if (entry.dropped) continue
      const scheduledAt = entry.nextAt
      entry.nextAt = entry.schedule.next(now) ?? Number.POSITIVE_INFINITY
      if (Number.isFinite(entry.nextAt)) this.push(entry)
      else this.drop(entry)
      void this.fire(entry, scheduledAt, now)
    }
    this.arm()
  }

  close(): void {
    this.started = false
    if (this.timer) clearTimeout(this.timer)
    this.timer = undefined
    this.entries.clear()
    this.heap.length = 0
    this.live = 0
  }

  /** One timer for the earliest due time, waiting at most `tickMs`. */
  private arm(): void {
    if (!this.started) return
    if (this.timer) clearTimeout(this.timer)
    this.timer = undefined
    while (this.heap[0]?.dropped) this.pop()
    if (!this.heap.length) return
    const wait = Math.min(Math.max(0, this.heap[0].nextAt - this.clock.now()), this.tickMs)
    this.timer = setTimeout(() => this.tick(), wait)
    this.timer.unref()
  }

  /** Replaces the entries of an instance, keeping the heap in step. */
  private setEntries(instanceId: string, list: ScheduleEntry[]): void {
    for (const old of this.entries.get(instanceId) ?? []) if (!old.dropped) this.drop(old)
    if (list.length) this.entries.set(instanceId, list)
    else this.entries.delete(instanceId)
    for (const entry of list) {
      if (!Number.isFinite(entry.nextAt)) {
        entry.dropped = true // never due: kept for the listing only, not in the heap
        continue
      }
      this.live++
      this.push(entry)
    }
    // Dropped entries wait in the heap until they surface; rebuild when they outnumber the live ones.
    if (this.heap.length > 64 && this.heap.length > 2 * this.live) this.rebuild()
    this.arm()
  }

  private drop(entry: ScheduleEntry): void {
    entry.dropped = true
    this.live--
  }

  private rebuild(): void {
    const keep = this.heap.filter((e) => !e.dropped)
    this.heap.length = 0
    for (const e of keep) this.push(e)
  }

  private push(entry: ScheduleEntry): void {
    const heap = this.heap
    let i = heap.push(entry) - 1
    while (i > 0) {
      const parent = (i - 1) >> 1
      if (heap[parent].nextAt <= entry.nextAt) break
      heap[i] = heap[parent]
      i = parent
    }
    heap[i] = entry
  }

  private pop(): void {
    const heap = this.heap
    const last = heap.pop()!
    if (!heap.length) return
    let i = 0
    for (;;) {
      const left = 2 * i + 1
      if (left >= heap.length) break
      const right = left + 1
      const child = right < heap.length && heap[right].nextAt < heap[left].nextAt ? right : left
      if (heap[child].nextAt >= last.nextAt) break
      heap[i] = heap[child]
      i = child
    }
    heap[i] = last
  }

  private async fire(entry: ScheduleEntry, scheduledAt: number, now: number): Promise<void> {
    try {
      const runtime = await this.instances.runtimes.get(entry.instanceId)
      if (!runtime || runtime.archived || !runtime.enabled) return
      this.runs.start(runtime, {
        startNodeKey: entry.nodeKey,
        input: { scheduledAt: new Date(scheduledAt).toISOString(), firedAt: new Date(now).toISOString() },
        launchedBy: { type: 'schedule-trigger', ids: [entry.nodeKey] }
      })
    } catch (error) {
      this.logger.error('a scheduled flow run could not start', {
        flowInstanceId: entry.instanceId,
        nodeKey: entry.nodeKey,
        error: (error as Error).message
      })
    }
  }

  /**
   * Reads an instance's schedules from its stored nodes; the compiled runtime is loaded only when
   * one fires, so registering every schedule at start does not compile (and cache) every graph.
   */
  private async load(instanceId: string, version: number): Promise<void> {
    // Most instances have no schedule: skip parsing them.
    if (!this.instances.mayFire(instanceId, 'schedule-trigger')) {
      this.setEntries(instanceId, [])
      return
    }
    let triggers: ReturnType<FlowInstanceService['scheduleTriggers']>
    try {
      triggers = this.instances.scheduleTriggers(instanceId)
    } catch (error) {
      this.logger.warn('schedules of a flow instance could not be loaded', {
        flowInstanceId: instanceId,
        error: (error as Error).message
      })
    }
    if (this.versions.get(instanceId) !== version) return
    const previous = new Map((this.entries.get(instanceId) ?? []).map((e) => [e.nodeKey, e]))
    if (!triggers) {
      this.setEntries(instanceId, [])
      return
    }
    const now = this.clock.now()
    const list: ScheduleEntry[] = []
    for (const { nodeKey, schedule } of triggers) {
      const before = previous.get(nodeKey)
      const nextAt =
        before && before.schedule.describe === schedule.describe
          ? before.nextAt
          : (schedule.next(now) ?? Number.POSITIVE_INFINITY)
      list.push({ instanceId, nodeKey, schedule, nextAt })
    }
    this.setEntries(instanceId, list)
  }
}
