import { EventEmitter } from 'node:events'
import type { ConnectionDto, ConnectResultMessage } from '../../contract/connections'
import type { ActionDto } from '../../contract/actions'
import type { ActionInstanceDto } from '../../contract/action-instances'
import type { CustomerDto } from '../../contract/customers'
import type { ErrorBody } from '../../contract/errors'
import type { IntegrationDto } from '../../contract/integrations'
import type { ImportReport, SnapshotScope } from '../../contract/snapshots'
import type { FlowInstanceDto } from '../../contract/flow-instances'
import type { FlowRunDto } from '../../contract/flow-runs'
import type { FlowDto } from '../../contract/flows'
import type { WorkspaceDto } from '../../contract/workspace'
import type { DataSourceDto, DataSourceInstanceDto } from '../../contract/data-sources'
import type { FieldMappingDto, FieldMappingInstanceDto } from '../../contract/field-mappings'
import type { AppDataSchemaDto } from '../../contract/app-data-schemas'

/** How a change reached the engine. */
export type ChangeSource = 'api' | 'token' | 'console' | 'engine'

/** Every event the engine emits, with its payload. Other nouns add theirs here. */
export interface EngineEventMap {
  'workspace.updated': { workspace: WorkspaceDto }
  'workspace.secretRotated': { at: string }
  'customer.created': { customer: CustomerDto; source: ChangeSource }
  'customer.updated': { customer: CustomerDto; source: ChangeSource }
  'customer.archived': { customer: CustomerDto; source: ChangeSource }
  'customer.restored': { customer: CustomerDto; source: ChangeSource }
  'integration.created': { integration: IntegrationDto; source: ChangeSource }
  'integration.updated': { integration: IntegrationDto; source: ChangeSource }
  'integration.archived': { integration: IntegrationDto; source: ChangeSource }
  'connection.created': { connection: ConnectionDto; source: ChangeSource }
  'connection.updated': { connection: ConnectionDto; source: ChangeSource }
  'connection.reconnected': { connection: ConnectionDto; source: ChangeSource }
  'connection.disconnected': { connection: ConnectionDto; error: ErrorBody }
  'connection.archived': { connection: ConnectionDto; source: ChangeSource }
  'connection.credentialsRefreshed': { connection: ConnectionDto; trigger: 'expiry' | 'unauthorized' | 'manual' }
  'connection.requestCompleted': { requestId: string; customerId: string; message: ConnectResultMessage }
  'snapshot.imported': { scope: SnapshotScope; counts: ImportReport['counts'] }
  'flow.created': { flow: FlowDto }
  'appDataSchema.created': { appDataSchema: AppDataSchemaDto }
  'appDataSchema.updated': { appDataSchema: AppDataSchemaDto }
  'appDataSchema.archived': { appDataSchema: AppDataSchemaDto }
  /** `contentChanged`: nodes, name or settings changed (not just meta). */
  'flow.updated': { flow: FlowDto; contentChanged: boolean }
  'flow.archived': { flow: FlowDto }
  'flow.restored': { flow: FlowDto }
  'action.created': { action: ActionDto }
  'action.updated': { action: ActionDto }
  'action.archived': { action: ActionDto }
  'action.restored': { action: ActionDto }
  'flowInstance.created': { flowInstance: FlowInstanceDto }
  'flowInstance.updated': { flowInstance: FlowInstanceDto }
  'flowInstance.archived': { flowInstance: FlowInstanceDto }
  'flowInstance.restored': { flowInstance: FlowInstanceDto }
  'actionInstance.created': { actionInstance: ActionInstanceDto }
  'actionInstance.updated': { actionInstance: ActionInstanceDto }
  'actionInstance.archived': { actionInstance: ActionInstanceDto }
  'dataSource.created': { dataSource: DataSourceDto }
  'dataSource.updated': { dataSource: DataSourceDto }
  'dataSource.archived': { dataSource: DataSourceDto }
  'dataSource.restored': { dataSource: DataSourceDto }
  'dataSourceInstance.created': { dataSourceInstance: DataSourceInstanceDto }
  'dataSourceInstance.updated': { dataSourceInstance: DataSourceInstanceDto }
  'dataSourceInstance.archived': { dataSourceInstance: DataSourceInstanceDto }
  'fieldMapping.created': { fieldMapping: FieldMappingDto }
  'fieldMapping.updated': { fieldMapping: FieldMappingDto }
  'fieldMapping.archived': { fieldMapping: FieldMappingDto }
  'fieldMapping.restored': { fieldMapping: FieldMappingDto }
  'fieldMappingInstance.created': { fieldMappingInstance: FieldMappingInstanceDto }
  'fieldMappingInstance.updated': { fieldMappingInstance: FieldMappingInstanceDto }
  'fieldMappingInstance.archived': { fieldMappingInstance: FieldMappingInstanceDto }
  'flowRun.queued': { flowRun: FlowRunDto }
  'flowRun.started': { flowRun: FlowRunDto }
  'flowRun.completed': { flowRun: FlowRunDto }
  'flowRun.failed': { flowRun: FlowRunDto }
  'flowRun.stopped': { flowRun: FlowRunDto }
}

/** Name of an engine event. */
export type EngineEventName = keyof EngineEventMap

/** Typed publish/subscribe inside the engine; listeners never break the emitter. */
export interface EventBus {
  emit<K extends EngineEventName>(name: K, payload: EngineEventMap[K]): void
  on<K extends EngineEventName>(name: K, listener: (payload: EngineEventMap[K]) => void): () => void
  /** Every event, for the activity log and webhooks. */
  onAny(listener: (name: EngineEventName, payload: unknown) => void): () => void
}

/** Creates the bus; a throwing listener is reported to `onListenerError` and the rest still run. */
export function createEventBus(onListenerError: (name: string, error: unknown) => void): EventBus {
  const emitter = new EventEmitter()
  emitter.setMaxListeners(0)
  const anyListeners = new Set<(name: EngineEventName, payload: unknown) => void>()
  return {
    emit(name, payload) {
      for (const listener of emitter.listeners(name)) {
        try {
          ;(listener as (p: unknown) => void)(payload)
        } catch (error) {
          onListenerError(name, error)
        }
      }
      for (const listener of anyListeners) {
        try {
          listener(name, payload)
        } catch (error) {
          onListenerError(name, error)
        }
      }
    },
    on(name, listener) {
      emitter.on(name, listener)
      return () => emitter.off(name, listener)
    },
    onAny(listener) {
      anyListeners.add(listener)
      return () => anyListeners.delete(listener)
    }
  }
}
