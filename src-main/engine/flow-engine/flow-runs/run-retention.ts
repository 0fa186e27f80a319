import type { ClockPort, LoggerPort } from '../../ports'
import type { Database } from '../../db/database'
import { RunRetentionRepository } from './run-retention.repository'

/** The limits retention applies; null = no limit. */
export interface RetentionLimits {
  days: number | null
  perInstance: number | null
}

/** Options of {@link RunRetention}. */
export interface RunRetentionOptions {
  /** Real-time delay before the first pass after start (default 5 s, off the start-up path). */
  firstDelayMs?: number
  /** Real-time pause between passes when nothing was left to prune (default 60 s). */
  intervalMs?: number
  /** Real-time pause between batches while a pass still finds runs (default 25 ms). */
  batchPauseMs?: number
  /** Runs deleted per batch (one short transaction each; default 500). */
  batchSize?: number
  /**
   * Flow instances whose count is checked per batch (default 10). Each check walks up to the
   * per-instance limit of index entries (10,000 by default) to find the newest run to keep, so
   * 200 instances of 5,000 runs were one 100 ms block of the event loop (bench/runs.mjs data);
   * 10 are ~5 ms.
   */
  instancesPerBatch?: number
  /** Free pages returned to the file system per batch (default 2000, 8 MB at 4 KB pages). */
  vacuumPages?: number
}

/** What one batch did. */
export interface PruneBatch {
  deleted: number
  /** True when the pass is over: nothing older than the limits was left to find. */
  done: boolean
}

/**
 * Run retention, like n8n's execution pruning: finished runs older than the workspace's
 * retention days, and those beyond its per-instance count, are deleted with their node runs in
 * small batches on a timer, never on a request's path; each batch is one short transaction, so
 * runs being written meanwhile wait at most one batch. Freed pages go back to the file system
 * with incremental vacuum. Queued and running runs are never touched.
 */
export class RunRetention {
  private readonly repo: RunRetentionRepository
  private timer: NodeJS.Timeout | undefined
  private instanceCursor = ''
  private closed = false
  private readonly intervalMs: number
  private readonly firstDelayMs: number
  private readonly batchPauseMs: number
  private readonly batchSize: number
  private readonly instancesPerBatch: number
  private readonly vacuumPages: number

  constructor(
    db: Database,
    private readonly limits: () => RetentionLimits,
    private readonly clock: ClockPort,
    private readonly logger: LoggerPort,
    options: RunRetentionOptions = {}
  ) {
    this.repo = new RunRetentionRepository(db)
    this.intervalMs = options.intervalMs ?? 60_000
    this.firstDelayMs = options.firstDelayMs ?? 5000
    this.batchPauseMs = options.batchPauseMs ?? 25
    this.batchSize = options.batchSize ?? 500
    this.instancesPerBatch = options.instancesPerBatch ?? 10
    this.vacuumPages = options.vacuumPages ?? 2000
  }

  /** Starts pruning on a timer (the first pass soon after start, off the start-up path). */
  start(): void {
    this.arm(this.firstDelayMs)
  }

  close(): void {
    this.closed = true
    if (this.timer) clearTimeout(this.timer)
    this.timer = undefined
  }

  /**
   * One batch: up to `batchSize` runs past the age limit, else up to `batchSize` runs beyond the
   * count limit of the next instances in the cursor. Public so tests can step it.
   */
  pruneBatch(): PruneBatch {
    // Runs still buffered in memory are 'running' in the table, so they are never picked.
    const { days, perInstance } = this.limits()
    let deleted = 0
    if (days !== null) {
      const cutoff = new Date(this.clock.now() - days * 86_400_000).toISOString()
      const old = this.repo.finishedBefore(cutoff, this.batchSize)
      if (old.length) deleted += this.repo.delete(old)
      if (old.length === this.batchSize) return this.finishBatch(deleted, false)
    }
    if (perInstance === null) return this.finishBatch(deleted, true)
    let budget = this.batchSize - deleted
    const ids = this.repo.instanceIds(this.instanceCursor, this.instancesPerBatch)
    for (const id of ids) {
      const extra = this.repo.beyondNewest(id, perInstance, budget)
      if (extra.length) {
        deleted += this.repo.delete(extra)
        budget -= extra.length
      }
      // This instance may still have more: stay on it for the next batch.
      if (budget <= 0) return this.finishBatch(deleted, false)
      this.instanceCursor = id
    }
    const wrapped = ids.length < this.instancesPerBatch
    if (wrapped) this.instanceCursor = ''
    return this.finishBatch(deleted, wrapped && deleted === 0)
  }

  /** Runs batches until a pass finds nothing (tests and the CLI; the timer does the same, paced). */
  pruneAll(): number {
    let total = 0
    for (;;) {
      const batch = this.pruneBatch()
      total += batch.deleted
      if (batch.done) return total
    }
  }

  private finishBatch(deleted: number, done: boolean): PruneBatch {
    if (deleted > 0 || this.repo.freePages() > 0) this.repo.releaseFreePages(this.vacuumPages)
    return { deleted, done }
  }

  private arm(delay: number): void {
    if (this.closed) return
    this.timer = setTimeout(() => {
      let next = this.intervalMs
      try {
        const batch = this.pruneBatch()
        if (!batch.done) next = this.batchPauseMs
      } catch (error) {
        this.logger.warn('pruning old flow runs failed; will retry', { error: String(error) })
      }
      this.arm(next)
    }, delay)
    this.timer.unref()
  }
}
