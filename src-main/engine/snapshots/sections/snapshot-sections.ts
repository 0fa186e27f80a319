import type { AppCatalog } from '../../apps/app.catalog'
import type { SandboxService } from '../../apps/sandbox/sandbox.service'
import type { ConnectionService } from '../../connections/connection.service'
import type { CustomerService } from '../../customers/customer.service'
import type { FieldSchemaValidator } from '../../field-schema/field-schema.validator'
import type { IntegrationService } from '../../integrations/integration.service'
import type { WorkspaceService } from '../../workspace/workspace.service'
import { createConnectionsSection } from './connection.section'
import { createCustomersSection } from './customer.section'
import { createDataSourceSections } from './data-source.sections'
import { createFlowSections, type FlowSectionChecks } from './flow.sections'
import { createIntegrationsSection } from './integration.section'
import { createSandboxSection } from './sandbox.section'
import type { SnapshotSection } from './snapshot-section'

/** The services whose rows the sections read and write, and the REST API's checks they run on import. */
export interface SnapshotSectionServices extends FlowSectionChecks {
  workspace: Pick<WorkspaceService, 'fieldSchema'>
  validator: FieldSchemaValidator
  catalog: AppCatalog
  customers: Pick<CustomerService, 'snapshotStore'>
  sandboxApps: Pick<SandboxService, 'snapshotStore' | 'snapshotClient' | 'restoreClient' | 'clearClients'>
  integrations: Pick<IntegrationService, 'snapshotStore'>
  connections: Pick<ConnectionService, 'snapshotStore' | 'externalAccountsOf' | 'integrationsOf'>
}

/**
 * Every section of a snapshot file, in the order they are applied (and cleared in reverse): a
 * section may use the ids of the sections above it, so customers come first, then the sandbox
 * accounts and integrations that connections point at, then connections, then the flow and
 * data-source elements and their instances on customers' connections.
 *
 * A section is one module beside this one. Plain tables are declared with `createTableSection`
 * (`table-section.ts`); a section with secrets or rules of its own is written out and reads and
 * writes through its noun's `snapshotStore()`.
 */
export function createSnapshotSections(s: SnapshotSectionServices): SnapshotSection[] {
  return [
    createCustomersSection({
      store: s.customers.snapshotStore(),
      validator: s.validator,
      fieldSchema: () => s.workspace.fieldSchema()
    }),
    createSandboxSection({
      store: s.sandboxApps.snapshotStore(),
      accountsOf: (ids) => s.connections.externalAccountsOf(ids)
    }),
    createIntegrationsSection({
      store: s.integrations.snapshotStore(),
      catalog: s.catalog,
      sandbox: s.sandboxApps,
      integrationsOf: (ids) => s.connections.integrationsOf(ids)
    }),
    createConnectionsSection({ store: s.connections.snapshotStore() }),
    ...createFlowSections({ graph: s.graph, sandbox: s.sandbox }),
    ...createDataSourceSections()
  ]
}
