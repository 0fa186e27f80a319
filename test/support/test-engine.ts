import type { ClockPort, Engine, EngineOptions } from '../../src-main/engine'
import { createNodeEngine } from '../../src-main/host/node-engine'
import { createMemoryLogger } from './memory-logger'
import { makeTempDir } from './temp-dir'

/** Options of {@link createTestEngine}. */
export interface TestEngineOptions {
  dataDir?: string
  clock?: ClockPort
  workspaceKey?: string
  workspaceSecret?: string
  /** Further engine options (flow runner settings, webhook retries). */
  engineOptions?: EngineOptions
}

/** A real engine on a real SQLite file in a temp folder, with a memory logger. */
export async function createTestEngine(
  options: TestEngineOptions = {}
): Promise<Engine & { logs: ReturnType<typeof createMemoryLogger> }> {
  const logs = createMemoryLogger()
  const engine = await createNodeEngine({
    ...options.engineOptions,
    dataDir: options.dataDir ?? makeTempDir(),
    clock: options.clock,
    logger: logs,
    workspaceKey: options.workspaceKey,
    workspaceSecret: options.workspaceSecret
  })
  return Object.assign(engine, { logs })
}
