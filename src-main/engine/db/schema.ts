import type { WorkspaceTable } from '../workspace/workspace.table'
import type { CustomerTable } from '../customers/customer.table'
import type { FlowTable } from '../flows/flow.table'
import type { ActionRunTable, ActionTable } from '../actions/action.table'
import type { FlowInstanceTable } from '../flow-instances/flow-instance.table'
import type { FlowNodeRunTable, FlowRunTable } from '../flow-runs/flow-run.table'

/** The database, assembled from each noun's table types. */
export interface DB {
  workspace: WorkspaceTable
  customers: CustomerTable
  flows: FlowTable
  actions: ActionTable
  action_runs: ActionRunTable
  flow_instances: FlowInstanceTable
  flow_runs: FlowRunTable
  flow_node_runs: FlowNodeRunTable
}
