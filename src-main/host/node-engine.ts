import { mkdirSync } from 'node:fs'
import { createEngine, type ClockPort, type Engine, type EngineOptions, type LoggerPort } from '../engine'
import { createAesKeyFileSecretPort } from './aes-key-file.secret-port'
import { createConsoleLogger, logLevelFrom } from './console-logger'
import { registerDemoScenario } from './demo-scenario'
import { systemClock } from './system-clock'

/** Options for an engine on plain Node. */
export interface NodeEngineOptions extends EngineOptions {
  dataDir: string
  clock?: ClockPort
  logger?: LoggerPort
}

/** An engine with Node's ports: the AES key file, the system clock and a stderr logger. */
export async function createNodeEngine(options: NodeEngineOptions): Promise<Engine> {
  mkdirSync(options.dataDir, { recursive: true })
  const { dataDir, clock, logger, ...engineOptions } = options
  const engine = await createEngine(
    {
      dataFolder: { root: dataDir },
      secrets: createAesKeyFileSecretPort(dataDir),
      clock: clock ?? systemClock,
      logger: logger ?? createConsoleLogger(logLevelFrom(process.env.WORKBENCH_LOG_LEVEL))
    },
    engineOptions
  )
  return registerDemoScenario(engine)
}
