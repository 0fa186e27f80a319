import type {
  ExternalEventLogRecordDto,
  ExternalEventPullDto,
  ExternalEventSubscriptionDto
} from '../../contract/external-events'
import type { ElementError } from '../../contract/flows'
import type { Page, PageQuery } from '../../contract/pagination'
import { maySee, type Actor } from '../auth/actor'
import { notFound } from '../common/engine-error'
import { fromJsonColumn } from '../common/json-column'
import { decodeSeqCursor, pageLimit, seqPage } from '../common/listing'
import type { ConnectionService } from '../connections/connection.service'
import type { ConnectionView } from '../connections/connection.view'
import type { CustomerService } from '../customers/customer.service'
import type {
  RecordTriggerService,
  RecordTriggerSubscription
} from '../flow-engine/record-triggers/record-trigger.service'
import type { ExternalEventLog } from './external-event.log'
import type { ExternalEventLogRecordRow, ExternalEventPullRow } from './external-event.repository'

/** Filters of the external event listings (subscriptions, log records, pulls). */
export interface ExternalEventQuery extends PageQuery {
  userId?: string
  connectionId?: string
  integrationId?: string
  externalEventSubscriptionId?: string
  status?: string
}

/** The fields a log record and a pull share (see `eventRecordDto`). */
type EventRecordHead = Pick<
  ExternalEventLogRecordDto,
  'id' | 'name' | 'userId' | 'externalEventSubscriptionId' | 'integrationId' | 'connectionId' | 'createdAt' | 'error'
>

const TYPE_OF = {
  created: 'data-record-created',
  updated: 'data-record-updated',
  deleted: 'data-record-deleted'
} as const

/**
 * External events as Membrane shows them: the app webhooks a customer's connection holds (the
 * data-record triggers' subscriptions, see `record-triggers/`), with `subscribe`, `unsubscribe`,
 * `resubscribe` and `pullEvents`, and the logs of what they received and pulled. A customer
 * token sees its own connections' subscriptions only.
 */
export class ExternalEventService {
  constructor(
    private readonly triggers: RecordTriggerService,
    private readonly log: ExternalEventLog,
    private readonly connections: ConnectionService,
    private readonly customers: CustomerService
  ) {}

  list(actor: Actor, query: ExternalEventQuery = {}): Page<ExternalEventSubscriptionDto> {
    const limit = pageLimit(query.limit)
    const rows = this.triggers.subscriptions({
      connectionIds: this.connectionIds(actor, query),
      status: query.status,
      afterSeq: decodeSeqCursor(query.cursor),
      limit
    })
    return seqPage(rows, limit, (page) => page.map((row) => this.dto(row)))
  }

  get(actor: Actor, id: string): ExternalEventSubscriptionDto {
    return this.dto(this.require(actor, id).row)
  }

  async subscribe(actor: Actor, id: string): Promise<ExternalEventSubscriptionDto> {
    const { row, connection } = this.require(actor, id)
    if (row.status !== 'subscribed') await this.triggers.resubscribe(row.id, this.customerOf(connection))
    return this.get(actor, id)
  }

  async resubscribe(actor: Actor, id: string): Promise<ExternalEventSubscriptionDto> {
    const { row, connection } = this.require(actor, id)
    await this.triggers.resubscribe(row.id, this.customerOf(connection))
    return this.get(actor, id)
  }

  async unsubscribe(actor: Actor, id: string): Promise<ExternalEventSubscriptionDto> {
    const { row, connection } = this.require(actor, id)
    await this.triggers.unsubscribe(row.id, this.customerOf(connection))
    return this.get(actor, id)
  }

  /** Pulls the changes since the cursor from the app; answers the pull record. */
  async pullEvents(actor: Actor, id: string): Promise<ExternalEventPullDto> {
    const { row, connection } = this.require(actor, id)
    const pullId = await this.triggers.pull(row.id, this.customerOf(connection))
    return this.pullDto(this.log.pullById(pullId)!)
  }

  logs(actor: Actor, query: ExternalEventQuery = {}): Page<ExternalEventLogRecordDto> {
    const limit = pageLimit(query.limit)
    const rows = this.log.logs({
      ...this.logFilter(actor, query),
      beforeSeq: decodeSeqCursor(query.cursor),
      limit
    })
    return seqPage(rows, limit, (page) => page.map((row) => this.logDto(row)))
  }

  logRecord(actor: Actor, id: string): ExternalEventLogRecordDto {
    const row = this.log.logById(id)
    if (!row || !maySee(actor, row.customer_id)) throw notFound(`External event log record ${id} does not exist.`)
    return this.logDto(row)
  }

  pulls(actor: Actor, query: ExternalEventQuery = {}): Page<ExternalEventPullDto> {
    const limit = pageLimit(query.limit)
    const rows = this.log.pulls({
      ...this.logFilter(actor, query),
      beforeSeq: decodeSeqCursor(query.cursor),
      limit
    })
    return seqPage(rows, limit, (page) => page.map((row) => this.pullDto(row)))
  }

  pull(actor: Actor, id: string): ExternalEventPullDto {
    const row = this.log.pullById(id)
    if (!row || !maySee(actor, row.customer_id)) throw notFound(`External event pull ${id} does not exist.`)
    return this.pullDto(row)
  }

  private dto(subscription: RecordTriggerSubscription): ExternalEventSubscriptionDto {
    const connection = this.connections.byId(subscription.connectionId)
    const { events } = subscription
    const dto: ExternalEventSubscriptionDto = {
      id: subscription.id,
      name: `${connection?.integration_name ?? 'App'}: ${subscription.collectionKey} ${events.join('/')}`,
      userId: connection?.customer_id ?? '',
      connectionId: subscription.connectionId,
      integrationId: connection?.integration_id ?? '',
      config: {
        type: TYPE_OF[events[0]] ?? 'connector-event',
        dataSource: { collectionKey: subscription.collectionKey }
      },
      status: subscription.status as ExternalEventSubscriptionDto['status'],
      isRealTime: true,
      requiresPull: false,
      webhookUri: subscription.callbackUrl,
      stateData: subscription.cursor,
      flowInstanceId: subscription.flowInstanceId,
      nodeKey: subscription.nodeKey,
      eventsReceived: subscription.eventsReceived,
      createdAt: subscription.createdAt,
      updatedAt: subscription.updatedAt
    }
    if (subscription.error) dto.error = subscription.error
    return dto
  }

  private logDto(row: ExternalEventLogRecordRow): ExternalEventLogRecordDto {
    return this.eventRecordDto(row, {
      payload: fromJsonColumn(row.payload, undefined),
      launchedFlowRunIds: fromJsonColumn(row.launched_flow_run_ids),
      status: row.status as ExternalEventLogRecordDto['status']
    })
  }

  private pullDto(row: ExternalEventPullRow): ExternalEventPullDto {
    return this.eventRecordDto(row, {
      startDatetime: row.start_datetime,
      endDatetime: row.end_datetime,
      status: row.status as ExternalEventPullDto['status'],
      collectedEventIds: fromJsonColumn(row.collected_event_ids)
    })
  }

  /**
   * A log record and a pull are both records of one subscription's traffic: the same head (whose
   * subscription, customer, integration and connection), their own fields, `createdAt`, and the
   * error when there was one. One place builds them so the two listings cannot drift apart.
   */
  private eventRecordDto<Own extends object>(
    row: ExternalEventLogRecordRow | ExternalEventPullRow,
    own: Own
  ): EventRecordHead & Own {
    const connection = this.connections.byId(row.connection_id)
    const dto: EventRecordHead & Own = {
      id: row.id,
      name: this.nameOf(row.external_event_subscription_id, connection),
      userId: row.customer_id,
      externalEventSubscriptionId: row.external_event_subscription_id,
      integrationId: connection?.integration_id ?? '',
      connectionId: row.connection_id,
      ...own,
      createdAt: row.created_at
    }
    const error = fromJsonColumn<ElementError | null>(row.error, null)
    if (error) dto.error = error
    return dto
  }

  private nameOf(subscriptionId: string, connection: ConnectionView | undefined): string {
    const subscription = this.triggers.subscription(subscriptionId)
    return `${connection?.integration_name ?? 'App'}: ${subscription ? subscription.collectionKey : 'record'} event`
  }

  private require(actor: Actor, id: string): { row: RecordTriggerSubscription; connection: ConnectionView } {
    const row = this.triggers.subscription(id)
    const connection = row && this.connections.byId(row.connectionId)
    if (!row || !connection || !maySee(actor, connection.customer_id))
      throw notFound(
        `External event subscription ${id} does not exist (or belongs to another customer); list them with GET /external-event-subscriptions.`
      )
    return { row, connection }
  }

  private customerOf(connection: ConnectionView): { id: string; internalId: string } {
    return { id: connection.customer_id, internalId: this.customers.internalIdOf(connection.customer_id) }
  }

  /** The connections a listing may show: the actor's own (or the named customer's), narrowed by the query. */
  private connectionIds(actor: Actor, query: ExternalEventQuery): string[] | undefined {
    const customerId = this.customerFilter(actor, query.userId)
    if (!customerId && !query.connectionId && !query.integrationId) return undefined
    return this.connections
      .idsOf({ customerId, integrationId: query.integrationId })
      .filter((id) => !query.connectionId || id === query.connectionId)
  }

  private logFilter(
    actor: Actor,
    query: ExternalEventQuery
  ): { customerId?: string; connectionId?: string; subscriptionId?: string } {
    return {
      customerId: this.customerFilter(actor, query.userId),
      connectionId: query.connectionId,
      subscriptionId: query.externalEventSubscriptionId
    }
  }

  private customerFilter(actor: Actor, userId: string | undefined): string | undefined {
    if (actor.kind === 'customer') return actor.customer.id
    if (userId) return this.customers.rowOf(userId).id
    return actor.customer?.id
  }
}
