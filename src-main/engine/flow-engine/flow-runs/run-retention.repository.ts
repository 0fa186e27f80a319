import type { Statement } from 'better-sqlite3'
import type { Database } from '../../db/database'

/** A run picked for pruning. */
export interface PrunableRun {
  seq: number
  id: string
}

const FINISHED = "state NOT IN ('queued', 'running')"

/**
 * The queries of run retention, prepared once: they run every few seconds in the background and
 * each must stay an index walk (created_at, or flow_instance_id + seq), never a table scan.
 */
export class RunRetentionRepository {
  private readonly olderThan: Statement<[string, number], PrunableRun>
  private readonly nthNewest: Statement<[string, number], { seq: number }>
  private readonly ofInstanceUpTo: Statement<[string, number, number], PrunableRun>
  private readonly instancesAfter: Statement<[string, number], { id: string }>
  private readonly deleteNodeRuns: Statement<[string]>
  private readonly deleteRun: Statement<[number]>

  constructor(private readonly db: Database) {
    const sqlite = db.sqlite
    this.olderThan = sqlite.prepare(
      `SELECT seq, id FROM flow_runs INDEXED BY flow_runs_created WHERE created_at < ? AND ${FINISHED} ORDER BY created_at LIMIT ?`
    )
    this.nthNewest = sqlite.prepare(
      'SELECT seq FROM flow_runs WHERE flow_instance_id = ? ORDER BY seq DESC LIMIT 1 OFFSET ?'
    )
    this.ofInstanceUpTo = sqlite.prepare(
      `SELECT seq, id FROM flow_runs WHERE flow_instance_id = ? AND seq <= ? AND ${FINISHED} ORDER BY seq LIMIT ?`
    )
    this.instancesAfter = sqlite.prepare('SELECT id FROM flow_instances WHERE id > ? ORDER BY id LIMIT ?')
    this.deleteNodeRuns = sqlite.prepare('DELETE FROM flow_node_runs WHERE run_id = ?')
    this.deleteRun = sqlite.prepare('DELETE FROM flow_runs WHERE seq = ?')
  }

  /** Up to `limit` finished runs created before `cutoffIso`, oldest first. */
  finishedBefore(cutoffIso: string, limit: number): PrunableRun[] {
    return this.olderThan.all(cutoffIso, limit)
  }

  /** Up to `limit` finished runs of an instance beyond its `keep` newest, oldest first. */
  beyondNewest(instanceId: string, keep: number, limit: number): PrunableRun[] {
    const edge = this.nthNewest.get(instanceId, keep)
    if (!edge) return []
    return this.ofInstanceUpTo.all(instanceId, edge.seq, limit)
  }

  /** Flow instance ids after `afterId` in id order (a cursor over every instance, archived ones too). */
  instanceIds(afterId: string, limit: number): string[] {
    return this.instancesAfter.all(afterId, limit).map((r) => r.id)
  }

  /** Deletes the runs and their node runs in one transaction; returns how many runs went. */
  delete(runs: PrunableRun[]): number {
    return this.db.transaction(() => {
      let deleted = 0
      for (const run of runs) {
        this.deleteNodeRuns.run(run.id)
        deleted += this.deleteRun.run(run.seq).changes
      }
      return deleted
    })
  }

  /** Returns up to `pages` free pages to the file system (a no-op unless auto_vacuum is INCREMENTAL). */
  releaseFreePages(pages: number): void {
    this.db.sqlite.pragma(`incremental_vacuum(${Math.max(1, Math.floor(pages))})`)
  }

  /** Pages on the free list. */
  freePages(): number {
    return Number(this.db.sqlite.pragma('freelist_count', { simple: true }))
  }
}
