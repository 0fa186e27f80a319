import type { ChangeVersions } from '../../contract/console-views'
import type { EngineEventName, EventBus } from '../events/event-bus'

/** The topic an event moves, by the noun before the dot (`flowRun.completed` → `runs`). */
const TOPIC_OF: Record<string, keyof ChangeVersions> = {
  flowRun: 'runs',
  connection: 'connections',
  flowInstance: 'instances',
  flow: 'flows',
  customer: 'customers',
  integration: 'integrations',
  workspace: 'workspace',
  action: 'actions',
  actionInstance: 'actions'
}

/**
 * Counters per kind of thing, bumped by engine events. A page that shows runs asks for the
 * counters (cheap: no query) and reloads only when `runs` moved, so live pages cost nothing
 * while nothing happens. An import, a scenario switch or reset and an emptied workspace touch
 * everything (they all end in `snapshot.imported`).
 */
export class ChangeFeed {
  private readonly versions: ChangeVersions = {
    runs: 0,
    connections: 0,
    instances: 0,
    flows: 0,
    customers: 0,
    integrations: 0,
    workspace: 0,
    actions: 0,
    records: 0
  }
  private readonly stop: () => void

  constructor(events: EventBus) {
    this.stop = events.onAny((name: EngineEventName) => {
      if (name === 'snapshot.imported') {
        for (const topic of Object.keys(this.versions) as (keyof ChangeVersions)[]) this.versions[topic]++
        return
      }
      const topic = TOPIC_OF[name.slice(0, name.indexOf('.'))]
      if (topic) this.versions[topic]++
    })
  }

  /** Moves one counter for a change no engine event carries (sandbox records, written by the apps). */
  bump(topic: keyof ChangeVersions): void {
    this.versions[topic]++
  }

  /** The counters now (a copy). */
  current(): ChangeVersions {
    return { ...this.versions }
  }

  /** Stops following events (engine close). */
  close(): void {
    this.stop()
  }
}
