import type { WorkspaceTable } from '../workspace/workspace.table'
import type { CustomerTable } from '../customers/customer.table'
import type {
  SandboxAccountTable,
  SandboxApiKeyTable,
  SandboxOAuthClientTable,
  SandboxOAuthCodeTable,
  SandboxOAuthTokenTable,
  SandboxRecordTable,
  SandboxSettingsTable,
  SandboxWebhookTable
} from '../apps/sandbox/sandbox.tables'
import type { IntegrationTable } from '../integrations/integration.table'
import type { ConnectionTable } from '../connections/connection.table'
import type { ConnectRequestTable } from '../connections/connect-request.table'
import type { ConnectionRequestTable } from '../connections/connection-request.table'
import type { FlowTable } from '../flow-engine/flows/flow.table'
import type { ActionRunTable, ActionTable } from '../actions/action.table'
import type { FlowInstanceTable } from '../flow-engine/flow-instances/flow-instance.table'
import type { FlowNodeRunTable, FlowRunTable } from '../flow-engine/flow-runs/flow-run.table'
import type { RecordTriggerSubscriptionTable } from '../flow-engine/record-triggers/record-trigger.table'
import type { ActionInstanceTable } from '../action-instances/action-instance.table'
import type { DataSourceInstanceTable, DataSourceTable } from '../data-sources/data-source.table'
import type { FieldMappingInstanceTable, FieldMappingTable } from '../field-mappings/field-mapping.table'
import type { ActivityEntryTable } from '../activity/activity.table'
import type { AppDataSchemaTable } from '../app-data-schemas/app-data-schema.table'
import type { CustomConnectorTable } from '../connectors/custom-connector.table'
import type { AppEventTypeTable } from '../app-event-types/app-event-type.table'
import type {
  AppEventLogRecordTable,
  AppEventSubscriptionTable
} from '../app-event-subscriptions/app-event-subscription.table'
import type { ExternalEventLogRecordTable, ExternalEventPullTable } from '../external-events/external-event.table'
import type { DataLinkTable, DataLinkTableInstanceTable, DataLinkTableTable } from '../data-links/data-link.table'

/** The database, assembled from each noun's table types. */
export interface DB {
  workspace: WorkspaceTable
  customers: CustomerTable
  sandbox_accounts: SandboxAccountTable
  sandbox_records: SandboxRecordTable
  sandbox_oauth_clients: SandboxOAuthClientTable
  sandbox_oauth_codes: SandboxOAuthCodeTable
  sandbox_oauth_tokens: SandboxOAuthTokenTable
  sandbox_api_keys: SandboxApiKeyTable
  sandbox_webhooks: SandboxWebhookTable
  sandbox_settings: SandboxSettingsTable
  integrations: IntegrationTable
  connections: ConnectionTable
  connect_requests: ConnectRequestTable
  connection_requests: ConnectionRequestTable
  flows: FlowTable
  actions: ActionTable
  action_runs: ActionRunTable
  flow_instances: FlowInstanceTable
  flow_runs: FlowRunTable
  flow_node_runs: FlowNodeRunTable
  record_trigger_subscriptions: RecordTriggerSubscriptionTable
  action_instances: ActionInstanceTable
  data_sources: DataSourceTable
  data_source_instances: DataSourceInstanceTable
  field_mappings: FieldMappingTable
  field_mapping_instances: FieldMappingInstanceTable
  activity_entries: ActivityEntryTable
  app_data_schemas: AppDataSchemaTable
  custom_connectors: CustomConnectorTable
  app_event_types: AppEventTypeTable
  app_event_subscriptions: AppEventSubscriptionTable
  app_event_log_records: AppEventLogRecordTable
  external_event_log_records: ExternalEventLogRecordTable
  external_event_pulls: ExternalEventPullTable
  data_link_tables: DataLinkTableTable
  data_link_table_instances: DataLinkTableInstanceTable
  data_links: DataLinkTable
}
