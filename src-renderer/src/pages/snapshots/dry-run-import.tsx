import { useRef, useState, type ReactNode } from 'react'
import type { ErrorDetail } from '@contract/errors'
import { messageOf } from '../../api/console-client'
import { Button } from '../../ui/button'
import { Callout } from '../../ui/card'
import { AlertCircleIcon, CheckCircleIcon, UploadIcon } from '../../ui/icons'

// The check-then-apply import both import cards use (a snapshot file, a Membrane zip): pick a
// file, check it with a dry run, apply only what was checked, and say why nothing changed.

/** Why an import was refused: the engine's message and the fields it named. */
export interface ImportFailure {
  message: string
  details: ErrorDetail[]
}

/** What the person reads on the buttons and headings of one kind of import. */
export interface DryRunWords {
  check: string
  apply: string
  /** Tooltip of the apply button before a dry run. */
  checkFirst: string
  /** Title of the refusal. */
  refused: string
  wouldDo: string
  did: string
}

/** The state of a check-then-apply import. */
export interface DryRunImport<R> {
  result: R | null
  error: ImportFailure | null
  busy: 'check' | 'apply' | null
  /** A dry run passed and nothing changed its options since: applying is allowed. */
  checked: boolean
  run(dryRun: boolean): Promise<void>
  /** Forgets the last answer (a new file); `keepError` keeps a refusal (an option changed). */
  reset(options?: { keepError?: boolean }): void
}

/**
 * Runs an import as a dry run or for real through `perform`; `onApplied` follows a real import
 * (notices, refreshing what changed). A refusal keeps the engine's field details.
 */
export function useDryRunImport<R extends { dryRun: boolean }>(
  perform: (dryRun: boolean) => Promise<R>,
  onApplied: (result: R) => void
): DryRunImport<R> {
  const [result, setResult] = useState<R | null>(null)
  const [error, setError] = useState<ImportFailure | null>(null)
  const [busy, setBusy] = useState<'check' | 'apply' | null>(null)
  return {
    result,
    error,
    busy,
    checked: !!result?.dryRun && !error,
    async run(dryRun) {
      setBusy(dryRun ? 'check' : 'apply')
      setError(null)
      try {
        const answer = await perform(dryRun)
        setResult(answer)
        if (!dryRun) onApplied(answer)
      } catch (e) {
        setError({ message: messageOf(e), details: (e as { details?: ErrorDetail[] }).details ?? [] })
        setResult(null)
      } finally {
        setBusy(null)
      }
    },
    reset(options = {}) {
      setResult(null)
      if (!options.keepError) setError(null)
    }
  }
}

/** The card footer's "Check (dry run)" and "Apply" buttons. */
export function DryRunButtons<R>(props: { state: DryRunImport<R>; words: DryRunWords; checkDisabled?: boolean }) {
  const { state, words } = props
  return (
    <>
      <Button
        icon={<CheckCircleIcon size={14} />}
        busy={state.busy === 'check'}
        disabled={props.checkDisabled}
        onClick={() => void state.run(true)}
      >
        {words.check}
      </Button>
      <Button
        variant="primary"
        icon={<UploadIcon size={14} />}
        busy={state.busy === 'apply'}
        disabled={!state.checked}
        title={state.checked ? undefined : words.checkFirst}
        onClick={() => void state.run(false)}
      >
        {words.apply}
      </Button>
    </>
  )
}

/** Why the import was refused, with the first fields the engine named. */
export function ImportRefusal(props: { error: ImportFailure | null; words: DryRunWords }) {
  if (!props.error) return null
  return (
    <Callout tone="danger" icon={<AlertCircleIcon />} title={props.words.refused} role="alert">
      <div>{props.error.message}</div>
      {props.error.details.length > 0 && (
        <ul className="problem-list">
          {props.error.details.slice(0, 20).map((d, i) => (
            <li key={i}>
              <span className="mono">{d.path}</span>: {d.message}
            </li>
          ))}
        </ul>
      )}
    </Callout>
  )
}

/** What the import would do (after a dry run) or did, announced politely. */
export function ImportOutcome(props: { dryRun: boolean; words: DryRunWords; children: ReactNode }) {
  return (
    <div className="stack-sm" aria-live="polite">
      <h3>{props.dryRun ? props.words.wouldDo : props.words.did}</h3>
      {props.children}
      {props.dryRun && <p className="field-hint">Nothing has changed yet. Apply the import to make these changes.</p>}
    </div>
  )
}

/** A drop zone with a "Choose file" button (the file input itself stays hidden). */
export function FileDropZone(props: {
  /** The picked file's name; undefined before one is picked. */
  fileName?: string
  placeholder: string
  choose: string
  chooseAnother: string
  accept: string
  inputLabel: string
  onPick(file: File | undefined): void
}) {
  const input = useRef<HTMLInputElement>(null)
  const [dragging, setDragging] = useState(false)
  return (
    <div
      className={['drop-zone', dragging && 'is-dragging'].filter(Boolean).join(' ')}
      onDragOver={(e) => {
        e.preventDefault()
        setDragging(true)
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={(e) => {
        e.preventDefault()
        setDragging(false)
        props.onPick(e.dataTransfer.files[0])
      }}
    >
      <UploadIcon size={18} />
      <span>{props.fileName ?? props.placeholder}</span>
      <Button size="sm" onClick={() => input.current?.click()}>
        {props.fileName ? props.chooseAnother : props.choose}
      </Button>
      <input
        ref={input}
        type="file"
        accept={props.accept}
        className="visually-hidden"
        aria-label={props.inputLabel}
        tabIndex={-1}
        onChange={(e) => props.onPick(e.target.files?.[0])}
      />
    </div>
  )
}
