import { Cron } from 'croner'
import type { ErrorDetail } from '../../../contract/errors'
import { FLOW_NODE_TYPES } from '../../../contract/flow-node-types'
import { checkAgainstSchema, checkJsonSchema } from '../../common/json-schema'
import { compileExpression, type Evaluator } from '../../expressions/formula.compiler'
import { NodeConfigError, type FlowNodeHandler } from './node-handler'

interface InputTriggerConfig {
  inputSchema?: Record<string, unknown>
  defaultInput?: unknown
}

function prepareInputSchema(config: InputTriggerConfig, path: string): InputTriggerConfig {
  if (config.inputSchema !== undefined) {
    const problems = checkJsonSchema(config.inputSchema, `${path}.inputSchema`)
    if (problems.length) throw new NodeConfigError(problems[0].path, problems.map((p) => p.message).join('; '))
  }
  return config
}

function checkInputSchema(config: InputTriggerConfig, input: unknown, root: string): ErrorDetail[] {
  return config.inputSchema ? checkAgainstSchema(config.inputSchema, input ?? {}, root) : []
}

/** `api-trigger`: started through the API; its output is the run input. */
export const apiTriggerNode: FlowNodeHandler<InputTriggerConfig> = {
  spec: FLOW_NODE_TYPES['api-trigger'],
  prepare: (config, path) => prepareInputSchema(config as InputTriggerConfig, path),
  checkInput: (config, input, root) => checkInputSchema(config, input, root),
  run: async (_config, execution) => ({ output: execution.runInput ?? {} })
}

/** `manual-trigger`: started by hand; its output is the given input or `defaultInput`. */
export const manualTriggerNode: FlowNodeHandler<InputTriggerConfig> = {
  spec: FLOW_NODE_TYPES['manual-trigger'],
  prepare: (config, path) => prepareInputSchema(config as InputTriggerConfig, path),
  checkInput: (config, input, root) => checkInputSchema(config, input ?? config.defaultInput, root),
  run: async (config, execution) => ({ output: execution.runInput ?? config.defaultInput ?? {} })
}

/** A compiled schedule: when it fires next after a given time. */
export interface PreparedSchedule {
  describe: string
  next(afterMs: number): number | undefined
}

/**
 * Cron objects by time zone and pattern, shared by every schedule that names the same pair: a
 * croner Cron holds ~80 KB, so 10,000 deployed instances on one daily pattern held ~800 MB
 * (bench/scheduler.mjs). A paused Cron's nextRun depends only on its pattern, its time zone and
 * the date it is asked about, so sharing one changes no answer.
 */
const CRONS = new Map<string, Cron>()
const CRONS_LIMIT = 1000

function cronFor(cron: string, timezone: string | undefined): Cron {
  const key = `${timezone ?? ''}\u0000${cron}`
  let pattern = CRONS.get(key)
  if (!pattern) {
    pattern = new Cron(cron, { paused: true, timezone })
    pattern.nextRun(new Date(0))
    if (CRONS.size >= CRONS_LIMIT) CRONS.clear()
    CRONS.set(key, pattern)
  }
  return pattern
}

/** `schedule-trigger`: fired by the scheduler; its output is `{scheduledAt, firedAt}`. */
export const scheduleTriggerNode: FlowNodeHandler<PreparedSchedule> = {
  spec: FLOW_NODE_TYPES['schedule-trigger'],
  prepare(config, path) {
    const { intervalMinutes, cron, timezone } = config as { intervalMinutes?: number; cron?: string; timezone?: string }
    if ((intervalMinutes === undefined) === (cron === undefined)) {
      throw new NodeConfigError(
        path,
        `${path} needs exactly one of intervalMinutes (e.g. 60) or cron (e.g. "0 9 * * 1-5").`
      )
    }
    if (intervalMinutes !== undefined) {
      if (timezone !== undefined)
        throw new NodeConfigError(
          `${path}.timezone`,
          `${path}.timezone applies only to cron patterns; remove it or use cron.`
        )
      const step = intervalMinutes * 60_000
      return {
        describe: `every ${intervalMinutes} minute${intervalMinutes === 1 ? '' : 's'}`,
        next: (after) => after + step
      }
    }
    let pattern: Cron
    try {
      pattern = cronFor(cron!, timezone)
    } catch (error) {
      const message = (error as Error).message
      const where = /timezone/i.test(message) ? `${path}.timezone` : `${path}.cron`
      throw new NodeConfigError(where, `${where} is not valid: ${message}`)
    }
    return {
      describe: `cron "${cron}"${timezone ? ` (${timezone})` : ''}`,
      next: (after) => pattern.nextRun(new Date(after))?.getTime()
    }
  },
  run: async (_config, execution) => ({ output: execution.runInput ?? {} })
}

/** A compiled app-event trigger: its event key and optional filter. */
export interface PreparedAppEventTrigger {
  appEventKey: string
  filter?: Evaluator
}

/** `app-event-trigger`: started by POST /app-events/{key}; its output is the event payload. */
export const appEventTriggerNode: FlowNodeHandler<PreparedAppEventTrigger> = {
  spec: FLOW_NODE_TYPES['app-event-trigger'],
  prepare(config, path) {
    const { appEventKey, filter } = config as { appEventKey: string; filter?: unknown }
    return { appEventKey, filter: filter === undefined ? undefined : compileExpression(filter, `${path}.filter`) }
  },
  run: async (_config, execution) => ({ output: execution.runInput ?? {} })
}
