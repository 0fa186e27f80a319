import { useState, type ReactNode } from 'react'
import { CopyButton } from './copy-button'
import { ChevronRightIcon } from './icons'
import { countOf } from '../format/plural'

const LONG_TEXT = 160
const SHOWN_ITEMS = 100

function Primitive(props: { value: unknown }) {
  const { value } = props
  const [full, setFull] = useState(false)
  if (value === null) return <span className="jv-literal">null</span>
  if (value === undefined) return <span className="jv-literal">undefined</span>
  if (typeof value === 'boolean') return <span className="jv-literal">{String(value)}</span>
  if (typeof value === 'number') return <span className="jv-number">{String(value)}</span>
  const text = String(value)
  if (text.length <= LONG_TEXT || full) return <span className="jv-string">"{text}"</span>
  return (
    <span className="jv-string">
      "{text.slice(0, LONG_TEXT)}…"{' '}
      <button type="button" className="jv-more" onClick={() => setFull(true)}>
        show all {text.length.toLocaleString('en')} characters
      </button>
    </span>
  )
}

function summary(value: object): string {
  if (Array.isArray(value)) return countOf(value.length, 'item')
  const n = Object.keys(value).length
  return countOf(n, 'key')
}

function Node(props: { name?: ReactNode; value: unknown; depth: number; openDepth: number; last: boolean }) {
  const { value, depth } = props
  const isContainer = value !== null && typeof value === 'object'
  const [open, setOpen] = useState(depth < props.openDepth)
  const [showAll, setShowAll] = useState(false)
  const label = props.name !== undefined ? <span className="jv-key">{props.name}: </span> : null
  if (!isContainer) {
    return (
      <div className="jv-row" style={{ paddingLeft: depth * 14 + 16 }}>
        {label}
        <Primitive value={value} />
      </div>
    )
  }
  const entries: [string, unknown][] = Array.isArray(value)
    ? value.map((v, i) => [String(i), v])
    : Object.entries(value as Record<string, unknown>)
  const brackets = Array.isArray(value) ? ['[', ']'] : ['{', '}']
  if (!entries.length) {
    return (
      <div className="jv-row" style={{ paddingLeft: depth * 14 + 16 }}>
        {label}
        <span className="jv-punct">{brackets.join('')}</span>
      </div>
    )
  }
  const shown = showAll ? entries : entries.slice(0, SHOWN_ITEMS)
  return (
    <>
      <div className="jv-row" style={{ paddingLeft: depth * 14 }}>
        <button
          type="button"
          className="jv-toggle"
          aria-expanded={open}
          aria-label={open ? 'Collapse' : 'Expand'}
          onClick={() => setOpen(!open)}
        >
          <ChevronRightIcon size={12} style={{ transform: open ? 'rotate(90deg)' : undefined }} />
        </button>
        {label}
        <span className="jv-punct">{brackets[0]}</span>
        {!open && (
          <button type="button" className="jv-summary" onClick={() => setOpen(true)}>
            {summary(value as object)}
          </button>
        )}
        {!open && <span className="jv-punct">{brackets[1]}</span>}
      </div>
      {open && (
        <>
          {shown.map(([k, v], i) => (
            <Node
              key={k}
              name={Array.isArray(value) ? undefined : k}
              value={v}
              depth={depth + 1}
              openDepth={props.openDepth}
              last={i === entries.length - 1}
            />
          ))}
          {shown.length < entries.length && (
            <div className="jv-row" style={{ paddingLeft: (depth + 1) * 14 + 16 }}>
              <button type="button" className="jv-more" onClick={() => setShowAll(true)}>
                show {entries.length - shown.length} more
              </button>
            </div>
          )}
          <div className="jv-row" style={{ paddingLeft: depth * 14 + 16 }}>
            <span className="jv-punct">{brackets[1]}</span>
          </div>
        </>
      )}
    </>
  )
}

/**
 * Data as a readable, collapsible tree (node inputs and outputs, run input): keys, typed values,
 * counts for collapsed parts, a copy button for the JSON.
 */
export function JsonView(props: {
  value: unknown
  label: string
  openDepth?: number
  maxHeight?: number
  empty?: ReactNode
}) {
  if (props.value === undefined && props.empty) return <div className="jv-empty subtle">{props.empty}</div>
  return (
    <div className="jv" role="group" aria-label={props.label} style={{ maxHeight: props.maxHeight }}>
      <CopyButton
        className="copy-corner"
        text={() => JSON.stringify(props.value ?? null, null, 2)}
        iconOnly
        variant="ghost"
        aria-label={`Copy ${props.label} as JSON`}
      />
      <Node value={props.value} depth={0} openDepth={props.openDepth ?? 3} last />
    </div>
  )
}
