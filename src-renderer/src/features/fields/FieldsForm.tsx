import { useCallback, useMemo, useState } from 'react'
import type { FieldSchema } from '@contract/workspace'
import { Checkbox, Input, Select, Switch } from '../../ui/controls'
import { controlProps, Field } from '../../ui/field'
import { JsonEditor } from '../../ui/json-editor'
import {
  buildForm,
  collectValues,
  initialDrafts,
  type DraftValue,
  type Drafts,
  type FormField
} from './field-form-model'

/** State of a generated fields form: drafts, errors, dirtiness, and turning drafts into values. */
export interface FieldsFormState {
  form: FormField[]
  drafts: Drafts
  errors: Record<string, string>
  dirty: boolean
  setDraft(path: string, value: DraftValue): void
  setErrors(errors: Record<string, string>): void
  /** Parses every draft; on problems sets the inline errors and returns undefined. */
  collect(): Record<string, unknown> | undefined
  reset(values?: Record<string, unknown>): void
}

/** The generated form for `schema` over the `stored` values (fields the schema lacks are kept). */
export function useFieldsForm(
  schema: FieldSchema | null | undefined,
  stored: Record<string, unknown>
): FieldsFormState {
  const form = useMemo(() => buildForm(schema), [schema])
  const [base, setBase] = useState(stored)
  const initial = useMemo(() => initialDrafts(form, base), [form, base])
  const [drafts, setDrafts] = useState<Drafts>(initial)
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [formOf, setFormOf] = useState(form)
  if (formOf !== form) {
    // the schema changed under an open form: keep what was typed where the field still exists
    setFormOf(form)
    setDrafts({ ...initial, ...Object.fromEntries(Object.entries(drafts).filter(([k]) => k in initial)) })
  }
  const dirty = useMemo(() => JSON.stringify(drafts) !== JSON.stringify(initial), [drafts, initial])
  const setDraft = useCallback((path: string, value: DraftValue) => {
    setDrafts((d) => ({ ...d, [path]: value }))
    setErrors((e) => {
      if (!(path in e)) return e
      const next = { ...e }
      delete next[path]
      return next
    })
  }, [])
  return {
    form,
    drafts,
    errors,
    dirty,
    setDraft,
    setErrors,
    collect() {
      const { values, errors: problems } = collectValues(form, drafts, base)
      setErrors(problems)
      return Object.keys(problems).length ? undefined : values
    },
    reset(values) {
      const next = values ?? base
      setBase(next)
      setDrafts(initialDrafts(form, next))
      setErrors({})
    }
  }
}

const WIDE: FormField['kind'][] = ['json', 'group', 'multi-enum', 'boolean']

/** The controls of a generated form, two columns, errors in place. */
export function FieldControls(props: { state: FieldsFormState; fields?: FormField[]; disabled?: boolean }) {
  const fields = props.fields ?? props.state.form
  return (
    <div className="form-grid">
      {fields.map((field) => (
        <FieldControl key={field.path} field={field} state={props.state} disabled={props.disabled} />
      ))}
    </div>
  )
}

function FieldControl({ field, state, disabled }: { field: FormField; state: FieldsFormState; disabled?: boolean }) {
  const error = state.errors[field.path]
  const wide = WIDE.includes(field.kind) || (field.description?.length ?? 0) > 90
  const className = wide ? 'span-2' : undefined
  if (field.kind === 'group') {
    return (
      <fieldset className="fieldset span-2">
        <legend>
          {field.label} <span className="field-meta">{field.path}</span>
        </legend>
        {error && (
          <div className="field-error" role="alert">
            {error}
          </div>
        )}
        <FieldControls state={state} fields={field.children} disabled={disabled} />
      </fieldset>
    )
  }
  const draft = state.drafts[field.path]
  const hint = [field.description, field.hint].filter(Boolean).join(' · ') || undefined
  const set = (value: DraftValue) => state.setDraft(field.path, value)

  if (field.kind === 'boolean') {
    return (
      <div className={['field', className].filter(Boolean).join(' ')}>
        <Switch checked={draft === true} onChange={set} disabled={disabled} label={<span>{field.label}</span>} />
        {hint && <div className="field-hint">{hint}</div>}
      </div>
    )
  }

  return (
    <Field
      label={field.label}
      meta={field.path}
      hint={hint}
      error={error}
      required={field.required}
      className={className}
    >
      {(ids) => {
        const common = { ...controlProps(ids), disabled, 'aria-required': field.required || undefined }
        switch (field.kind) {
          case 'enum':
            return (
              <Select {...common} value={typeof draft === 'string' ? draft : ''} onChange={(e) => set(e.target.value)}>
                <option value="">{field.required ? 'Choose…' : '—'}</option>
                {field.options?.map((o) => (
                  <option key={String(o)} value={String(o)}>
                    {String(o)}
                  </option>
                ))}
              </Select>
            )
          case 'multi-enum':
            return (
              <div
                className="row"
                role="group"
                aria-labelledby={ids.id}
                style={{ flexWrap: 'wrap', gap: 'var(--space-4)' }}
              >
                {field.options?.map((o) => {
                  const chosen = Array.isArray(draft) ? draft : []
                  const value = String(o)
                  return (
                    <Checkbox
                      key={value}
                      label={value}
                      checked={chosen.includes(value)}
                      onChange={(on) => set(on ? [...chosen, value] : chosen.filter((c) => c !== value))}
                    />
                  )
                })}
              </div>
            )
          case 'json':
            return (
              <JsonEditor
                id={ids.id}
                describedBy={ids.describedBy}
                label={field.label}
                value={typeof draft === 'string' ? draft : ''}
                onChange={set}
                invalid={ids.invalid}
                minHeight={90}
                maxHeight={260}
              />
            )
          default:
            return (
              <Input
                {...common}
                type={field.kind === 'date' ? 'date' : 'text'}
                inputMode={
                  field.kind === 'number'
                    ? 'decimal'
                    : field.kind === 'integer'
                      ? 'numeric'
                      : field.kind === 'email'
                        ? 'email'
                        : field.kind === 'url'
                          ? 'url'
                          : undefined
                }
                mono={field.kind === 'number' || field.kind === 'integer' || field.kind === 'datetime'}
                placeholder={field.placeholder}
                value={typeof draft === 'string' ? draft : ''}
                onChange={(e) => set(e.target.value)}
                autoComplete="off"
                spellCheck={field.kind === 'text'}
              />
            )
        }
      }}
    </Field>
  )
}
