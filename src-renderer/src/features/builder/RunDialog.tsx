import { useEffect, useRef, useState } from 'react'
import type { FlowNodes } from '@contract/flows'
import { Button } from '../../ui/button'
import { Callout } from '../../ui/card'
import { Select } from '../../ui/controls'
import { Dialog } from '../../ui/dialog'
import { Field } from '../../ui/field'
import { AlertCircleIcon, InfoIcon, PlayIcon } from '../../ui/icons'
import { JsonEditor } from '../../ui/json-editor'
import { JsonView } from '../../ui/json-view'
import { triggerKeys } from './graph-model'
import { nodeTypeSpec } from './node-types'

/**
 * Asks for the run's input (JSON) and, when the flow has several triggers, where to start.
 * The trigger's input schema is shown so the person knows what the engine will accept.
 */
export function RunDialog(props: {
  open: boolean
  nodes: FlowNodes
  input: string
  /** Where the input came from ("The last run's input."), said above the editor. */
  inputSource?: string
  busy?: boolean
  error?: string | null
  note?: string
  onClose(): void
  onRun(input: unknown, inputText: string, startNodeKey?: string): void
}) {
  const triggers = triggerKeys(props.nodes)
  const [text, setText] = useState(props.input)
  const [start, setStart] = useState(triggers[0] ?? '')
  const [error, setError] = useState<string | null>(null)
  // the input the text started from: a better one arriving while the dialog is open (a record read
  // through the connection) replaces the text only if the person has not changed it
  const offered = useRef(props.input)
  useEffect(() => {
    if (props.open) {
      setText(props.input)
      setError(null)
      setStart((s) => (triggers.includes(s) ? s : (triggers[0] ?? '')))
    }
    offered.current = props.input
  }, [props.open])
  useEffect(() => {
    if (props.open && text === offered.current) setText(props.input)
    offered.current = props.input
  }, [props.input])
  const edited = text !== props.input
  const schema = start ? props.nodes[start]?.config?.inputSchema : undefined
  const submit = () => {
    let input: unknown
    try {
      input = text.trim() ? JSON.parse(text) : undefined
    } catch (e) {
      setError(`Not valid JSON: ${(e as Error).message}`)
      return
    }
    props.onRun(input, text, triggers.length > 1 ? start : undefined)
  }
  return (
    <Dialog
      open={props.open}
      onClose={props.onClose}
      onSubmit={submit}
      wide
      title="Run the flow"
      description={
        props.note ?? 'The run starts at the trigger with this input. The canvas shows each node as it runs.'
      }
      footer={
        <>
          <Button onClick={props.onClose}>Cancel</Button>
          <Button
            type="submit"
            variant="primary"
            icon={<PlayIcon size={14} />}
            busy={props.busy}
            disabled={!triggers.length}
          >
            Run
          </Button>
        </>
      }
    >
      {!triggers.length && (
        <Callout tone="warning" icon={<AlertCircleIcon />} title="No trigger">
          Add a trigger from the palette first: a run starts there.
        </Callout>
      )}
      {triggers.length > 1 && (
        <Field label="Start at">
          {(ids) => (
            <Select id={ids.id} value={start} onChange={(e) => setStart(e.target.value)}>
              {triggers.map((k) => (
                <option key={k} value={k}>
                  {props.nodes[k].name ?? k} ({nodeTypeSpec(props.nodes[k].type)?.name ?? props.nodes[k].type})
                </option>
              ))}
            </Select>
          )}
        </Field>
      )}
      {props.inputSource && !edited && (
        <p className="run-input-source" data-testid="run-input-source">
          <InfoIcon size={14} aria-hidden="true" />
          <span>{props.inputSource}</span>
        </p>
      )}
      <Field
        label="Input"
        hint="JSON. Later nodes read it as input.trigger (the trigger's key)."
        error={error ?? undefined}
      >
        {(ids) => (
          <JsonEditor
            id={ids.id}
            describedBy={ids.describedBy}
            label="Run input"
            value={text}
            minHeight={160}
            maxHeight={360}
            invalid={!!error}
            onChange={(t) => {
              setText(t)
              setError(null)
            }}
          />
        )}
      </Field>
      {schema !== undefined && (
        <div className="stack-sm">
          <h3>The trigger accepts</h3>
          <JsonView value={schema} label="Input schema" openDepth={2} maxHeight={200} />
        </div>
      )}
      {props.error && (
        <Callout tone="danger" icon={<AlertCircleIcon />} title="The run did not start" role="alert">
          {props.error}
        </Callout>
      )}
    </Dialog>
  )
}
