import type { AppEventTypeDto } from '../../contract/app-event-types'
import type { AppEventResult } from '../../contract/app-events'
import type { AppEventSubscriptionService } from '../app-event-subscriptions/app-event-subscription.service'
import type { AppEventTypeService } from '../app-event-types/app-event-type.service'
import type { Actor } from '../auth/actor'
import type { EngineContext } from '../common/engine-context'
import { badRequest, invalidData, notFound } from '../common/engine-error'
import { newId } from '../common/ids'
import { isTruthy } from '../expressions/formula.compiler'
import type { CustomerService } from '../customers/customer.service'
import type { FlowInstanceService } from '../flow-engine/flow-instances/flow-instance.service'
import type { PreparedAppEventTrigger } from '../flow-engine/flow-nodes/trigger-nodes'
import type { FlowRunService } from '../flow-engine/flow-runs/flow-run.service'

const EVENT_KEY = /^[A-Za-z0-9_.:-]{1,200}$/

/**
 * App events: your app posts an event for one customer, to the customer's subscription
 * `webhookUri`, to the type's global webhook (its `userIdFormula` finds the customer), or to the
 * shortcut `POST /app-events/{key}` with the customer's token. All three take the same path: the
 * payload is checked against the type's schema (400 naming the field, nothing started), the
 * customer's subscription is found (or made), every enabled flow instance of THAT customer with
 * an app-event trigger for the type (whose filter holds) starts a run, and the event is logged.
 */
export class AppEventService {
  constructor(
    private readonly ctx: EngineContext,
    private readonly instances: FlowInstanceService,
    private readonly runs: FlowRunService,
    private readonly customers: CustomerService,
    private readonly types: AppEventTypeService,
    private readonly subscriptions: AppEventSubscriptionService
  ) {}

  /** `POST /app-events/{key}`: the shortcut, with the customer's token (or an admin token and `customerId`). */
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
    let type = this.types.byKey(eventKey)
    if (!type) {
      // Flows deployed before event types existed listen to keys nobody declared: declare them now.
      if (!(await this.listening(customerId, eventKey)))
        throw invalidData(
          `There is no app event type "${eventKey}": create it (POST /app-event-types {"key": "${eventKey}", "name": …}) or deploy a flow with an app-event trigger on it. Nothing was started.`,
          [{ path: 'eventKey', message: 'unknown app event type' }]
        )
      type = this.types.declared(eventKey)
    }
    return this.deliver(type, customerId, payload)
  }

  /** A post to a subscription's `webhookUri` (the token in the URL says whose it is). */
  async receiveForSubscription(token: string, payload: unknown): Promise<AppEventResult> {
    const subscription = this.subscriptions.byToken(token)
    if (!subscription)
      throw notFound(
        'No live app event subscription has this webhook URL (it was archived, or the URL is mistyped); read webhookUri from GET /app-event-subscription again.'
      )
    const type = this.types.byId(subscription.app_event_type_id)!
    if (type.archivedAt) throw badRequest(`App event type "${type.key}" is archived; restore it to receive its events.`)
    return this.deliver(type, subscription.customer_id, payload)
  }

  /** A post to a type's `globalWebhookUri`: its `userIdFormula` finds the customer in the payload. */
  async receiveGlobal(webhookKey: string, payload: unknown): Promise<AppEventResult> {
    const type = this.types.byWebhookKey(webhookKey)
    if (!type || type.archivedAt)
      throw notFound(
        `No app event type has the webhook key "${webhookKey}"; read globalWebhookUri from GET /app-event-types.`
      )
    this.types.checkPayload(type, payload)
    const selector = await this.types.customerSelectorOf(type, payload)
    const customer = this.customers.findByInternalId(selector) ?? this.customers.findRef(selector)
    if (!customer)
      throw invalidData(
        `The userIdFormula of app event type "${type.key}" gives "${selector}", which is no customer here: send the internal id your app gives the customer's token.`,
        [{ path: 'payload', message: 'unknown customer' }]
      )
    return this.deliver(type, customer.id, payload)
  }

  private async deliver(type: AppEventTypeDto, customerId: string, payload: unknown): Promise<AppEventResult> {
    this.types.checkPayload(type, payload)
    const subscription = await this.subscriptions.ensure(type, customerId, null)
    const user = this.customers.runCustomer(customerId)
    const launched: string[] = []
    const id = newId(this.ctx.clock.now())
    for (const instanceId of this.instances.idsWithTrigger(customerId, 'app-event-trigger')) {
      const runtime = await this.instances.runtimes.get(instanceId)
      if (!runtime || runtime.archived || !runtime.enabled) continue
      for (const trigger of runtime.graph.triggers) {
        if (trigger.type !== 'app-event-trigger') continue
        const prepared = trigger.prepared as PreparedAppEventTrigger
        if (prepared.appEventKey !== type.key) continue
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
    this.subscriptions.log(subscription, payload, launched, id)
    this.ctx.logger.debug('app event received', { eventKey: type.key, customerId, launched: launched.length })
    return {
      id,
      eventKey: type.key,
      userId: customerId,
      appEventTypeId: type.id,
      appEventSubscriptionId: subscription.id,
      launchedFlowRunIds: launched
    }
  }

  /** Whether an enabled instance of the customer has an app-event trigger on this key. */
  private async listening(customerId: string, eventKey: string): Promise<boolean> {
    for (const instanceId of this.instances.idsWithTrigger(customerId, 'app-event-trigger')) {
      const runtime = await this.instances.runtimes.get(instanceId)
      if (
        runtime?.graph.triggers.some(
          (t) => t.type === 'app-event-trigger' && (t.prepared as PreparedAppEventTrigger).appEventKey === eventKey
        )
      )
        return true
    }
    return false
  }
}
