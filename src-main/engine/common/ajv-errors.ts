import type { ErrorObject } from 'ajv'
import type { ErrorDetail } from '../../contract/errors'

function pathOf(root: string, instancePath: string, extra?: string): string {
  const parts = instancePath
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
  if (extra !== undefined) parts.push(extra)
  let path = root
  for (const part of parts) path += /^\d+$/.test(part) ? `[${part}]` : path ? `.${part}` : part
  return path || '(root)'
}

function describe(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  if (typeof value === 'string') return `"${value.length > 40 ? value.slice(0, 37) + '...' : value}"`
  if (typeof value === 'object') return 'an object'
  return `${typeof value} ${String(value)}`
}

function valueAt(root: unknown, instancePath: string): unknown {
  let current = root
  for (const part of instancePath.split('/').slice(1)) {
    if (current === null || typeof current !== 'object') return undefined
    current = (current as Record<string, unknown>)[part.replace(/~1/g, '/').replace(/~0/g, '~')]
  }
  return current
}

/**
 * Turns ajv errors into details a person can act on: the path (under `root`), what was
 * expected and what was found. Drops ajv's noise (`if`/`anyOf` wrappers) when a precise
 * error exists for the same path.
 */
export function formatAjvErrors(errors: ErrorObject[] | null | undefined, root: string, data: unknown): ErrorDetail[] {
  const details: ErrorDetail[] = []
  const seen = new Set<string>()
  for (const e of errors ?? []) {
    if (e.keyword === 'if' || e.keyword === 'anyOf' || e.keyword === 'oneOf') {
      if ((errors ?? []).some((o) => o !== e && o.instancePath === e.instancePath)) continue
    }
    const found = valueAt(data, e.instancePath)
    let detail: ErrorDetail
    switch (e.keyword) {
      case 'required': {
        const path = pathOf(root, e.instancePath, String(e.params.missingProperty))
        detail = { path, message: `${path} is required` }
        break
      }
      case 'additionalProperties': {
        const path = pathOf(root, e.instancePath, String(e.params.additionalProperty))
        detail = { path, message: `${path} is not allowed here (the schema does not define it)` }
        break
      }
      case 'type': {
        const path = pathOf(root, e.instancePath)
        detail = { path, message: `${path} must be ${e.params.type}, got ${describe(found)}` }
        break
      }
      case 'enum': {
        const path = pathOf(root, e.instancePath)
        const allowed = (e.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')
        detail = { path, message: `${path} must be one of ${allowed}, got ${describe(found)}` }
        break
      }
      case 'const': {
        const path = pathOf(root, e.instancePath)
        detail = { path, message: `${path} must be ${JSON.stringify(e.params.allowedValue)}, got ${describe(found)}` }
        break
      }
      case 'format': {
        const path = pathOf(root, e.instancePath)
        detail = { path, message: `${path} must be a valid ${e.params.format}, got ${describe(found)}` }
        break
      }
      default: {
        const path = pathOf(root, e.instancePath)
        detail = {
          path,
          message: `${path} ${e.message ?? 'is invalid'}${found !== undefined ? `, got ${describe(found)}` : ''}`
        }
      }
    }
    const k = detail.path + '|' + detail.message
    if (!seen.has(k)) {
      seen.add(k)
      details.push(detail)
    }
  }
  return details
}
