import {
  Background,
  BackgroundVariant,
  Controls,
  Handle,
  MarkerType,
  Position as HandlePosition,
  ReactFlow,
  useEdgesState,
  useNodesState,
  useReactFlow,
  type Connection,
  type Edge,
  type Node,
  type NodeProps
} from '@xyflow/react'
import '@xyflow/react/dist/base.css'
import { memo, useEffect, useMemo, useRef, type DragEvent } from 'react'
import type { FlowNode, FlowNodes } from '@contract/flows'
import { AlertCircleIcon, CheckIcon, XIcon } from '../../ui/icons'
import { edgesOf, layout, type Position } from './graph-model'
import { iconOf } from './node-icons'
import { groupOf, nodeTypeSpec } from './node-types'
import { countOf } from '../../format/plural'

/** How a node did in the run the canvas shows. */
export type NodeRunState = 'running' | 'completed' | 'failed' | 'stopped' | 'skipped'

/** What a canvas node card shows. */
export interface CanvasNodeData extends Record<string, unknown> {
  nodeKey: string
  node: FlowNode
  problems: number
  runState?: NodeRunState
  /** Outputs the node produced in the run (more than one inside loops). */
  outputs?: number
  readOnly: boolean
}

/** A node of the canvas. */
export type CanvasNode = Node<CanvasNodeData, 'flow-node'>

/** The MIME type the palette drags node types with. */
export const NODE_TYPE_DRAG = 'application/x-workbench-node-type'

const STATE_LABEL: Record<NodeRunState, string> = {
  running: 'Running',
  completed: 'Completed',
  failed: 'Failed',
  stopped: 'Stopped',
  skipped: 'Skipped'
}

const NodeCard = memo(function NodeCard({ data, selected }: NodeProps<CanvasNode>) {
  const spec = nodeTypeSpec(data.node.type)
  const Icon = iconOf(data.node.type)
  const group = spec ? groupOf(spec) : 'logic'
  const state = data.runState
  const title = data.node.name || spec?.name || data.node.type
  return (
    <div
      className={[
        'flow-node',
        `flow-node-${group}`,
        selected && 'is-selected',
        data.problems > 0 && 'has-problems',
        state && `run-${state}`
      ]
        .filter(Boolean)
        .join(' ')}
      data-node-key={data.nodeKey}
      title={spec?.description}
    >
      {!spec?.isTrigger && (
        <Handle type="target" position={HandlePosition.Top} className="flow-handle" isConnectable={!data.readOnly} />
      )}
      <div className="flow-node-head">
        <span className="flow-node-icon" aria-hidden="true">
          <Icon size={14} />
        </span>
        <span className="flow-node-type truncate">{spec?.name ?? `Unknown type ${data.node.type}`}</span>
        {state && (
          <span className={`flow-node-state state-${state}`} aria-hidden="true">
            {state === 'running' ? (
              <span className="spinner" />
            ) : state === 'completed' ? (
              <CheckIcon size={12} />
            ) : state === 'failed' ? (
              <XIcon size={12} />
            ) : (
              <span className="dot" />
            )}
          </span>
        )}
      </div>
      <div className="flow-node-title truncate">{title}</div>
      <div className="flow-node-foot">
        <span className="mono truncate">{data.nodeKey}</span>
        {data.outputs !== undefined && data.outputs > 1 && (
          <span className="flow-node-count">{countOf(data.outputs, 'output')}</span>
        )}
        {data.problems > 0 && (
          <span className="flow-node-problems">
            <AlertCircleIcon size={11} /> {data.problems}
          </span>
        )}
      </div>
      <Handle type="source" position={HandlePosition.Bottom} className="flow-handle" isConnectable={!data.readOnly} />
    </div>
  )
})

const NODE_TYPES = { 'flow-node': NodeCard }

function edgeLabel(filter: unknown, name?: string): string | undefined {
  if (name) return name
  if (filter === undefined) return undefined
  const text = typeof filter === 'string' ? filter : JSON.stringify(filter)
  return `if ${text.length > 28 ? `${text.slice(0, 26)}…` : text}`
}

/** Canvas edges of a graph; links out of nodes that ran are drawn as taken. */
function buildEdges(nodes: FlowNodes, states: Record<string, NodeRunState> | undefined, selected: Set<string>): Edge[] {
  return edgesOf(nodes).map((e) => {
    const link = e.kind === 'link' ? nodes[e.source].links?.[e.index] : undefined
    const taken = states?.[e.source] === 'completed' && !!states[e.target]
    const id = `${e.source}->${e.target}`
    return {
      id,
      source: e.source,
      target: e.target,
      type: 'smoothstep',
      selected: selected.has(id),
      label: e.kind === 'loop' ? 'for each item' : edgeLabel(link?.filter, link?.name),
      className: ['flow-edge', e.kind === 'loop' && 'is-loop', taken && 'is-taken'].filter(Boolean).join(' '),
      markerEnd: { type: MarkerType.ArrowClosed, width: 16, height: 16 },
      data: { kind: e.kind }
    }
  })
}

function sameData(a: CanvasNodeData, b: CanvasNodeData): boolean {
  return (
    a.node === b.node &&
    a.nodeKey === b.nodeKey &&
    a.problems === b.problems &&
    a.runState === b.runState &&
    a.outputs === b.outputs &&
    a.readOnly === b.readOnly
  )
}

/** What the canvas reports back to the builder. */
export interface CanvasCallbacks {
  onSelect?(key: string | null): void
  onMove?(positions: Record<string, Position>): void
  onConnect?(source: string, target: string): void
  onDisconnect?(source: string, target: string): void
  onDelete?(keys: string[]): void
  onDropType?(type: string, position: Position): void
}

/**
 * The node canvas (@xyflow/react): cards for nodes, arrows for links, run states on the cards,
 * problem counts from the engine's check. Editable in the builder, read-only on the run page.
 */
export function FlowCanvas(
  props: {
    nodes: FlowNodes
    selected: string | null
    problems?: Record<string, number>
    states?: Record<string, NodeRunState>
    outputs?: Record<string, number>
    readOnly?: boolean
    label: string
    /** Bumped to fit the view again (after a tidy-up or on load). */
    fitToken?: number
    /** A node to bring into view (a new one); `token` changes each time. */
    focus?: { key: string; token: number }
  } & CanvasCallbacks
) {
  const readOnly = !!props.readOnly
  const flow = useReactFlow<CanvasNode>()
  const positions = useMemo(() => layout(props.nodes), [props.nodes])
  const [nodes, setNodes, onNodesChange] = useNodesState<CanvasNode>([])
  const [edges, setEdges, onEdgesChange] = useEdgesState<Edge>([])
  const callbacks = useRef(props)
  callbacks.current = props
  const wrapper = useRef<HTMLDivElement>(null)
  /** The person panned or zoomed since the view was last fitted automatically. */
  const userMoved = useRef(false)

  // when the side panel opens or closes the canvas changes width: fit again, unless the person
  // chose a view, whose middle then stays in the middle
  useEffect(() => {
    const el = wrapper.current
    if (!el || typeof ResizeObserver === 'undefined') return
    let width = el.clientWidth
    const observer = new ResizeObserver(() => {
      const next = el.clientWidth
      if (width > 0 && next !== width) {
        if (!userMoved.current) void flow.fitView({ padding: 0.25, maxZoom: 1 })
        else {
          const viewport = flow.getViewport()
          void flow.setViewport({ ...viewport, x: viewport.x + (next - width) / 2 })
        }
      }
      width = next
    })
    observer.observe(el)
    return () => observer.disconnect()
  }, [flow])

  useEffect(() => {
    // update the canvas nodes in place: a node object made afresh loses what the canvas measured
    // of it and is drawn hidden until measured again (the blink, or a blank canvas, on each poll
    // of a run); a node whose card did not change keeps its very object, so it is not redrawn
    setNodes((current) => {
      const byId = new Map(current.map((n) => [n.id, n]))
      return Object.entries(props.nodes).map(([key, node]) => {
        const next = {
          position: positions[key] ?? { x: 0, y: 0 },
          selected: key === props.selected,
          deletable: !readOnly,
          ariaLabel: `${node.name || nodeTypeSpec(node.type)?.name || node.type} (${key})${props.states?.[key] ? `, ${STATE_LABEL[props.states[key]]}` : ''}${props.problems?.[key] ? `, ${countOf(props.problems[key], 'problem')}` : ''}`,
          data: {
            nodeKey: key,
            node,
            problems: props.problems?.[key] ?? 0,
            runState: props.states?.[key],
            outputs: props.outputs?.[key],
            readOnly
          }
        }
        const before = byId.get(key)
        if (!before) return { id: key, type: 'flow-node' as const, ...next }
        const same =
          before.position.x === next.position.x &&
          before.position.y === next.position.y &&
          !!before.selected === next.selected &&
          before.ariaLabel === next.ariaLabel &&
          sameData(before.data, next.data)
        return same ? before : { ...before, ...next }
      })
    })
  }, [props.nodes, positions, props.selected, props.problems, props.states, props.outputs, readOnly, setNodes])

  useEffect(() => {
    setEdges((current) =>
      buildEdges(props.nodes, props.states, new Set(current.filter((e) => e.selected).map((e) => e.id)))
    )
  }, [props.nodes, props.states, setEdges])

  useEffect(() => {
    if (props.fitToken === undefined) return
    userMoved.current = false
    const t = setTimeout(() => void flow.fitView({ padding: 0.25, maxZoom: 1, duration: 200 }), 30)
    return () => clearTimeout(t)
  }, [props.fitToken, flow])

  useEffect(() => {
    if (!props.focus) return
    const { key } = props.focus
    const t = setTimeout(() => {
      if (Object.keys(callbacks.current.nodes).length <= 10) {
        userMoved.current = false
        void flow.fitView({ padding: 0.25, maxZoom: 1, duration: 250 })
      } else {
        const p = layout(callbacks.current.nodes)[key]
        if (p) void flow.setCenter(p.x + 120, p.y + 40, { zoom: flow.getZoom(), duration: 250 })
      }
    }, 60)
    return () => clearTimeout(t)
  }, [props.focus?.token, flow])

  const onDrop = (event: DragEvent) => {
    const type = event.dataTransfer.getData(NODE_TYPE_DRAG)
    if (!type || readOnly) return
    event.preventDefault()
    const p = flow.screenToFlowPosition({ x: event.clientX, y: event.clientY })
    callbacks.current.onDropType?.(type, { x: p.x - 120, y: p.y - 36 })
  }

  return (
    <div
      ref={wrapper}
      className="flow-canvas"
      onKeyDown={(e) => {
        // a node reached with Tab opens with Enter or Space, like a click
        const node = (e.target as HTMLElement).closest?.('.react-flow__node') as HTMLElement | null
        if (node && (e.key === 'Enter' || e.key === ' ') && node.dataset.id) {
          e.preventDefault()
          callbacks.current.onSelect?.(node.dataset.id)
        }
      }}
      onDragOver={(e) => e.dataTransfer.types.includes(NODE_TYPE_DRAG) && e.preventDefault()}
      onDrop={onDrop}
    >
      <ReactFlow<CanvasNode, Edge>
        nodes={nodes}
        edges={edges}
        nodeTypes={NODE_TYPES}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onMoveStart={(event) => {
          if (event) userMoved.current = true
        }}
        onNodeClick={(_e, node) => callbacks.current.onSelect?.(node.id)}
        onPaneClick={() => callbacks.current.onSelect?.(null)}
        onNodeDragStop={(_e, _node, dragged) =>
          callbacks.current.onMove?.(Object.fromEntries(dragged.map((n) => [n.id, n.position])))
        }
        onConnect={(c: Connection) => c.source && c.target && callbacks.current.onConnect?.(c.source, c.target)}
        onNodesDelete={(deleted) => callbacks.current.onDelete?.(deleted.map((n) => n.id))}
        onEdgesDelete={(deleted) => deleted.forEach((e) => callbacks.current.onDisconnect?.(e.source, e.target))}
        nodesDraggable={!readOnly}
        nodesConnectable={!readOnly}
        elementsSelectable
        deleteKeyCode={readOnly ? null : ['Backspace', 'Delete']}
        fitView
        fitViewOptions={{ padding: 0.25, maxZoom: 1 }}
        minZoom={0.25}
        maxZoom={1.75}
        proOptions={{ hideAttribution: true }}
        aria-label={props.label}
      >
        <Background variant={BackgroundVariant.Dots} gap={18} size={1.2} className="flow-background" />
        <Controls showInteractive={false} position="top-left" className="flow-controls" />
      </ReactFlow>
    </div>
  )
}
