import type { FlowCheck, PreviewRequest, PreviewResult, TemplateRunStart } from '../../../contract/console-views'
import type { FlowRunDto } from '../../../contract/flow-runs'
import type { Actor } from '../../auth/actor'
import { EngineError } from '../../common/engine-error'
import type { CustomerService } from '../../customers/customer.service'
import { compileExpression, compileMapping, FormulaError } from '../../expressions/formula.compiler'
import type { FlowGraphValidator } from '../flow-graph/flow-graph'
import type { FlowInstanceService } from '../flow-instances/flow-instance.service'
import type { FlowRunService } from '../flow-runs/flow-run.service'

/**
 * What the flow builder needs beyond saving: the engine's own verdict on a draft graph (so the
 * canvas shows the same problems a save would refuse), formula previews against sample data
 * with the engine's JSONata, and running a template on the test customer.
 */
export class FlowBuilderService {
  constructor(
    private readonly graph: FlowGraphValidator,
    private readonly customers: CustomerService,
    private readonly instances: FlowInstanceService,
    private readonly runs: FlowRunService
  ) {}

  /** Every problem a save of these nodes would report (each under `nodes.<key>…`); none when it would save. */
  async check(nodes: unknown): Promise<FlowCheck> {
    try {
      await this.graph.validate(nodes, 'flow')
      return { errors: [] }
    } catch (error) {
      if (error instanceof EngineError && error.key === 'invalid_data')
        return { errors: error.data?.errors ?? [{ path: 'nodes', message: error.message }] }
      throw error
    }
  }

  /** Evaluates a mapping or expression against `scope`, as the runner would. Never throws for the formula's own problems. */
  async preview(request: PreviewRequest): Promise<PreviewResult> {
    const scope: Record<string, unknown> = { ...request.scope }
    if (scope.user === undefined && request.customerId) {
      scope.user = this.customers.runCustomer(this.customers.rowOf(request.customerId).id)
    }
    try {
      const evaluate =
        request.kind === 'mapping' ? compileMapping(request.value, 'value') : compileExpression(request.value, 'value')
      const value = await evaluate(scope)
      return { ok: true, value: value === undefined ? null : value }
    } catch (error) {
      if (error instanceof FormulaError) return { ok: false, message: error.message, path: error.path }
      throw error
    }
  }

  /** Runs a template on the test customer's instance of it (deployed first when there is none). */
  async runTemplate(actor: Actor, start: TemplateRunStart): Promise<FlowRunDto> {
    const testCustomer = this.customers.testCustomer()
    const instance = await this.instances.get(actor, {
      flowId: start.flowId,
      userId: testCustomer.id,
      autoCreate: true
    })
    return this.runs.create(
      actor,
      { flowInstanceId: instance.id, input: start.input, startNodeKey: start.startNodeKey },
      'manual'
    )
  }
}
