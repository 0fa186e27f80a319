import { FLOW_NODE_TYPE_ALIASES } from '../../../contract/flow-node-types'
import { runActionNode, runJavaScriptNode } from './code-nodes'
import { apiRequestToExternalAppNode, recordOperationNodes, recordTriggerNodes } from './connection-nodes'
import { dataLinkNodes } from './data-link-nodes'
import { filterNode, forEachNode, transformDataNode } from './data-nodes'
import type { FlowNodeHandler } from './node-handler'
import { apiRequestToYourAppNode, customHttpRequestNode } from './request-nodes'
import { apiTriggerNode, appEventTriggerNode, manualTriggerNode, scheduleTriggerNode } from './trigger-nodes'

/** Every node type the runner executes. */
const HANDLERS: ReadonlyArray<FlowNodeHandler<any>> = [
  apiTriggerNode,
  manualTriggerNode,
  scheduleTriggerNode,
  appEventTriggerNode,
  transformDataNode,
  filterNode,
  forEachNode,
  customHttpRequestNode,
  apiRequestToYourAppNode,
  runJavaScriptNode,
  runActionNode,
  ...recordTriggerNodes,
  ...recordOperationNodes,
  apiRequestToExternalAppNode,
  ...dataLinkNodes
]

const BY_TYPE = new Map<string, FlowNodeHandler<any>>(HANDLERS.map((h) => [h.spec.type, h]))

/** The handler for a node type (aliases resolved), or undefined when this engine does not run it. */
export function nodeHandler(type: string): FlowNodeHandler<any> | undefined {
  return BY_TYPE.get(FLOW_NODE_TYPE_ALIASES[type] ?? type)
}

/** The type keys this engine runs, for error messages. */
export function knownNodeTypes(): string[] {
  return [...BY_TYPE.keys()]
}
