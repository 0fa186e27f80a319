import { describe, expect, it } from 'vitest'
import { FLOW_NODE_TYPES } from '../../src-main/contract/flow-node-types'
import type { FlowNodes } from '../../src-main/contract/flows'
import {
  configFields,
  mappingModeOf,
  mappingText,
  parseMapping,
  setValueAt,
  valueAt
} from '../../src-renderer/src/features/builder/config-model'
import {
  addNode,
  ancestorsOf,
  connect,
  disconnect,
  errorsByNode,
  fieldErrors,
  layout,
  positionOf,
  removeNodes,
  renameNode,
  triggerKeys,
  withoutUi
} from '../../src-renderer/src/features/builder/graph-model'
import { groupOf, nodeTypes, paletteGroups } from '../../src-renderer/src/features/builder/node-types'

const flow: FlowNodes = {
  trigger: { type: 'manual-trigger', links: [{ key: 'loop' }] },
  loop: {
    type: 'for-each-v2',
    config: { items: 'input.trigger.items', rootNodeKey: 'body' },
    links: [{ key: 'after' }]
  },
  body: { type: 'transform-data', config: { output: {} } },
  after: { type: 'filter', config: { filter: 'true' } }
}

describe('the builder graph model', () => {
  it('lays a graph out in layers from the trigger, loop bodies below their loop', () => {
    const p = layout(flow)
    expect(p.trigger.y).toBeLessThan(p.loop.y)
    expect(p.loop.y).toBeLessThan(p.body.y)
    expect(p.loop.y).toBeLessThan(p.after.y)
    expect(p.body.y).toBe(p.after.y)
    expect(p.body.x).not.toBe(p.after.x)
  })

  it('keeps drawn positions and places only new nodes, under their parent and clear of others', () => {
    const placed = addNode(flow, 'custom-http-request', { from: 'after' })
    expect(placed.key).toBe('customHttpRequest')
    expect(placed.nodes.after.links).toEqual([{ key: 'customHttpRequest' }])
    const again = addNode(placed.nodes, 'custom-http-request', { from: 'after' })
    expect(again.key).toBe('customHttpRequest2')
    const a = positionOf(again.nodes['customHttpRequest'])!
    const b = positionOf(again.nodes['customHttpRequest2'])!
    expect(b.y).toBe(a.y)
    expect(Math.abs(b.x - a.x)).toBeGreaterThanOrEqual(250)
  })

  it('names the first trigger "trigger" and starts code nodes with runnable code', () => {
    const { nodes, key } = addNode({}, 'api-trigger')
    expect(key).toBe('trigger')
    expect(addNode(nodes, 'manual-trigger').key).toBe('manualTrigger')
    const code = addNode(nodes, 'run-javascript', { from: 'trigger' })
    expect(String(code.nodes.runJavascript.config?.code)).toContain('export default')
    expect(code.nodes.trigger.links).toEqual([{ key: 'runJavascript' }])
  })

  it('refuses links into triggers, to itself and back up the graph, as the engine would', () => {
    expect(connect(flow, 'after', 'trigger').error).toContain('trigger')
    expect(connect(flow, 'after', 'after').error).toContain('itself')
    expect(connect(flow, 'after', 'loop').error).toContain('loop back')
    expect(connect(flow, 'body', 'after').nodes.body.links).toEqual([{ key: 'after' }])
    expect(connect(flow, 'trigger', 'loop').nodes).toBe(flow)
  })

  it('removes nodes with the links and loop bodies that name them, and renames keys everywhere', () => {
    const removed = removeNodes(flow, ['body', 'after'])
    expect(Object.keys(removed)).toEqual(['trigger', 'loop'])
    expect(removed.loop.links).toEqual([])
    expect(removed.loop.config).toEqual({ items: 'input.trigger.items' })
    expect(disconnect(flow, 'loop', 'body').loop.config?.rootNodeKey).toBeUndefined()

    const renamed = renameNode(flow, 'body', 'each-item')
    expect(renamed.nodes.loop.config?.rootNodeKey).toBe('each-item')
    expect(renamed.nodes['each-item']).toEqual(flow.body)
    expect(renameNode(flow, 'body', 'after').error).toContain('already')
    expect(renameNode(flow, 'body', 'has space').error).toContain('letters')
  })

  it('puts engine problems on their node and field, and the rest on the graph', () => {
    const { byNode, graph } = errorsByNode([
      { path: 'nodes.body.config.output', message: 'Node "body" (transform-data): config.output is required' },
      {
        path: 'nodes.body.config.request.uri',
        message: 'Node "body" (transform-data): config.request.uri must be string, got number 1'
      },
      {
        path: 'nodes.after.links[0].key',
        message: 'Node "after" links to "x", which does not exist: add a node "x" or remove the link.'
      },
      { path: 'nodes', message: 'The flow has no trigger' }
    ])
    expect(Object.keys(byNode).sort()).toEqual(['after', 'body'])
    expect(graph).toHaveLength(1)
    expect(fieldErrors(byNode.body, 'body')).toEqual({
      output: 'Required.',
      'request.uri': 'Must be string, got number 1'
    })
    expect(fieldErrors(byNode.after, 'after')).toEqual({
      '': 'Node "after" links to "x", which does not exist: add a node "x" or remove the link.'
    })
  })

  it('knows triggers, ancestors, and what runs regardless of positions', () => {
    expect(triggerKeys(flow)).toEqual(['trigger'])
    expect(ancestorsOf(flow, 'body')).toEqual(['loop', 'trigger'])
    const moved = addNode(flow, 'filter').nodes
    expect(withoutUi(moved).filter).toEqual({ type: 'filter', name: 'Filter', config: {} })
  })
})

describe('the node config form model', () => {
  it('generates a field for every property of every node type, with the editors the schema asks for', () => {
    const http = configFields(FLOW_NODE_TYPES['custom-http-request'].configSchema)
    const request = http.find((f) => f.key === 'request')!
    expect(request.control).toBe('group')
    expect(request.required).toBe(true)
    expect(request.children!.map((c) => [c.path, c.control, c.required])).toEqual([
      ['request.uri', 'mapping', true],
      ['request.method', 'enum', false],
      ['request.headers', 'mapping', false],
      ['request.query', 'mapping', false],
      ['request.body', 'mapping', false]
    ])
    expect(http.find((f) => f.key === 'timeoutMs')).toMatchObject({
      control: 'integer',
      defaultValue: 30000,
      minimum: 1,
      label: 'Timeout (ms)'
    })
    expect(configFields(FLOW_NODE_TYPES['run-javascript'].configSchema)[0].control).toBe('javascript')
    expect(configFields(FLOW_NODE_TYPES['for-each-v2'].configSchema).map((f) => f.control)).toEqual([
      'expression',
      'node-key'
    ])
    expect(configFields(FLOW_NODE_TYPES['manual-trigger'].configSchema).map((f) => f.control)).toEqual([
      'json-schema',
      'json'
    ])
    for (const spec of nodeTypes()) expect(() => configFields(spec.configSchema)).not.toThrow()
  })

  it('reads and writes nested values, dropping emptied parents', () => {
    const config = setValueAt({}, 'request.uri', 'https://example.com')
    expect(config).toEqual({ request: { uri: 'https://example.com' } })
    expect(valueAt(config, 'request.uri')).toBe('https://example.com')
    expect(setValueAt(config, 'request.uri', undefined)).toEqual({})
  })

  it('edits mappings as text, one JSONata formula, or JSON, and says when JSON does not parse', () => {
    expect(mappingModeOf('https://x')).toBe('text')
    expect(mappingModeOf({ $jsonata: 'a & b' })).toBe('jsonata')
    expect(mappingModeOf({ a: { $var: 'x' } })).toBe('json')
    expect(mappingModeOf(undefined, 'uri')).toBe('text')
    expect(mappingModeOf(undefined, 'output')).toBe('json')
    expect(mappingText({ $jsonata: 'a & b' }, 'jsonata')).toBe('a & b')
    expect(parseMapping('input.trigger.email', 'jsonata')).toEqual({ value: { $jsonata: 'input.trigger.email' } })
    expect(parseMapping('', 'text')).toEqual({ value: undefined })
    expect(parseMapping('{"a": ', 'json').error).toContain('Not valid JSON')
  })

  it('groups every registered type in the palette, and finds them by name', () => {
    const all = paletteGroups().flatMap((g) => g.types.map((t) => t.type))
    expect(all.sort()).toEqual(Object.keys(FLOW_NODE_TYPES).sort())
    expect(paletteGroups('javascript').flatMap((g) => g.types.map((t) => t.type))).toEqual(['run-javascript'])
    expect(groupOf({ ...FLOW_NODE_TYPES['transform-data'], needsConnection: true })).toBe('app')
  })
})
