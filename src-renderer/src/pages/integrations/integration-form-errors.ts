import type { ErrorDetail } from '@contract/errors'
import { ConsoleCallError, messageOf } from '../../api/console-client'

/** Field errors of a form, by the form's own field names, plus what belongs to no field. */
export interface FormErrors<F extends string> {
  fields: Partial<Record<F, string>>
  form?: string
}

/**
 * Places the engine's problems under the fields they name: `where` maps an error path (`key`,
 * `parameters.baseUrl`, `config.request.path`) to a field of the form, or to none.
 */
export function placeEngineErrors<F extends string>(
  error: unknown,
  where: (path: string) => F | undefined
): FormErrors<F> {
  if (!(error instanceof ConsoleCallError)) return { fields: {}, form: messageOf(error) }
  const keyField = where('key')
  // a key already taken names no field path: it belongs under the key
  if (error.body.key === 'already_exists' && keyField)
    return { fields: { [keyField]: error.message } as FormErrors<F>['fields'] }
  if (!error.details.length) return { fields: {}, form: error.message }
  const fields: Partial<Record<F, string>> = {}
  const rest: ErrorDetail[] = []
  for (const detail of error.details) {
    const field = where(detail.path)
    // one problem: the engine's whole sentence says it best ("… must be an absolute http(s) URL, got …")
    if (field && !fields[field]) fields[field] = error.details.length === 1 ? error.message : sentence(detail)
    else if (!field) rest.push(detail)
  }
  const form = rest.length ? rest.map(sentence).join(' ') : Object.keys(fields).length ? undefined : error.message
  return { fields, form }
}

function sentence(detail: ErrorDetail): string {
  const text = detail.message.trim()
  return text.charAt(0).toUpperCase() + text.slice(1)
}
