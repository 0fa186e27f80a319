import { useState } from 'react'
import type { IntegrationDto } from '@contract/integrations'
import { useApi, useConsole } from '../../store/store'
import { Input, Select } from '../../ui/controls'
import { Dialog, FormDialog } from '../../ui/dialog'
import { controlProps, Field } from '../../ui/field'
import { placeEngineErrors, type FormErrors } from './integration-form-errors'

type AuthChoice = '' | 'none' | 'api-key-header' | 'api-key-query' | 'bearer' | 'basic' | 'oauth2-client-credentials'
type FieldName =
  'key' | 'name' | 'baseUrl' | 'authType' | 'apiKeyHeader' | 'apiKeyQueryParam' | 'tokenUrl' | 'scope' | 'testPath'

// the HTTP connector's auth methods (src-main/engine/apps/connectors/http.connector.ts), as people read them
const AUTH_CHOICES: Array<{ value: AuthChoice; label: string }> = [
  { value: '', label: 'Let each connection choose' },
  { value: 'none', label: 'No authentication' },
  { value: 'api-key-header', label: 'API key in a header' },
  { value: 'api-key-query', label: 'API key in the query' },
  { value: 'bearer', label: 'Bearer token' },
  { value: 'basic', label: 'Basic (user and password)' },
  { value: 'oauth2-client-credentials', label: 'OAuth 2.0 client credentials' }
]

/** The same rule as the engine's integration key, checked before sending so the error shows at once. */
export const ELEMENT_KEY = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text)
    return url.protocol === 'http:' || url.protocol === 'https:'
  } catch {
    return false
  }
}

/** Creates an integration on the generic HTTP connector: key, name, base URL and how it authenticates. */
export function NewHttpIntegrationDialog(props: {
  open: boolean
  onClose(): void
  onCreated(i: IntegrationDto): void
}) {
  return props.open ? <NewHttpIntegrationForm {...props} /> : <Dialog open={false} title="" onClose={props.onClose} />
}

function NewHttpIntegrationForm(props: { onClose(): void; onCreated(i: IntegrationDto): void }) {
  const api = useApi()
  const notify = useConsole((s) => s.notify)
  const [values, setValues] = useState<Record<FieldName, string>>({
    key: '',
    name: '',
    baseUrl: '',
    authType: '',
    apiKeyHeader: '',
    apiKeyQueryParam: '',
    tokenUrl: '',
    scope: '',
    testPath: ''
  })
  const [errors, setErrors] = useState<FormErrors<FieldName>>({ fields: {} })
  const [busy, setBusy] = useState(false)
  // editing a field takes its error away: what is shown is about what is there
  const set = (field: FieldName) => (e: { target: { value: string } }) => {
    setValues((v) => ({ ...v, [field]: e.target.value }))
    setErrors((all) => ({ ...all, fields: { ...all.fields, [field]: undefined } }))
  }
  const auth = values.authType as AuthChoice

  const check = (): FormErrors<FieldName> => {
    const fields: FormErrors<FieldName>['fields'] = {}
    if (!values.key.trim()) fields.key = 'Give the integration a key.'
    else if (!ELEMENT_KEY.test(values.key.trim()))
      fields.key = 'Use letters, digits, "-", "_" or "." (starting with a letter or digit), at most 100.'
    if (!values.name.trim()) fields.name = 'Give the integration a name.'
    if (!values.baseUrl.trim()) fields.baseUrl = 'Say where the service listens, e.g. http://127.0.0.1:8080/api.'
    else if (!isHttpUrl(values.baseUrl.trim())) fields.baseUrl = 'Use an absolute http:// or https:// URL.'
    if (auth === 'oauth2-client-credentials' && !values.tokenUrl.trim())
      fields.tokenUrl = 'The client-credentials grant needs the token URL.'
    if (values.testPath.trim() && !values.testPath.trim().startsWith('/')) fields.testPath = 'Start the path with "/".'
    return { fields }
  }

  const submit = async () => {
    const found = check()
    setErrors(found)
    if (Object.keys(found.fields).length) return
    const parameters: Record<string, string> = { baseUrl: values.baseUrl.trim() }
    if (auth) parameters.authType = auth
    const optional: FieldName[] = ['testPath']
    if (auth === '' || auth === 'api-key-header') optional.push('apiKeyHeader')
    if (auth === '' || auth === 'api-key-query') optional.push('apiKeyQueryParam')
    if (auth === '' || auth === 'oauth2-client-credentials') optional.push('tokenUrl', 'scope')
    for (const field of optional) if (values[field].trim()) parameters[field] = values[field].trim()
    setBusy(true)
    try {
      const made = await api.call('integrations.create', {
        key: values.key.trim(),
        name: values.name.trim(),
        connectorId: 'http',
        parameters
      })
      notify({ kind: 'success', title: `Created ${made.name}` })
      props.onCreated(made)
    } catch (error) {
      setErrors(
        placeEngineErrors<FieldName>(error, (path) => {
          const field = path.replace(/^(body\.)?(parameters\.)?/, '') as FieldName
          return field in values ? field : undefined
        })
      )
    } finally {
      setBusy(false)
    }
  }

  /** A text field of the form: its value, the engine's error in place, and an edit that clears it. */
  const textField = (
    name: FieldName,
    field: { label: string; hint?: string; required?: boolean; className?: string },
    input: { placeholder?: string; mono?: boolean; prose?: boolean }
  ) => (
    <Field {...field} error={errors.fields[name]}>
      {(ids) => (
        <Input
          {...controlProps(ids)}
          mono={input.mono}
          value={values[name]}
          onChange={set(name)}
          placeholder={input.placeholder}
          autoComplete="off"
          spellCheck={input.prose ? undefined : false}
        />
      )}
    </Field>
  )
  const showHeader = auth === '' || auth === 'api-key-header'
  const showQuery = auth === '' || auth === 'api-key-query'
  const showOauth = auth === '' || auth === 'oauth2-client-credentials'
  return (
    <FormDialog
      wide
      title="New HTTP integration"
      description="Any service that speaks HTTP: a base URL, and how its connections authenticate. Each customer then connects with their own credentials."
      submitLabel="Create integration"
      busy={busy}
      formError={errors.form}
      onClose={props.onClose}
      onSubmit={() => void submit()}
    >
      <div className="form-grid">
        {textField('name', { label: 'Name', required: true }, { placeholder: 'Billing service', prose: true })}
        {textField(
          'key',
          { label: 'Key', required: true, hint: 'How the API and the SDK name it.' },
          { mono: true, placeholder: 'billing' }
        )}
        {textField(
          'baseUrl',
          {
            label: 'Base URL',
            required: true,
            hint: 'Where the service listens; action paths are relative to it.',
            className: 'span-2'
          },
          { mono: true, placeholder: 'http://127.0.0.1:8080/api' }
        )}
        <Field label="Authentication" error={errors.fields.authType}>
          {(ids) => (
            <Select {...controlProps(ids)} value={values.authType} onChange={set('authType')}>
              {AUTH_CHOICES.map((c) => (
                <option key={c.value} value={c.value}>
                  {c.label}
                </option>
              ))}
            </Select>
          )}
        </Field>
        {textField(
          'testPath',
          { label: 'Test path', hint: 'GET this path to test a connection (default /).' },
          { mono: true, placeholder: '/' }
        )}
        {showHeader &&
          textField(
            'apiKeyHeader',
            { label: 'API key header', hint: 'Default X-API-Key.' },
            { mono: true, placeholder: 'X-API-Key' }
          )}
        {showQuery &&
          textField(
            'apiKeyQueryParam',
            { label: 'API key query parameter', hint: 'Default api_key.' },
            { mono: true, placeholder: 'api_key' }
          )}
        {showOauth && (
          <>
            {textField(
              'tokenUrl',
              {
                label: 'OAuth 2.0 token URL',
                required: auth === 'oauth2-client-credentials',
                hint: 'Needed for the client-credentials grant.'
              },
              { mono: true, placeholder: 'http://127.0.0.1:8080/oauth/token' }
            )}
            {textField('scope', { label: 'OAuth 2.0 scope' }, {})}
          </>
        )}
      </div>
    </FormDialog>
  )
}
