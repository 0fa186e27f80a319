import type { AppEventResult } from '../../contract/app-events'
import type { Actor } from '../auth/actor'
import type { EngineContext } from '../common/engine-context'
import { badRequest, invalidData } from '../common/engine-error'
import { newId } from '../common/ids'
import { isTruthy } from '../expressions/formula.compiler'
import type { CustomerService } from '../customers/customer.service'
import type { FlowInstanceService } from '../flow-instances/flow-instance.service'
import type { PreparedAppEventTrigger } from '../flow-nodes/trigger-nodes'
import type { FlowRunService } from '../flow-runs/flow-run.service'

const EVENT_KEY = /^[A-Za-z0-9_.:-]{1,200}$/

/**
 * App events: your app posts an event (a key and a payload) for one customer, and every
 * enabled flow instance of that customer with an app-event trigger for that key (whose filter
 * holds) starts a run with the payload as input.
 */
export class AppEventService {
  constructor(
    private readonly ctx: EngineContext,
    private readonly instances: FlowInstanceService,
    private readonly runs: FlowRunService,
    private readonly customers: CustomerService
  ) {}

  async receive(
    actor: Actor,
    eventKey: string,
    payload: unknown,
    options: { customerId?: string } = {}
  ): Promise<AppEventResult> {
    if (!EVENT_KEY.test(eventKey)) {
      throw invalidData(`The event key "${eventKey}" may contain only letters, digits, "_", ".", ":" and "-".`, [
        { path: 'eventKey', message: 'invalid key' }
      ])
    }
    let customerId: string
    if (actor.kind === 'customer') customerId = actor.customer.id
    else if (options.customerId) customerId = this.customers.rowOf(options.customerId).id
    else if (actor.customer) customerId = actor.customer.id
    else
      throw badRequest(
        "An app event sent with an admin token must say whose it is: add ?customerId=<customer id or internal id>, or send it with the customer's token."
      )
    const customer = this.customers.repo.byId(customerId)!
    const user = {
      id: customer.id,
      internalId: customer.internal_id,
      name: customer.name,
      fields: JSON.parse(customer.fields)
    }
    const launched: string[] = []
    const id = newId(this.ctx.clock.now())
    const rows = this.instances.repo.list({ customerId, enabled: true, afterSeq: 0, limit: 10_000 })
    for (const row of rows) {
      if (!row.nodes.includes('"app-event-trigger"')) continue
      const runtime = await this.instances.runtimes.get(row.id)
      if (!runtime || runtime.archived || !runtime.enabled) continue
      for (const trigger of runtime.graph.triggers) {
        if (trigger.type !== 'app-event-trigger') continue
        const prepared = trigger.prepared as PreparedAppEventTrigger
        if (prepared.appEventKey !== eventKey) continue
        if (prepared.filter && !isTruthy(await prepared.filter({ payload, user }))) continue
        const run = this.runs.start(runtime, {
          startNodeKey: trigger.key,
          input: payload ?? {},
          launchedBy: { type: 'app-event-trigger', ids: [id] }
        })
        launched.push(run.id)
      }
    }
    await this.runs.whenWritten()
    this.ctx.logger.debug('app event received', { eventKey, customerId, launched: launched.length })
    return { id, eventKey, userId: customerId, launchedFlowRunIds: launched }
  }
}
