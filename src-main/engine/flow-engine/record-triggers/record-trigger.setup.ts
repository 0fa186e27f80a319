import type { CustomerService } from '../../customers/customer.service'
import type { FlowInstanceService } from '../flow-instances/flow-instance.service'
import type { FlowRunService } from '../flow-runs/flow-run.service'
import type { RecordTriggerService } from './record-trigger.service'

/** Verified record-event deliveries start runs at their trigger node, on the instance's runtime. */
export function setupRecordTriggerRuns(
  recordTriggers: RecordTriggerService,
  flowInstances: FlowInstanceService,
  flowRuns: FlowRunService,
  customers: CustomerService
): void {
  recordTriggers.startRunsWith({
    runtime: (id) => flowInstances.runtimes.get(id),
    customer: (id) => customers.runCustomer(id),
    start: (runtime, request) => flowRuns.start(runtime, request)
  })
}
