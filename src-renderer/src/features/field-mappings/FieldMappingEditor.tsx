import { useEffect, useState } from 'react'
import type { ConsoleMappingCheck, ConsoleMappingEditor } from '@contract/console-field-mappings'
import { messageOf } from '../../api/console-client'
import { useLoaded } from '../../api/use-loaded'
import { useApi } from '../../store/store'
import { Button } from '../../ui/button'
import { Badge, Callout, Card } from '../../ui/card'
import { Input } from '../../ui/controls'
import { controlProps, Field } from '../../ui/field'
import { EmptyState, ErrorState, SkeletonRows } from '../../ui/states'
import { AlertCircleIcon, LayersIcon } from '../../ui/icons'
import { mappingOfText, textOfMapping } from '@contract/mapping-text'

function fieldsOf(schema: Record<string, unknown> | undefined): string[] {
  const properties = schema?.properties
  return properties && typeof properties === 'object' ? Object.keys(properties) : []
}

function shown(value: unknown): string {
  if (value === undefined) return '—'
  return typeof value === 'string' ? value : JSON.stringify(value)
}

function MappingCard(props: { editor: ConsoleMappingEditor; onSaved(): void }) {
  const api = useApi()
  const { instance, sample } = props.editor
  const appFields = fieldsOf(instance.appSchema)
  const theirFields = fieldsOf(instance.dataSourceSchema)
  const [texts, setTexts] = useState<Record<string, string>>(() =>
    Object.fromEntries(appFields.map((f) => [f, textOfMapping(instance.importValue?.[f])]))
  )
  const [check, setCheck] = useState<ConsoleMappingCheck | null>(null)
  const [busy, setBusy] = useState<'save' | 'reset' | null>(null)
  const [message, setMessage] = useState<string | null>(null)

  const draft = (): Record<string, unknown> =>
    Object.fromEntries(
      Object.entries(texts)
        .filter(([, t]) => t.trim() !== '')
        .map(([f, t]) => [f, mappingOfText(t)])
    )

  useEffect(() => {
    let live = true
    api.call('mappingEditor.check', { id: instance.id, importValue: draft(), sample }).then(
      (result) => live && setCheck(result),
      (error: unknown) => live && setCheck({ problems: [], previewError: messageOf(error) })
    )
    return () => {
      live = false
    }
  }, [texts])

  const errorOf = (field: string): string | null =>
    check?.problems.find((p) => p.path === `importValue.${field}` || p.path.startsWith(`importValue.${field}.`))
      ?.message ?? null

  const save = async () => {
    setBusy('save')
    try {
      await api.call('mappingEditor.save', { id: instance.id, importValue: draft() })
      setMessage('Saved as this customer’s mapping.')
      props.onSaved()
    } catch (error) {
      setMessage(messageOf(error))
    } finally {
      setBusy(null)
    }
  }
  const reset = async () => {
    setBusy('reset')
    try {
      const after = await api.call('mappingEditor.reset', { id: instance.id })
      setTexts(Object.fromEntries(appFields.map((f) => [f, textOfMapping(after.importValue?.[f])])))
      setMessage('Back to the default mapping.')
      props.onSaved()
    } catch (error) {
      setMessage(messageOf(error))
    } finally {
      setBusy(null)
    }
  }

  return (
    <Card
      title={`Field mapping: ${instance.name}`}
      description={
        <span>
          Your app’s fields on the left, computed from the app’s record. Write <code>$.field</code> to copy a field,{' '}
          <code>= expression</code> for JSONata, or plain text for a fixed value. App fields:{' '}
          <span className="mono">{theirFields.join(', ') || 'none yet'}</span>
        </span>
      }
      actions={
        <>
          {instance.customized.importValue && <Badge tone="accent">Customized</Badge>}
          <Button variant="ghost" busy={busy === 'reset'} onClick={() => void reset()}>
            Reset to default
          </Button>
          <Button
            variant="primary"
            busy={busy === 'save'}
            disabled={(check?.problems.length ?? 0) > 0}
            onClick={() => void save()}
          >
            Save as this customer’s mapping
          </Button>
        </>
      }
    >
      {message && <p role="status">{message}</p>}
      <div className="mapping-editor">
        <table className="table" aria-label={`Mapping of ${instance.name}`}>
          <thead>
            <tr>
              <th scope="col">Your app’s field</th>
              <th scope="col">Expression over the app’s record</th>
              <th scope="col">Preview</th>
            </tr>
          </thead>
          <tbody>
            {appFields.map((field) => (
              <tr key={field}>
                <td className="mono">{field}</td>
                <td>
                  <Field label={`Expression for ${field}`} error={errorOf(field)}>
                    {(ids) => (
                      <Input
                        {...controlProps(ids)}
                        value={texts[field] ?? ''}
                        onChange={(e) => setTexts((t) => ({ ...t, [field]: e.target.value }))}
                      />
                    )}
                  </Field>
                </td>
                <td className="mono" data-testid={`preview-${field}`}>
                  {shown(check?.imported?.[field])}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {props.editor.sampleError && (
        <Callout tone="warning" icon={<AlertCircleIcon />} title="No record to preview">
          {props.editor.sampleError}
        </Callout>
      )}
      {check?.previewError && (
        <Callout tone="danger" icon={<AlertCircleIcon />} title="The preview failed">
          {check.previewError}
        </Callout>
      )}
      {sample && (
        <div className="row" style={{ alignItems: 'flex-start', gap: 'var(--space-6)' }}>
          <table className="table" aria-label="The app’s record">
            <caption>The app’s record (from the sandbox)</caption>
            <tbody>
              {Object.entries(sample).map(([k, v]) => (
                <tr key={k}>
                  <th scope="row" className="mono">
                    {k}
                  </th>
                  <td className="mono">{shown(v)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {check?.exported && (
            <table className="table" aria-label="Mapped back to the app">
              <caption>Mapped back to the app (export)</caption>
              <tbody>
                {Object.entries(check.exported).map(([k, v]) => (
                  <tr key={k}>
                    <th scope="row" className="mono">
                      {k}
                    </th>
                    <td className="mono">{shown(v)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      )}
    </Card>
  )
}

/** The field mapping editor of one connection: each field mapping, its expressions and a live preview. */
export function FieldMappingEditor(props: { connectionId: string }) {
  const api = useApi()
  const loaded = useLoaded(
    () => api.call('mappingEditor.get', { connectionId: props.connectionId }),
    [props.connectionId]
  )
  if (loaded.error)
    return (
      <Card title="Field mappings">
        <ErrorState message={loaded.error} onRetry={loaded.reload} />
      </Card>
    )
  if (!loaded.data)
    return (
      <Card title="Field mappings">
        <SkeletonRows rows={3} label="Loading field mappings" />
      </Card>
    )
  if (!loaded.data.length)
    return (
      <Card title="Field mappings">
        <EmptyState icon={<LayersIcon />} title="No field mappings">
          Create a field mapping (POST /field-mappings) to edit it here.
        </EmptyState>
      </Card>
    )
  return (
    <>
      {loaded.data.map((editor) => (
        <MappingCard key={editor.instance.id} editor={editor} onSaved={() => undefined} />
      ))}
    </>
  )
}
