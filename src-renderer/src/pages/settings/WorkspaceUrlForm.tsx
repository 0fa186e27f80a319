import { useEffect, useState } from 'react'
import type { WorkspaceDto } from '@contract/workspace'
import { fieldMessageOf } from '../../api/console-client'
import { useApi, useConsole } from '../../store/store'
import { Button } from '../../ui/button'
import { Input } from '../../ui/controls'
import { controlProps, Field } from '../../ui/field'

/** The workspace's URL settings, each edited by the same form. */
export type WorkspaceUrl = keyof Pick<WorkspaceDto, 'webhookUri' | 'apiBaseUri'>

/**
 * One URL of the workspace, edited in place: Save is live only when the text differs from what is
 * stored, an empty field removes the URL, and the engine's 400 shows under the field.
 */
export function WorkspaceUrlForm(props: {
  field: WorkspaceUrl
  label: string
  hint: string
  placeholder: string
  /** The notices: `saved` after a URL is stored, `removed` after it is cleared. */
  saved: string
  removed: string
}) {
  const api = useApi()
  const workspace = useConsole((s) => s.workspace)
  const setWorkspace = useConsole((s) => s.setWorkspace)
  const notify = useConsole((s) => s.notify)
  const stored = workspace?.[props.field] ?? ''
  const [value, setValue] = useState(stored)
  const [error, setError] = useState<string | null>(null)
  // a change made elsewhere (REST, another window, a scenario switch) replaces the text
  useEffect(() => setValue(stored), [stored])
  if (!workspace) return null
  const save = async () => {
    const next = value.trim() || null
    try {
      setWorkspace(await api.call('workspace.update', { [props.field]: next }))
      setError(null)
      notify({ kind: 'success', title: next ? props.saved : props.removed })
    } catch (e) {
      setError(fieldMessageOf(e))
    }
  }
  return (
    <form
      className="row"
      style={{ alignItems: 'flex-start' }}
      noValidate
      onSubmit={(e) => {
        e.preventDefault()
        void save()
      }}
    >
      <Field label={props.label} hint={props.hint} error={error} className="spacer">
        {(ids) => (
          <Input
            {...controlProps(ids)}
            mono
            placeholder={props.placeholder}
            value={value}
            onChange={(e) => setValue(e.target.value)}
          />
        )}
      </Field>
      <Button type="submit" disabled={value.trim() === stored} style={{ marginTop: 25 }}>
        Save
      </Button>
    </form>
  )
}
