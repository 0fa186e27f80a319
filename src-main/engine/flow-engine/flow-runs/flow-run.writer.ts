import type { FlowRunState } from '../../../contract/flow-runs'
import type { Database } from '../../db/database'
import type { LoggerPort } from '../../ports'
import type { FlowNodeRunWrite, FlowRunRepository } from './flow-run.repository'
import type { LiveRun } from './live-run'

/** Called after a write commits with the states a run reached since the previous write, in order. */
export type TransitionListener = (run: LiveRun, states: FlowRunState[]) => void

/**
 * Group commit for runs. Changes to runs and finished node runs are buffered and written in
 * one transaction per event-loop turn (on `setImmediate`), so a burst of runs costs one
 * commit, not one per row, and no run needs a timer. Readers call {@link flush} first, so
 * what they read is never behind. Events for state changes go out after the commit.
 */
export class FlowRunWriter {
  private readonly dirty = new Set<LiveRun>()
  private nodeRuns: FlowNodeRunWrite[] = []
  private scheduled: Promise<void> | undefined
  private failure: Error | undefined
  private closed = false

  constructor(
    private readonly db: Database,
    private readonly repo: FlowRunRepository,
    private readonly logger: LoggerPort,
    private readonly onTransition: TransitionListener
  ) {}

  /** Marks a run as changed; it is written with the next flush. */
  touch(run: LiveRun): void {
    if (this.closed) return
    this.dirty.add(run)
    this.schedule()
  }

  /** Buffers a finished node run. */
  addNodeRun(row: FlowNodeRunWrite): void {
    if (this.closed) return
    this.nodeRuns.push(row)
    this.schedule()
  }

  /** Resolves after the flush that includes everything buffered so far (rejects if it failed). */
  whenWritten(): Promise<void> {
    return this.scheduled ?? (this.failure ? Promise.reject(this.failure) : Promise.resolve())
  }

  /** Writes everything buffered now, in one transaction; then emits the transitions. */
  flush(): void {
    if (!this.dirty.size && !this.nodeRuns.length) return
    const runs = [...this.dirty]
    const nodeRuns = this.nodeRuns
    this.dirty.clear()
    this.nodeRuns = []
    try {
      this.db.transaction(() => {
        for (const run of runs) {
          if (run.persisted) this.repo.updateRun(run.toUpdate())
          else this.repo.insertRun(run.toRow())
        }
        for (const row of nodeRuns) this.repo.insertNodeRun(row)
      })
    } catch (error) {
      for (const run of runs) this.dirty.add(run)
      this.nodeRuns = nodeRuns.concat(this.nodeRuns)
      this.failure = error as Error
      this.logger.error('writing flow runs failed; will retry with the next change', {
        error: String(error),
        runs: runs.length,
        nodeRuns: nodeRuns.length
      })
      throw error
    }
    this.failure = undefined
    for (const run of runs) {
      run.persisted = true
      const transitions = run.transitions
      if (!transitions.length) continue
      run.transitions = []
      this.onTransition(run, transitions)
    }
  }

  /** Writes what is left and ignores later changes (the database is about to close). */
  close(): void {
    try {
      this.flush()
    } finally {
      this.closed = true
    }
  }

  private schedule(): void {
    if (this.scheduled) return
    this.scheduled = new Promise<void>((resolve, reject) => {
      setImmediate(() => {
        this.scheduled = undefined
        if (this.closed) return resolve()
        try {
          this.flush()
          resolve()
        } catch (error) {
          reject(error)
        }
      })
    })
    this.scheduled.catch(() => undefined)
  }
}
