import type { ErrorDetail } from '@contract/errors'
import type { FlowNode, FlowNodes } from '@contract/flows'
import { nodeTypeSpec } from './node-types'

/** Where a node sits on the canvas (stored in `node.ui.position`). */
export interface Position {
  x: number
  y: number
}

/** Space between layers and between nodes of a layer (node cards are 240 × ~76). */
export const LAYER_GAP = 150
export const COLUMN_GAP = 290

/** Node keys the engine accepts. */
export const NODE_KEY = /^[A-Za-z0-9_-]{1,100}$/

/** A ready-to-edit JavaScript node body, so a new code node runs at once. */
export const JAVASCRIPT_TEMPLATE = `export default async function ({ input, user }) {
  // input holds the outputs of the nodes before this one, by node key
  return { ...input.trigger, handledBy: user.name }
}
`

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}

/** The stored position of a node, if it has one. */
export function positionOf(node: FlowNode | undefined): Position | undefined {
  const ui = isObject(node?.ui) ? node.ui : undefined
  const p = ui && isObject(ui.position) ? ui.position : undefined
  return p && typeof p.x === 'number' && typeof p.y === 'number' ? { x: p.x, y: p.y } : undefined
}

/** The node with a new position (other `ui` data kept). */
export function withPosition(node: FlowNode, position: Position): FlowNode {
  const ui = isObject(node.ui) ? node.ui : {}
  return { ...node, ui: { ...ui, position: { x: Math.round(position.x), y: Math.round(position.y) } } }
}

/** Edges of the graph: links, plus a for-each node's loop body (drawn as a link too). */
export function edgesOf(nodes: FlowNodes): { source: string; target: string; kind: 'link' | 'loop'; index: number }[] {
  const edges: { source: string; target: string; kind: 'link' | 'loop'; index: number }[] = []
  for (const [key, node] of Object.entries(nodes)) {
    ;(node.links ?? []).forEach((link, index) => {
      if (link.key) edges.push({ source: key, target: link.key, kind: 'link', index })
    })
    const root = node.config?.rootNodeKey
    if (nodeTypeSpec(node.type)?.type === 'for-each-v2' && typeof root === 'string' && nodes[root])
      edges.push({ source: key, target: root, kind: 'loop', index: -1 })
  }
  return edges
}

/**
 * Positions for every node: layered top to bottom by the longest path from a trigger, each
 * layer ordered by where its parents sit. `keep` keeps positions nodes already have and places
 * only the others (below their first parent).
 */
export function layout(nodes: FlowNodes, keep = true): Record<string, Position> {
  const keys = Object.keys(nodes)
  const edges = edgesOf(nodes).filter((e) => nodes[e.target])
  const parents = new Map<string, string[]>(keys.map((k) => [k, []]))
  for (const e of edges) parents.get(e.target)!.push(e.source)
  const depth = new Map<string, number>()
  const depthOf = (key: string, seen: Set<string>): number => {
    const known = depth.get(key)
    if (known !== undefined) return known
    if (seen.has(key)) return 0
    seen.add(key)
    const ps = parents.get(key) ?? []
    const d = ps.length ? Math.max(...ps.map((p) => depthOf(p, seen) + 1)) : 0
    seen.delete(key)
    depth.set(key, d)
    return d
  }
  for (const key of keys) depthOf(key, new Set())

  const existing: Record<string, Position> = {}
  if (keep)
    for (const key of keys) {
      const p = positionOf(nodes[key])
      if (p) existing[key] = p
    }
  if (keep && Object.keys(existing).length === keys.length) return existing

  const out: Record<string, Position> = { ...existing }
  if (!keep || !Object.keys(existing).length) {
    const layers = new Map<number, string[]>()
    for (const key of keys) {
      const d = depth.get(key) ?? 0
      if (!layers.has(d)) layers.set(d, [])
      layers.get(d)!.push(key)
    }
    const order = new Map<string, number>()
    for (const d of [...layers.keys()].sort((a, b) => a - b)) {
      const layer = layers.get(d)!
      const weight = (key: string) => {
        const ps = (parents.get(key) ?? []).map((p) => order.get(p)).filter((v): v is number => v !== undefined)
        return ps.length ? ps.reduce((a, b) => a + b, 0) / ps.length : keys.indexOf(key)
      }
      layer.sort((a, b) => weight(a) - weight(b))
      layer.forEach((key, i) => {
        order.set(key, i - (layer.length - 1) / 2)
        out[key] = { x: (i - (layer.length - 1) / 2) * COLUMN_GAP, y: d * LAYER_GAP }
      })
    }
    return out
  }
  // some nodes have positions: put each new one under its first placed parent, else at the bottom
  const bottom = () => Math.max(...Object.values(out).map((p) => p.y)) + LAYER_GAP
  for (const key of keys) {
    if (out[key]) continue
    const parent = (parents.get(key) ?? []).find((p) => out[p])
    out[key] = freeSpot(out, parent ? { x: out[parent].x, y: out[parent].y + LAYER_GAP } : { x: 0, y: bottom() })
  }
  return out
}

/** The first spot at or to the right of `wanted` that no node occupies. */
export function freeSpot(taken: Record<string, Position>, wanted: Position): Position {
  const spot = { ...wanted }
  const busy = () =>
    Object.values(taken).some(
      (p) => Math.abs(p.x - spot.x) < COLUMN_GAP - 40 && Math.abs(p.y - spot.y) < LAYER_GAP - 60
    )
  for (let i = 0; i < 50 && busy(); i++) spot.x += COLUMN_GAP
  return spot
}

/**
 * A key for a new node of `type` that no node uses yet (`trigger`, `transformData`,
 * `transformData2` …): camelCase, so `input.transformData` works in JSONata as it is (a hyphen
 * there would be read as a minus).
 */
export function newKey(nodes: FlowNodes, type: string): string {
  const spec = nodeTypeSpec(type)
  const camel = type
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part, i) =>
      i === 0 ? part.charAt(0).toLowerCase() + part.slice(1) : part.charAt(0).toUpperCase() + part.slice(1)
    )
    .join('')
    .slice(0, 90)
  const base =
    spec?.isTrigger && !Object.values(nodes).some((n) => nodeTypeSpec(n.type)?.isTrigger)
      ? 'trigger'
      : /^[0-9]/.test(camel)
        ? `node${camel}`
        : camel || 'node'
  if (!nodes[base]) return base
  for (let i = 2; ; i++) if (!nodes[`${base}${i}`]) return `${base}${i}`
}

/** The starting config of a new node: only what makes it useful at once (code templates); the form shows the rest. */
export function initialConfig(type: string): Record<string, unknown> {
  const spec = nodeTypeSpec(type)
  const properties = isObject(spec?.configSchema.properties) ? spec.configSchema.properties : {}
  const config: Record<string, unknown> = {}
  for (const [name, property] of Object.entries(properties)) {
    if (isObject(property) && property['x-workbench'] === 'javascript') config[name] = JAVASCRIPT_TEMPLATE
  }
  return config
}

/** Adds a node (linked from `from` when given) at `position`, or under `from`, or below everything. */
export function addNode(
  nodes: FlowNodes,
  type: string,
  options: { from?: string; position?: Position } = {}
): { nodes: FlowNodes; key: string } {
  const key = newKey(nodes, type)
  const spec = nodeTypeSpec(type)
  const placed = layout(nodes)
  let position = options.position
  if (!position) {
    const from = options.from ? placed[options.from] : undefined
    if (from) position = freeSpot(placed, { x: from.x, y: from.y + LAYER_GAP })
    else
      position = freeSpot(placed, {
        x: 0,
        y: Object.keys(placed).length ? Math.max(...Object.values(placed).map((p) => p.y)) + LAYER_GAP : 0
      })
  }
  const node: FlowNode = withPosition({ type, name: spec?.name ?? type, config: initialConfig(type) }, position)
  // nodes drawn by the automatic layout keep where they were shown, so the next placement is consistent
  const drawn = Object.fromEntries(
    Object.entries(nodes).map(([k, n]) => [k, positionOf(n) || !placed[k] ? n : withPosition(n, placed[k])])
  )
  let next: FlowNodes = { ...drawn, [key]: node }
  if (options.from && nodes[options.from] && !spec?.isTrigger) next = connect(next, options.from, key).nodes
  return { nodes: next, key }
}

/** Whether `target` can be reached from `source` (a new link target → source would loop). */
function reaches(nodes: FlowNodes, source: string, target: string): boolean {
  const edges = edgesOf(nodes)
  const stack = [source]
  const seen = new Set<string>()
  while (stack.length) {
    const key = stack.pop()!
    if (key === target) return true
    if (seen.has(key)) continue
    seen.add(key)
    for (const e of edges) if (e.source === key) stack.push(e.target)
  }
  return false
}

/** Links `source` → `target`, or says why not (the engine would refuse the same). */
export function connect(nodes: FlowNodes, source: string, target: string): { nodes: FlowNodes; error?: string } {
  if (!nodes[source] || !nodes[target]) return { nodes, error: 'Both nodes must exist.' }
  if (source === target) return { nodes, error: 'A node cannot link to itself.' }
  if (nodeTypeSpec(nodes[target].type)?.isTrigger)
    return { nodes, error: `"${target}" is a trigger: triggers start a flow, nothing links into them.` }
  if ((nodes[source].links ?? []).some((l) => l.key === target)) return { nodes }
  if (reaches(nodes, target, source))
    return {
      nodes,
      error: `Linking "${source}" to "${target}" would loop back; flows run forward only (use For Each to repeat steps).`
    }
  return {
    nodes: { ...nodes, [source]: { ...nodes[source], links: [...(nodes[source].links ?? []), { key: target }] } }
  }
}

/** Removes the link `source` → `target` (or a for-each loop body). */
export function disconnect(nodes: FlowNodes, source: string, target: string): FlowNodes {
  const node = nodes[source]
  if (!node) return nodes
  const next: FlowNode = { ...node, links: (node.links ?? []).filter((l) => l.key !== target) }
  if (node.config?.rootNodeKey === target) {
    const { rootNodeKey: _dropped, ...config } = node.config
    next.config = config
  }
  return { ...nodes, [source]: next }
}

/** Removes nodes and every link to them. */
export function removeNodes(nodes: FlowNodes, keys: string[]): FlowNodes {
  const gone = new Set(keys)
  const next: FlowNodes = {}
  for (const [key, node] of Object.entries(nodes)) {
    if (gone.has(key)) continue
    let copy = node
    if ((node.links ?? []).some((l) => l.key && gone.has(l.key)))
      copy = { ...copy, links: (node.links ?? []).filter((l) => !l.key || !gone.has(l.key)) }
    if (typeof node.config?.rootNodeKey === 'string' && gone.has(node.config.rootNodeKey)) {
      const { rootNodeKey: _dropped, ...config } = node.config
      copy = { ...copy, config }
    }
    next[key] = copy
  }
  return next
}

/** Renames a node's key, following every link and loop body that names it; or says why not. */
export function renameNode(nodes: FlowNodes, from: string, to: string): { nodes: FlowNodes; error?: string } {
  if (from === to) return { nodes }
  if (!NODE_KEY.test(to)) return { nodes, error: 'Use letters, digits, "_" and "-" (1 to 100 characters).' }
  if (nodes[to]) return { nodes, error: `Another node already has the key "${to}".` }
  const next: FlowNodes = {}
  for (const [key, node] of Object.entries(nodes)) {
    let copy = node
    if ((node.links ?? []).some((l) => l.key === from))
      copy = { ...copy, links: (node.links ?? []).map((l) => (l.key === from ? { ...l, key: to } : l)) }
    if (node.config?.rootNodeKey === from) copy = { ...copy, config: { ...copy.config, rootNodeKey: to } }
    next[key === from ? to : key] = copy
  }
  return { nodes: next }
}

/** Engine problems split by node (`nodes.<key>…`), and the rest (about the whole graph). */
export function errorsByNode(errors: ErrorDetail[]): { byNode: Record<string, ErrorDetail[]>; graph: ErrorDetail[] } {
  const byNode: Record<string, ErrorDetail[]> = {}
  const graph: ErrorDetail[] = []
  for (const error of errors) {
    const match = /^nodes\.([A-Za-z0-9_-]+)(?=$|[.[])/.exec(error.path)
    if (match) (byNode[match[1]] ??= []).push(error)
    else graph.push(error)
  }
  return { byNode, graph }
}

/** A problem's message without the node prefix the engine puts on it (`Node "x" (type): `). */
export function plainMessage(message: string): string {
  return message.replace(/^Node "[^"]*"(?: \([^)]*\))?: /, '')
}

/**
 * The node's problems by config field path (`request.uri`), for inline errors in the form;
 * problems about the node itself (links, type) under `''`.
 */
export function fieldErrors(errors: ErrorDetail[] | undefined, key: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const error of errors ?? []) {
    const prefix = `nodes.${key}.config.`
    let field = ''
    if (error.path.startsWith(prefix)) field = error.path.slice(prefix.length)
    else if (error.path === `nodes.${key}.config`) field = ''
    let message = plainMessage(error.message)
    if (field) {
      const fullPath = `config.${field}`
      if (/ is required$/.test(message)) message = 'Required.'
      else
        message = message
          .replace(new RegExp(`^(nodes\\.${key}\\.)?${fullPath.replace(/[.[\]]/g, '\\$&')} `), '')
          .replace(/^(\w)/, (c) => c.toUpperCase())
    }
    out[field] = out[field] ? `${out[field]} ${message}` : message
  }
  return out
}

/** The trigger keys of a graph (where a run can start). */
export function triggerKeys(nodes: FlowNodes): string[] {
  return Object.entries(nodes)
    .filter(([, n]) => nodeTypeSpec(n.type)?.isTrigger)
    .map(([k]) => k)
}

/** Keys of every node before `key` (its ancestors), nearest first. */
export function ancestorsOf(nodes: FlowNodes, key: string): string[] {
  const edges = edgesOf(nodes)
  const out: string[] = []
  const queue = [key]
  while (queue.length) {
    const current = queue.shift()!
    for (const e of edges) {
      if (e.target === current && !out.includes(e.source) && e.source !== key) {
        out.push(e.source)
        queue.push(e.source)
      }
    }
  }
  return out
}

/** The nodes without UI data, to compare what runs (positions do not change behaviour). */
export function withoutUi(nodes: FlowNodes): FlowNodes {
  return Object.fromEntries(Object.entries(nodes).map(([k, { ui: _ui, ...rest }]) => [k, rest]))
}
