import type { WorkspaceTable } from '../workspace/workspace.table'
import type { CustomerTable } from '../customers/customer.table'

/** The database, assembled from each noun's table types. */
export interface DB {
  workspace: WorkspaceTable
  customers: CustomerTable
}
