import type { FlowInstanceService } from '../flow-instances/flow-instance.service'
import type { InstanceRuntime } from '../flow-instances/instance-runtime.cache'
import type { PreparedSchedule } from '../flow-nodes/trigger-nodes'
import type { FlowRunService } from '../flow-runs/flow-run.service'
import type { ClockPort, LoggerPort } from '../ports'

interface ScheduleEntry {
  instanceId: string
  nodeKey: string
  schedule: PreparedSchedule
  nextAt: number
}

/** Options of {@link FlowScheduler}. */
export interface FlowSchedulerOptions {
  /** How often (real time, ms) the scheduler compares the engine clock with the next fire times (default 1000). */
  tickMs?: number
}

/**
 * Fires schedule triggers of enabled, live instances by the engine clock. One timer checks
 * every `tickMs` whether any schedule is due (so a manual clock moved forward in a test is
 * noticed at the next tick); a due schedule starts one run, even if several occurrences were
 * missed, and is set to its next occurrence after now. Instances are re-read when they change.
 */
export class FlowScheduler {
  private readonly entries = new Map<string, ScheduleEntry[]>()
  private readonly versions = new Map<string, number>()
  private timer: NodeJS.Timeout | undefined
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
    for (const row of this.instances.repo.liveEnabled()) await this.sync(row.id)
    this.timer = setInterval(() => this.tick(), this.tickMs)
    this.timer.unref()
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
    const ids = new Set([...this.entries.keys(), ...this.instances.repo.liveEnabled().map((r) => r.id)])
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
    for (const list of this.entries.values()) {
      for (const entry of list) {
        if (entry.nextAt > now) continue
        const scheduledAt = entry.nextAt
        entry.nextAt = entry.schedule.next(now) ?? Number.POSITIVE_INFINITY
        void this.fire(entry, scheduledAt, now)
      }
    }
  }

  close(): void {
    if (this.timer) clearInterval(this.timer)
    this.timer = undefined
    this.entries.clear()
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

  private async load(instanceId: string, version: number): Promise<void> {
    const row = this.instances.repo.byId(instanceId)
    // Most instances have no schedule: skip compiling them (and loading JSONata at start-up).
    if (!row || row.archived_at || !row.enabled || !row.nodes.includes('"schedule-trigger"')) {
      this.entries.delete(instanceId)
      return
    }
    let runtime: InstanceRuntime | undefined
    try {
      runtime = await this.instances.runtimes.get(instanceId)
    } catch (error) {
      this.logger.warn('schedules of a flow instance could not be loaded', {
        flowInstanceId: instanceId,
        error: (error as Error).message
      })
    }
    if (this.versions.get(instanceId) !== version) return
    const previous = new Map((this.entries.get(instanceId) ?? []).map((e) => [e.nodeKey, e]))
    if (!runtime || runtime.archived || !runtime.enabled) {
      this.entries.delete(instanceId)
      return
    }
    const now = this.clock.now()
    const list: ScheduleEntry[] = []
    for (const node of runtime.graph.triggers) {
      if (node.type !== 'schedule-trigger') continue
      const schedule = node.prepared as PreparedSchedule
      const before = previous.get(node.key)
      const nextAt =
        before && before.schedule.describe === schedule.describe
          ? before.nextAt
          : (schedule.next(now) ?? Number.POSITIVE_INFINITY)
      list.push({ instanceId, nodeKey: node.key, schedule, nextAt })
    }
    if (list.length) this.entries.set(instanceId, list)
    else this.entries.delete(instanceId)
  }
}
