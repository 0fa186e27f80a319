import type { FieldSchemaChoice } from '../../contract/snapshots'
import type { FieldSchema } from '../../contract/workspace'

/** How a customer snapshot's field schema differs from the workspace's: fields only the file has, only here, or defined differently. */
export interface FieldSchemaDifference {
  onlyInFile: string[]
  onlyHere: string[]
  differing: string[]
}

function propertiesOf(schema: FieldSchema | undefined): Record<string, unknown> {
  const p = (schema as { properties?: unknown } | undefined)?.properties
  return p && typeof p === 'object' ? (p as Record<string, unknown>) : {}
}

/** Compares field by field (a field's definition as JSON); undefined when they agree. */
export function diffFieldSchemas(
  file: FieldSchema | undefined,
  here: FieldSchema | undefined
): FieldSchemaDifference | undefined {
  const a = propertiesOf(file)
  const b = propertiesOf(here)
  const onlyInFile = Object.keys(a).filter((k) => !(k in b))
  const onlyHere = Object.keys(b).filter((k) => !(k in a))
  const differing = Object.keys(a).filter((k) => k in b && JSON.stringify(a[k]) !== JSON.stringify(b[k]))
  const required = (s: FieldSchema | undefined) =>
    JSON.stringify([...(((s as { required?: string[] }) ?? {}).required ?? [])].sort())
  if (!onlyInFile.length && !differing.length && !onlyHere.length && required(file) === required(here)) return undefined
  return { onlyInFile, onlyHere, differing }
}

/** The schema a choice leads to: this workspace's, the file's, or both (this workspace's definition wins where both define a field). */
export function chooseFieldSchema(
  choice: FieldSchemaChoice,
  file: FieldSchema,
  here: FieldSchema | undefined
): FieldSchema | undefined {
  if (choice === 'keep') return here
  if (choice === 'replace' || !here) return file
  const required = new Set([
    ...(((here as { required?: string[] }).required ?? []) as string[]),
    ...(((file as { required?: string[] }).required ?? []) as string[])
  ])
  const merged: Record<string, unknown> = {
    ...(file as object),
    ...(here as object),
    type: 'object',
    properties: { ...propertiesOf(file), ...propertiesOf(here) }
  }
  if (required.size) merged.required = [...required]
  return merged as FieldSchema
}

/** "2 fields only in the file (plan, seats); 1 defined differently (tier)". */
export function describeDifference(d: FieldSchemaDifference): string {
  const list = (keys: string[]) => keys.slice(0, 6).join(', ') + (keys.length > 6 ? ', …' : '')
  const parts: string[] = []
  if (d.onlyInFile.length)
    parts.push(
      `${d.onlyInFile.length} field${d.onlyInFile.length > 1 ? 's' : ''} only in the file (${list(d.onlyInFile)})`
    )
  if (d.onlyHere.length)
    parts.push(
      `${d.onlyHere.length} field${d.onlyHere.length > 1 ? 's' : ''} only in this workspace (${list(d.onlyHere)})`
    )
  if (d.differing.length) parts.push(`${d.differing.length} defined differently (${list(d.differing)})`)
  return parts.join('; ') || 'required fields differ'
}
