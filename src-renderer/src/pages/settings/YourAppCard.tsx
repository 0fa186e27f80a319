import { useEffect, useState } from 'react'
import { ConsoleCallError, messageOf } from '../../api/console-client'
import { useApi, useConsole } from '../../store/store'
import { Button } from '../../ui/button'
import { Card } from '../../ui/card'
import { Input } from '../../ui/controls'
import { controlProps, Field } from '../../ui/field'

/** The workspace's `apiBaseUri`: where "API request to your app" nodes send relative paths. */
export function YourAppCard() {
  const api = useApi()
  const workspace = useConsole((s) => s.workspace)
  const setWorkspace = useConsole((s) => s.setWorkspace)
  const notify = useConsole((s) => s.notify)
  const [value, setValue] = useState(workspace?.apiBaseUri ?? '')
  const [error, setError] = useState<string | null>(null)
  useEffect(() => setValue(workspace?.apiBaseUri ?? ''), [workspace?.apiBaseUri])
  if (!workspace) return null
  const save = async () => {
    const next = value.trim() || null
    try {
      setWorkspace(await api.call('workspace.update', { apiBaseUri: next }))
      setError(null)
      notify({ kind: 'success', title: next ? 'API base URL saved' : 'API base URL removed' })
    } catch (e) {
      setError(e instanceof ConsoleCallError && e.details[0] ? e.details[0].message : messageOf(e))
    }
  }
  return (
    <Card title="Your app">
      <form
        className="row"
        style={{ alignItems: 'flex-start' }}
        noValidate
        onSubmit={(e) => {
          e.preventDefault()
          void save()
        }}
      >
        <Field
          label="API base URL"
          hint='Flow nodes that call your app join their relative paths ("/contacts") to this URL (apiBaseUri).'
          error={error}
          className="spacer"
        >
          {(ids) => (
            <Input
              {...controlProps(ids)}
              mono
              placeholder="http://127.0.0.1:3000/api"
              value={value}
              onChange={(e) => setValue(e.target.value)}
            />
          )}
        </Field>
        <Button type="submit" disabled={value.trim() === (workspace.apiBaseUri ?? '')} style={{ marginTop: 25 }}>
          Save
        </Button>
      </form>
    </Card>
  )
}
