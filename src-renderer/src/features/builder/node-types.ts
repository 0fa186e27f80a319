import { FLOW_NODE_TYPES, FLOW_NODE_TYPE_ALIASES, type FlowNodeTypeSpec } from '@contract/flow-node-types'

/** Palette groups, in the order the palette shows them. */
export type NodeGroup = 'triggers' | 'logic' | 'requests' | 'code' | 'app'

/** Titles of the palette groups. */
export const GROUP_TITLES: Record<NodeGroup, string> = {
  triggers: 'Triggers',
  logic: 'Data & logic',
  requests: 'Requests',
  code: 'Code & actions',
  app: 'App data (needs a connection)'
}

const GROUP_ORDER: NodeGroup[] = ['triggers', 'logic', 'requests', 'code', 'app']

/** A node type's spec. */
export type NodeTypeSpec = FlowNodeTypeSpec

/** Every node type the engine runs, from the contract's registry (new types appear here by themselves). */
export function nodeTypes(): NodeTypeSpec[] {
  return Object.values(FLOW_NODE_TYPES) as NodeTypeSpec[]
}

/** The spec of a type (aliases resolved), or undefined for a type this engine does not know. */
export function nodeTypeSpec(type: string): NodeTypeSpec | undefined {
  return (FLOW_NODE_TYPES[type] ?? FLOW_NODE_TYPES[FLOW_NODE_TYPE_ALIASES[type] ?? '']) as NodeTypeSpec | undefined
}

/** Which palette group a type belongs to (by its traits, so unknown new types still land somewhere sensible). */
export function groupOf(spec: NodeTypeSpec): NodeGroup {
  if (spec.isTrigger) return 'triggers'
  if (spec.needsConnection) return 'app'
  if (/request/.test(spec.type)) return 'requests'
  if (/javascript|action|code/.test(spec.type)) return 'code'
  return 'logic'
}

/** The types grouped for the palette, filtered by a search text. */
export function paletteGroups(search = ''): { group: NodeGroup; title: string; types: NodeTypeSpec[] }[] {
  const q = search.trim().toLowerCase()
  const matching = nodeTypes().filter(
    (t) => !q || t.name.toLowerCase().includes(q) || t.type.includes(q) || t.description.toLowerCase().includes(q)
  )
  return GROUP_ORDER.map((group) => ({
    group,
    title: GROUP_TITLES[group],
    types: matching.filter((t) => groupOf(t) === group)
  })).filter((g) => g.types.length)
}
