import type { JsonSchema } from '../../contract/apps'
import type { ErrorDetail } from '../../contract/errors'
import { esc } from './html'

/**
 * Form fields generated from a JSON Schema object: text, password (`writeOnly`), number,
 * select (`enum`), checkbox (`boolean`), with titles, hints, required marks and the errors of
 * the last attempt next to their field. Secret values are never echoed back.
 */
export function schemaFields(
  schema: JsonSchema | undefined,
  values: Record<string, unknown>,
  errors: ErrorDetail[],
  options: { autofocus?: boolean } = {}
): string {
  const properties = (schema?.properties as Record<string, JsonSchema> | undefined) ?? {}
  const required = new Set((schema?.required as string[] | undefined) ?? [])
  // browsers refuse autofocus inside a cross-origin frame (the SDK's screens), and say so in the console
  let first = options.autofocus ?? true
  return Object.entries(properties)
    .map(([name, def]) => {
      const id = `f_${name.replace(/[^A-Za-z0-9_-]/g, '_')}`
      const title = esc((def.title as string | undefined) ?? name)
      const mark = required.has(name) ? ' <span class="req" aria-hidden="true">*</span>' : ''
      const fieldErrors = errors.filter((e) => e.path === `input.${name}` || e.path === name)
      const errorHtml = fieldErrors
        .map((e) => `<div class="field-error" id="${id}_err">${esc(forPerson(e.message, name, title))}</div>`)
        .join('')
      const hint = def.description ? `<div class="hint">${esc(def.description)}</div>` : ''
      const aria = `${fieldErrors.length ? ` aria-invalid="true" aria-describedby="${id}_err"` : ''}${required.has(name) ? ' required' : ''}${first ? ' autofocus' : ''}`
      first = false
      const types = ([] as unknown[]).concat(def.type ?? 'string')
      const value = values[name]
      let control: string
      if (types.includes('boolean')) {
        return `<div class="${fieldErrors.length ? 'invalid' : ''}"><label class="check"><input type="checkbox" id="${id}" name="${esc(name)}"${value === true ? ' checked' : ''}> ${title}</label>${hint}${errorHtml}</div>`
      }
      if (Array.isArray(def.enum)) {
        const options = (def.enum as unknown[])
          .map((v) => `<option value="${esc(v)}"${v === value ? ' selected' : ''}>${esc(v)}</option>`)
          .join('')
        control = `<select id="${id}" name="${esc(name)}"${aria}><option value=""></option>${options}</select>`
      } else if (types.includes('integer') || types.includes('number')) {
        control = `<input type="number" id="${id}" name="${esc(name)}"${types.includes('integer') ? ' step="1"' : ' step="any"'} value="${esc(value ?? '')}"${aria}>`
      } else if (def.writeOnly) {
        control = `<input type="password" id="${id}" name="${esc(name)}" autocomplete="off" spellcheck="false"${aria}>`
      } else {
        const kind = def.format === 'email' ? 'email' : def.format === 'uri' ? 'url' : 'text'
        control = `<input type="${kind}" id="${id}" name="${esc(name)}" value="${esc(value ?? '')}" spellcheck="false"${aria}>`
      }
      return `<div class="${fieldErrors.length ? 'invalid' : ''}"><label for="${id}">${title}${mark}</label>${control}${hint}${errorHtml}</div>`
    })
    .join('\n')
}

/** `input.apiKey must NOT have fewer than 8 characters` → `API key must not have fewer than 8 characters`. */
function forPerson(message: string, name: string, title: string): string {
  const text = message.replace(new RegExp(`^(input\\.)?${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b\\s*`), '')
  const clean = text.replace(/must NOT/g, 'must not')
  return /^(must|is)\b/.test(clean) ? `${plainText(title)} ${clean}` : clean.charAt(0).toUpperCase() + clean.slice(1)
}

function plainText(html: string): string {
  return html
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
}
