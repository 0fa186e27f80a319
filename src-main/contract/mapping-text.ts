// Shared by the console's field mapping editor and the embedded field mapping screen, so both
// read and write a customer's expressions the same way.
/** A mapping formula as the one-line text the editor shows: `$.field`, JSONata, or a literal. */
export function textOfMapping(value: unknown): string {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const formula = value as Record<string, unknown>
    if (typeof formula.$var === 'string') return formula.$var
    if (typeof formula.$jsonata === 'string') return `= ${formula.$jsonata}`
  }
  if (typeof value === 'string') return value
  return value === undefined ? '' : JSON.stringify(value)
}

/** The mapping formula a text names: `$.a.b` reads a field, `= …` (or any `$…`) is JSONata, anything else is a literal. */
export function mappingOfText(text: string): unknown {
  const trimmed = text.trim()
  if (/^\$(\.[A-Za-z_][\w]*)+$/.test(trimmed)) return { $var: trimmed }
  if (trimmed.startsWith('=')) return { $jsonata: trimmed.slice(1).trim() }
  if (trimmed.startsWith('$')) return { $jsonata: trimmed }
  return text
}
