import { invalidData, type EngineError } from './engine-error'

/**
 * How deep inbound JSON may nest (objects and arrays). Far beyond any real definition, flow
 * graph or record, and far below what the recursive code behind the edges (validation, mapping,
 * logging) can take before the stack runs out.
 */
export const MAX_JSON_DEPTH = 128

/** The error for input nested deeper than {@link MAX_JSON_DEPTH}; `what` names the input. */
function tooDeep(what: string): EngineError {
  return invalidData(
    `${what} nests objects and arrays deeper than the limit of ${MAX_JSON_DEPTH} levels; flatten it.`,
    [{ path: '(body)', message: `deeper than ${MAX_JSON_DEPTH} levels` }]
  )
}

/**
 * Throws when the JSON text `text` nests deeper than {@link MAX_JSON_DEPTH}. One pass over the
 * text without parsing (brackets inside strings do not count), so it is safe before `JSON.parse`.
 */
export function assertJsonTextDepth(text: string, what: string): void {
  let depth = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === 0x5c)
        i++ // backslash: skip the escaped character
      else if (c === 0x22) inString = false
    } else if (c === 0x22) inString = true
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > MAX_JSON_DEPTH) throw tooDeep(what)
    } else if (c === 0x7d || c === 0x5d) depth--
  }
}

/**
 * Throws when the already-parsed `value` (an IPC argument, a parsed body) nests deeper than
 * {@link MAX_JSON_DEPTH}. Iterative, so it cannot overflow the stack itself; a cycle (possible in
 * structured-cloned IPC input) counts as too deep, and shared references are walked once per depth.
 */
export function assertValueDepth(value: unknown, what: string): void {
  type Frame = { item: object; depth: number; leaving: boolean }
  const onPath = new Set<object>()
  const deepestSeen = new Map<object, number>()
  const stack: Frame[] = []
  const enter = (item: unknown, depth: number) => {
    if (item === null || typeof item !== 'object') return
    if (depth > MAX_JSON_DEPTH || onPath.has(item)) throw tooDeep(what)
    const seen = deepestSeen.get(item)
    if (seen !== undefined && seen >= depth) return
    stack.push({ item, depth, leaving: false })
  }
  enter(value, 1)
  while (stack.length) {
    const frame = stack.pop()!
    if (frame.leaving) {
      onPath.delete(frame.item)
      continue
    }
    deepestSeen.set(frame.item, frame.depth)
    onPath.add(frame.item)
    stack.push({ ...frame, leaving: true })
    for (const child of Array.isArray(frame.item) ? frame.item : Object.values(frame.item))
      enter(child, frame.depth + 1)
  }
}
