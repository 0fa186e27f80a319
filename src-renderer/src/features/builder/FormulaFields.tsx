import { useEffect, useState } from 'react'
import type { PreviewKind, PreviewResult } from '@contract/console-views'
import { messageOf } from '../../api/console-client'
import { useApi } from '../../store/store'
import { Button } from '../../ui/button'
import { Segmented, Textarea } from '../../ui/controls'
import { AlertCircleIcon, EyeIcon } from '../../ui/icons'
import { JsonEditor } from '../../ui/json-editor'
import { JsonView } from '../../ui/json-view'
import { mappingModeOf, mappingText, parseMapping, type MappingMode } from './config-model'

/** What formulas of one node are previewed against, and where it came from. */
export interface SampleScope {
  scope: Record<string, unknown>
  /** Where the sample comes from, in words ("the last run", "the run input"). */
  source: string
}

const PREVIEW_DELAY_MS = 350

/**
 * The value of a formula against the sample data, computed by the engine's JSONata as a run
 * would. Filters and conditions say whether the data would pass.
 */
export function FormulaPreview(props: {
  kind: PreviewKind
  value: unknown
  sample: SampleScope
  customerId?: string
  condition?: boolean
  label: string
}) {
  const api = useApi()
  const [result, setResult] = useState<PreviewResult | null>(null)
  const [busy, setBusy] = useState(false)
  const [editing, setEditing] = useState(false)
  const [sampleText, setSampleText] = useState(() => JSON.stringify(props.sample.scope.input ?? {}, null, 2))
  const [sampleError, setSampleError] = useState<string | null>(null)
  const [sampleInput, setSampleInput] = useState<unknown>(props.sample.scope.input ?? {})
  const sampleKey = JSON.stringify(props.sample.scope.input ?? {})

  useEffect(() => {
    setSampleText(JSON.stringify(props.sample.scope.input ?? {}, null, 2))
    setSampleInput(props.sample.scope.input ?? {})
    setSampleError(null)
  }, [sampleKey])

  useEffect(() => {
    if (props.value === undefined || props.value === '') {
      setResult(null)
      return
    }
    let live = true
    setBusy(true)
    const t = setTimeout(() => {
      api
        .call('flows.preview', {
          kind: props.kind,
          value: props.value,
          scope: { ...props.sample.scope, input: sampleInput },
          customerId: props.customerId
        })
        .then(
          (r) => live && setResult(r),
          (e) => live && setResult({ ok: false, message: messageOf(e) })
        )
        .finally(() => live && setBusy(false))
    }, PREVIEW_DELAY_MS)
    return () => {
      live = false
      clearTimeout(t)
    }
  }, [api, props.kind, JSON.stringify(props.value), JSON.stringify(sampleInput), props.customerId])

  if (props.value === undefined || props.value === '') return null
  return (
    <div className="formula-preview" aria-live="polite" aria-label={`Preview of ${props.label}`}>
      <div className="formula-preview-head">
        <EyeIcon size={13} />
        <span>
          Preview <span className="subtle">against {props.sample.source}</span>
        </span>
        {busy && <span className="spinner" aria-hidden="true" style={{ width: 11, height: 11 }} />}
        <span className="spacer" />
        <Button size="sm" variant="ghost" onClick={() => setEditing(!editing)} aria-expanded={editing}>
          {editing ? 'Hide sample' : 'Edit sample'}
        </Button>
      </div>
      {editing && (
        <div className="stack-sm">
          <JsonEditor
            label={`Sample input for ${props.label}`}
            value={sampleText}
            minHeight={90}
            maxHeight={220}
            invalid={!!sampleError}
            onChange={(text) => {
              setSampleText(text)
              try {
                setSampleInput(text.trim() ? JSON.parse(text) : {})
                setSampleError(null)
              } catch (e) {
                setSampleError(`Not valid JSON: ${(e as Error).message}`)
              }
            }}
          />
          {sampleError && <div className="field-error">{sampleError}</div>}
        </div>
      )}
      {result && !result.ok && (
        <div className="field-error">
          <AlertCircleIcon size={13} />
          <span>{result.message}</span>
        </div>
      )}
      {result?.ok && props.condition && (
        <div className={`formula-verdict ${truthy(result.value) ? 'passes' : 'stops'}`}>
          {truthy(result.value) ? 'True: the data passes' : 'False: the branch stops here'}
        </div>
      )}
      {result?.ok && <JsonView value={result.value} label={`Result of ${props.label}`} openDepth={2} maxHeight={220} />}
    </div>
  )
}

/** JSONata's truth, as the runner applies it to filters. */
function truthy(value: unknown): boolean {
  if (value === undefined || value === null || value === false || value === 0 || value === '') return false
  if (Array.isArray(value)) return value.length > 0
  if (typeof value === 'object') return Object.keys(value as object).length > 0
  return true
}

/**
 * A mapping field: plain text, one JSONata formula, or JSON in which `{"$var": …}` and
 * `{"$jsonata": …}` are evaluated; with a live preview.
 */
export function MappingField(props: {
  id: string
  describedBy?: string
  label: string
  value: unknown
  onChange(value: unknown): void
  sample: SampleScope
  customerId?: string
  placeholder?: string
  disabled?: boolean
  /** The config key (an empty `uri` starts as text, an empty `body` as JSON). */
  fieldKey?: string
}) {
  const [mode, setMode] = useState<MappingMode>(() => mappingModeOf(props.value, props.fieldKey))
  const [text, setText] = useState(() => mappingText(props.value, mode))
  const [error, setError] = useState<string | null>(null)

  const change = (nextText: string, nextMode = mode) => {
    setText(nextText)
    const parsed = parseMapping(nextText, nextMode)
    if (parsed.error) return setError(parsed.error)
    setError(null)
    props.onChange(parsed.value)
  }
  const switchMode = (next: MappingMode) => {
    setMode(next)
    // carry the value over: text becomes a JSON string, a formula keeps its expression
    const carried =
      next === 'json'
        ? props.value === undefined
          ? ''
          : JSON.stringify(props.value, null, 2)
        : mappingText(props.value, next)
    change(carried, next)
  }
  return (
    <div className="stack-sm">
      <Segmented<MappingMode>
        label={`How ${props.label} is written`}
        value={mode}
        onChange={switchMode}
        options={[
          { value: 'text', label: 'Text' },
          { value: 'jsonata', label: 'JSONata' },
          { value: 'json', label: 'JSON' }
        ]}
      />
      {mode === 'json' ? (
        <JsonEditor
          id={props.id}
          describedBy={props.describedBy}
          label={props.label}
          value={text}
          minHeight={110}
          maxHeight={320}
          invalid={!!error}
          onChange={(t) => change(t)}
        />
      ) : (
        <Textarea
          id={props.id}
          aria-describedby={props.describedBy}
          aria-invalid={!!error || undefined}
          mono
          className="formula-input"
          rows={mode === 'jsonata' ? 3 : 1}
          spellCheck={false}
          value={text}
          disabled={props.disabled}
          placeholder={mode === 'jsonata' ? 'input.trigger.email' : props.placeholder}
          onChange={(e) => change(e.target.value)}
        />
      )}
      {error && (
        <div className="field-error" role="alert">
          <AlertCircleIcon size={13} />
          <span>{error}</span>
        </div>
      )}
      {mode !== 'text' && !error && (
        <FormulaPreview
          kind="mapping"
          value={parseMapping(text, mode).value}
          sample={props.sample}
          customerId={props.customerId}
          label={props.label}
        />
      )}
    </div>
  )
}

/** An expression field: JSONata text (or a formula object as JSON), with a live preview. */
export function ExpressionField(props: {
  id: string
  describedBy?: string
  label: string
  value: unknown
  onChange(value: unknown): void
  sample: SampleScope
  customerId?: string
  condition?: boolean
  invalid?: boolean
}) {
  const [text, setText] = useState(() =>
    typeof props.value === 'string' ? props.value : props.value === undefined ? '' : JSON.stringify(props.value)
  )
  const [error, setError] = useState<string | null>(null)
  const change = (next: string) => {
    setText(next)
    const trimmed = next.trim()
    if (trimmed.startsWith('{"$')) {
      try {
        props.onChange(JSON.parse(trimmed))
        setError(null)
        return
      } catch (e) {
        setError(`Not valid JSON: ${(e as Error).message}`)
        return
      }
    }
    setError(null)
    props.onChange(next === '' ? undefined : next)
  }
  return (
    <div className="stack-sm">
      <Textarea
        id={props.id}
        aria-describedby={props.describedBy}
        aria-invalid={props.invalid || !!error || undefined}
        mono
        className="formula-input"
        rows={2}
        spellCheck={false}
        placeholder="input.trigger.amount > 100"
        value={text}
        onChange={(e) => change(e.target.value)}
      />
      {error && (
        <div className="field-error" role="alert">
          <AlertCircleIcon size={13} />
          <span>{error}</span>
        </div>
      )}
      {!error && (
        <FormulaPreview
          kind="expression"
          value={props.value}
          sample={props.sample}
          customerId={props.customerId}
          condition={props.condition}
          label={props.label}
        />
      )}
    </div>
  )
}
