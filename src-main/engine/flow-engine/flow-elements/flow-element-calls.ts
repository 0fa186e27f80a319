import type { ElementError } from '../../../contract/flows'
import type { Actor, CustomerRef } from '../../auth/actor'
import { parseJsonColumn } from '../../common/json-column'
import type { ConnectionService } from '../../connections/connection.service'
import type { DataSourceInstanceService } from '../../data-source-instances/data-source-instance.service'
import type { FieldMappingInstanceService } from '../../field-mapping-instances/field-mapping-instance.service'
import { dataSourceKeyOf, fieldMappingKeyOf } from '../flow-nodes/connection-nodes'
import type { FlowElementCalls, RunConnection } from '../flow-nodes/node-handler'

/** What deploying one node's data source and field mapping found: the collection to use, or why not. */
export interface NodeElementSetup {
  collection?: string
  errors: ElementError[]
}

/**
 * Data sources and field mappings as flows use them: nodes name them by key, and the customer's
 * instances on the node's connection (made on first use) say which collection and which mapping
 * apply, so a customer's customisation is what the next run uses. Deploying a flow instance sets
 * those instances up and reports their setup errors on the flow instance.
 */
export class FlowElementCallService implements FlowElementCalls {
  constructor(
    private readonly connections: ConnectionService,
    private readonly dataSourceInstances: DataSourceInstanceService,
    private readonly fieldMappingInstances: FieldMappingInstanceService
  ) {}

  async collection(connection: RunConnection, dataSourceKey: string): Promise<string> {
    const { actor, connectionId } = this.place(connection)
    const row = await this.dataSourceInstances.ensure(actor, { dataSourceKey, connectionId, autoCreate: true })
    return this.dataSourceInstances.collectionKeyOf(row)
  }

  async mapRecord(
    connection: RunConnection,
    fieldMappingKey: string,
    direction: 'import' | 'export',
    record: Record<string, unknown>
  ): Promise<Record<string, unknown>> {
    const { actor, connectionId } = this.place(connection)
    const row = await this.fieldMappingInstances.ensure(actor, { fieldMappingKey, connectionId, autoCreate: true })
    return this.fieldMappingInstances.mapRecord(row, direction, record)
  }

  /** Sets up the instances a node's config names on a connection; their problems come back as the node's errors. */
  async setupNode(
    nodeKey: string,
    config: Record<string, unknown> | undefined,
    connection: { selector: string; customer: CustomerRef }
  ): Promise<NodeElementSetup> {
    const dataSourceKey = dataSourceKeyOf(config)
    const fieldMappingKey = fieldMappingKeyOf(config)
    const out: NodeElementSetup = { errors: [] }
    if (!dataSourceKey && !fieldMappingKey) return out
    const failed = (what: string, error: unknown): ElementError => ({
      type: 'flow_instance_setup',
      message: `Node "${nodeKey}": ${what}: ${(error as Error).message}`,
      data: { nodeKey }
    })
    let place: { actor: Actor; connectionId: string }
    try {
      place = this.place(connection)
    } catch (error) {
      return { errors: [failed('its connection', error)] }
    }
    if (dataSourceKey) {
      try {
        const row = await this.dataSourceInstances.runSetup(
          await this.dataSourceInstances.ensure(place.actor, {
            dataSourceKey,
            connectionId: place.connectionId,
            autoCreate: true
          })
        )
        if (row.state === 'READY') out.collection = this.dataSourceInstances.collectionKeyOf(row)
        else
          for (const e of parseJsonColumn<ElementError[]>(row.errors, []))
            out.errors.push({
              ...e,
              message: `Node "${nodeKey}": data source "${dataSourceKey}" (instance ${row.id}): ${e.message}`,
              data: { ...(e.data ?? {}), nodeKey, dataSourceInstanceId: row.id }
            })
      } catch (error) {
        out.errors.push(failed(`data source "${dataSourceKey}"`, error))
      }
    }
    if (fieldMappingKey) {
      try {
        const row = await this.fieldMappingInstances.runSetup(
          await this.fieldMappingInstances.ensure(place.actor, {
            fieldMappingKey,
            connectionId: place.connectionId,
            autoCreate: true
          })
        )
        for (const e of row.state === 'READY' ? [] : parseJsonColumn<ElementError[]>(row.errors, []))
          out.errors.push({
            ...e,
            message: `Node "${nodeKey}": field mapping "${fieldMappingKey}" (instance ${row.id}): ${e.message}`,
            data: { ...(e.data ?? {}), nodeKey, fieldMappingInstanceId: row.id }
          })
      } catch (error) {
        out.errors.push(failed(`field mapping "${fieldMappingKey}"`, error))
      }
    }
    return out
  }

  private place(connection: { selector: string; customer: CustomerRef }): { actor: Actor; connectionId: string } {
    const actor: Actor = {
      kind: 'customer',
      customer: { id: connection.customer.id, internalId: connection.customer.internalId }
    }
    return { actor, connectionId: this.connections.resolve(actor, connection.selector).id }
  }
}
