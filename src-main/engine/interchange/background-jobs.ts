import type { BackgroundJobDto, JobTrigger } from '../../contract/interchange'
import type { EngineContext } from '../common/engine-context'
import { EngineError, accessDenied, notFound } from '../common/engine-error'
import { newId, randomSecret } from '../common/ids'

const KEEP_JOBS = 100

interface Job {
  dto: BackgroundJobDto
  accessKey: string
  done: Promise<void>
}

/**
 * Export and import jobs, kept in memory (the latest 100): Membrane answers both with a job to
 * poll, so clients written for it work unchanged. Jobs run one after another, so two imports
 * never interleave their writes.
 */
export class BackgroundJobs {
  private readonly jobs = new Map<string, Job>()
  private queue: Promise<void> = Promise.resolve()

  constructor(private readonly ctx: EngineContext) {}

  /** Queues `work`; it reports progress (0..100) and returns the job's result. */
  start(
    type: BackgroundJobDto['type'],
    work: (progress: (percent: number) => void) => Promise<Record<string, unknown>>
  ): JobTrigger {
    const dto: BackgroundJobDto = {
      id: newId(this.ctx.clock.now()),
      type,
      status: 'pending',
      progress: 0,
      createdAt: this.ctx.nowIso()
    }
    const accessKey = randomSecret(24)
    const run = async (): Promise<void> => {
      dto.status = 'active'
      try {
        dto.result = await work((percent) => (dto.progress = Math.max(0, Math.min(100, Math.round(percent)))))
        dto.status = 'completed'
        dto.progress = 100
      } catch (error) {
        dto.status = 'failed'
        dto.error =
          error instanceof EngineError
            ? { type: error.type, key: error.key, message: error.message, data: error.data }
            : { type: 'internal', message: (error as Error).message }
      }
      dto.finishedAt = this.ctx.nowIso()
    }
    const done = this.queue.then(run)
    this.queue = done
    this.jobs.set(dto.id, { dto, accessKey, done })
    while (this.jobs.size > KEEP_JOBS) this.jobs.delete(this.jobs.keys().next().value!)
    return { jobId: dto.id, accessKey }
  }

  /** A job; without an admin caller the access key must match. */
  get(id: string, access: { admin: boolean; accessKey?: string }): BackgroundJobDto {
    const job = this.jobs.get(id)
    if (!job) throw notFound(`No background job "${id}" (jobs are kept in memory, the latest ${KEEP_JOBS}).`)
    if (!access.admin && access.accessKey !== job.accessKey)
      throw accessDenied(`Reading job "${id}" needs an admin token or its accessKey (?accessKey=).`)
    return structuredClone(job.dto)
  }

  /** Resolves when the job has finished (tests and the Workbench CLI wait on it). */
  async settled(id: string): Promise<BackgroundJobDto> {
    const job = this.jobs.get(id)
    if (!job) throw notFound(`No background job "${id}".`)
    await job.done
    return structuredClone(job.dto)
  }
}
