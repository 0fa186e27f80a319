import { useCallback, useEffect, useMemo, useState } from 'react'
import type { JsonSchema } from '@contract/apps'
import type {
  ConnectionRequestRecordDto,
  ExecuteRequestResultDto,
  OperationRunResultDto,
  OperationSpecDto
} from '@contract/operations'
import { ConsoleCallError, messageOf } from '../../api/console-client'
import { formatClock } from '../../format/time'
import { useApi } from '../../store/store'
import { Button } from '../../ui/button'
import { Badge, Callout, Card } from '../../ui/card'
import { Checkbox, Input, Select, Textarea } from '../../ui/controls'
import { controlProps, Field } from '../../ui/field'
import { AlertCircleIcon, PlayIcon } from '../../ui/icons'
import { JsonView } from '../../ui/json-view'
import { ErrorState, SkeletonRows } from '../../ui/states'

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']

/** `name=value` lines → an object; a line without `=` is a problem named by its number. */
function parseLines(text: string, what: string): { value: Record<string, string>; error?: string } {
  const value: Record<string, string> = {}
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim()
    if (!line) continue
    const at = line.search(/[=:]/)
    if (at <= 0) return { value, error: `Line ${i + 1} of ${what} needs name=value.` }
    value[line.slice(0, at).trim()] = line.slice(at + 1).trim()
  }
  return { value }
}

function statusTone(status: number | undefined): 'success' | 'warning' | 'danger' {
  if (status === undefined) return 'danger'
  return status < 300 ? 'success' : status < 500 ? 'warning' : 'danger'
}

/** "Send any request": method, path, query, headers and body through the connection's auth; the answer and the last requests. */
export function SendRequestCard(props: { connectionId: string; appName: string }) {
  const api = useApi()
  const [method, setMethod] = useState('GET')
  const [path, setPath] = useState('/me')
  const [query, setQuery] = useState('')
  const [headers, setHeaders] = useState('')
  const [body, setBody] = useState('')
  const [problems, setProblems] = useState<{ query?: string; headers?: string; body?: string }>({})
  const [sending, setSending] = useState(false)
  const [answer, setAnswer] = useState<ExecuteRequestResultDto | null>(null)
  const [failure, setFailure] = useState<string | null>(null)
  const [history, setHistory] = useState<ConnectionRequestRecordDto[]>([])

  const loadHistory = useCallback(() => {
    api.call('connections.requestHistory', { id: props.connectionId }).then(
      (page) => setHistory(page.items),
      () => setHistory([])
    )
  }, [api, props.connectionId])
  useEffect(loadHistory, [loadHistory])

  const send = async () => {
    const q = parseLines(query, 'the query')
    const h = parseLines(headers, 'the headers')
    let parsedBody: unknown
    let bodyError: string | undefined
    if (body.trim() && method !== 'GET') {
      try {
        parsedBody = JSON.parse(body)
      } catch (e) {
        bodyError = `The body is not JSON: ${(e as Error).message}`
      }
    }
    const next = { query: q.error, headers: h.error, body: bodyError }
    setProblems(next)
    if (next.query || next.headers || next.body) return
    setSending(true)
    setFailure(null)
    try {
      setAnswer(
        await api.call('connections.executeRequest', {
          id: props.connectionId,
          method,
          path,
          query: q.value,
          headers: h.value,
          ...(parsedBody !== undefined ? { body: parsedBody } : {})
        })
      )
    } catch (e) {
      setAnswer(null)
      setFailure(messageOf(e))
    } finally {
      setSending(false)
      loadHistory()
    }
  }

  const pick = (r: ConnectionRequestRecordDto) => {
    setMethod(r.method)
    setPath(r.path)
    setQuery(
      Object.entries(r.query)
        .map(([k, v]) => `${k}=${v}`)
        .join('\n')
    )
    setHeaders(
      Object.entries(r.headers)
        .map(([k, v]) => `${k}=${v}`)
        .join('\n')
    )
    setBody(r.body === undefined ? '' : JSON.stringify(r.body, null, 2))
  }

  return (
    <Card
      title="Send any request"
      description={`Any call to ${props.appName}'s API; the engine adds the connection's credentials and passes the answer on.`}
    >
      <form
        className="stack"
        onSubmit={(e) => {
          e.preventDefault()
          void send()
        }}
      >
        <div className="row" style={{ alignItems: 'flex-end' }}>
          <Field label="Method">
            {(ids) => (
              <Select {...controlProps(ids)} value={method} onChange={(e) => setMethod(e.target.value)}>
                {METHODS.map((m) => (
                  <option key={m}>{m}</option>
                ))}
              </Select>
            )}
          </Field>
          <Field label="Path" className="grow" hint="Relative to the app's API, e.g. /contacts">
            {(ids) => <Input {...controlProps(ids)} mono value={path} onChange={(e) => setPath(e.target.value)} />}
          </Field>
        </div>
        <div className="row">
          <Field label="Query" className="grow" error={problems.query} hint="One name=value a line">
            {(ids) => (
              <Textarea {...controlProps(ids)} mono rows={2} value={query} onChange={(e) => setQuery(e.target.value)} />
            )}
          </Field>
          <Field label="Headers" className="grow" error={problems.headers} hint="One name=value a line">
            {(ids) => (
              <Textarea
                {...controlProps(ids)}
                mono
                rows={2}
                value={headers}
                onChange={(e) => setHeaders(e.target.value)}
              />
            )}
          </Field>
        </div>
        {method !== 'GET' && (
          <Field label="Body (JSON)" error={problems.body}>
            {(ids) => (
              <Textarea {...controlProps(ids)} mono rows={4} value={body} onChange={(e) => setBody(e.target.value)} />
            )}
          </Field>
        )}
        <div className="row">
          <Button type="submit" variant="primary" icon={<PlayIcon size={14} />} busy={sending}>
            Send
          </Button>
        </div>
      </form>
      {failure && (
        <Callout tone="danger" icon={<AlertCircleIcon />} title="Not sent" role="alert">
          {failure}
        </Callout>
      )}
      {answer && (
        <div className="stack" data-testid="request-answer">
          <div className="row">
            <Badge tone={statusTone(answer.status)}>{answer.status}</Badge>
            <span className="subtle">{answer.durationMs} ms</span>
          </div>
          <details>
            <summary>Response headers ({Object.keys(answer.headers).length})</summary>
            <table className="table table-compact" aria-label="Response headers">
              <tbody>
                {Object.entries(answer.headers).map(([k, v]) => (
                  <tr key={k}>
                    <td className="mono">{k}</td>
                    <td className="mono">{v}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
          <JsonView value={answer.data} label="Response body" openDepth={2} maxHeight={320} />
        </div>
      )}
      {history.length > 0 && (
        <div className="table-scroll">
          <table className="table table-compact" aria-label="Last requests">
            <thead>
              <tr>
                <th>Time</th>
                <th>Request</th>
                <th>Answer</th>
                <th style={{ textAlign: 'right' }}>Took</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {history.map((r) => (
                <tr key={r.id}>
                  <td>{formatClock(r.at)}</td>
                  <td className="mono">
                    {r.method} {r.path}
                  </td>
                  <td>{r.status ? <Badge tone={statusTone(r.status)}>{r.status}</Badge> : <span>{r.error}</span>}</td>
                  <td style={{ textAlign: 'right' }}>{r.durationMs} ms</td>
                  <td>
                    <Button
                      size="sm"
                      variant="ghost"
                      onClick={() => pick(r)}
                      aria-label={`Reuse ${r.method} ${r.path}`}
                    >
                      Reuse
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  )
}

/** A value typed from form text by its schema; `undefined` for an empty field. */
function typed(schema: JsonSchema, text: string): { value?: unknown; error?: string } {
  const types = ([] as unknown[]).concat(schema.type ?? 'string')
  if (!text.trim()) return {}
  if (types.includes('integer') || types.includes('number')) {
    const n = Number(text)
    return Number.isNaN(n) ? { error: 'must be a number' } : { value: n }
  }
  if (types.includes('object') || types.includes('array')) {
    try {
      return { value: JSON.parse(text) }
    } catch {
      return { error: 'must be JSON' }
    }
  }
  return { value: text }
}

/** The app's operations, each run with a form made from its input schema. */
export function OperationsCard(props: { connectionId: string }) {
  const api = useApi()
  const [operations, setOperations] = useState<OperationSpecDto[] | null>(null)
  const [loadError, setLoadError] = useState<string | null>(null)
  const [key, setKey] = useState('')
  const [values, setValues] = useState<Record<string, string | boolean>>({})
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [running, setRunning] = useState(false)
  const [result, setResult] = useState<{ output?: OperationRunResultDto['output']; error?: string } | null>(null)

  const load = useCallback(() => {
    setLoadError(null)
    api.call('connections.operations', { id: props.connectionId }).then(
      (page) => {
        setOperations(page.items)
        setKey((k) => k || page.items[0]?.key || '')
      },
      (e) => setLoadError(messageOf(e))
    )
  }, [api, props.connectionId])
  useEffect(load, [load])

  const operation = useMemo(() => operations?.find((o) => o.key === key), [operations, key])
  const properties = (operation?.inputSchema.properties ?? {}) as Record<string, JsonSchema>
  const required = new Set((operation?.inputSchema.required as string[] | undefined) ?? [])

  const run = async () => {
    if (!operation) return
    const input: Record<string, unknown> = {}
    const local: Record<string, string> = {}
    for (const [name, schema] of Object.entries(properties)) {
      const raw = values[name]
      if (typeof raw === 'boolean') {
        input[name] = raw
        continue
      }
      const t = typed(schema, raw ?? '')
      if (t.error) local[`input.${name}`] = `${(schema.title as string | undefined) ?? name} ${t.error}`
      else if (t.value !== undefined) input[name] = t.value
    }
    setErrors(local)
    if (Object.keys(local).length) return
    setRunning(true)
    try {
      setResult({ output: (await api.call('connections.runOperation', { id: props.connectionId, key, input })).output })
    } catch (e) {
      const details = e instanceof ConsoleCallError ? e.details : []
      setErrors(Object.fromEntries(details.map((d) => [d.path, d.message])))
      setResult({ error: messageOf(e) })
    } finally {
      setRunning(false)
    }
  }

  if (loadError)
    return (
      <Card title="Operations">
        <ErrorState message={loadError} onRetry={load} />
      </Card>
    )
  if (!operations)
    return (
      <Card title="Operations">
        <SkeletonRows rows={3} label="Loading operations" />
      </Card>
    )
  return (
    <Card
      title="Operations"
      description="The app's REST operations; the input is checked against the schema before anything is sent."
    >
      {operations.length === 0 ? (
        <p className="subtle">This app defines no operations.</p>
      ) : (
        <form
          className="stack"
          onSubmit={(e) => {
            e.preventDefault()
            void run()
          }}
        >
          <Field
            label="Operation"
            hint={operation ? `${operation.request.method} ${operation.request.path}` : undefined}
          >
            {(ids) => (
              <Select
                {...controlProps(ids)}
                value={key}
                onChange={(e) => {
                  setKey(e.target.value)
                  setValues({})
                  setErrors({})
                  setResult(null)
                }}
              >
                {operations.map((o) => (
                  <option key={o.key} value={o.key}>
                    {o.name}
                  </option>
                ))}
              </Select>
            )}
          </Field>
          {operation?.description && <p className="subtle">{operation.description}</p>}
          {Object.entries(properties).map(([name, schema]) => {
            const label = (schema.title as string | undefined) ?? name
            const error =
              errors[`input.${name}`] ?? Object.entries(errors).find(([p]) => p.startsWith(`input.${name}.`))?.[1]
            const types = ([] as unknown[]).concat(schema.type ?? 'string')
            if (types.includes('boolean'))
              return (
                <Checkbox
                  key={name}
                  label={label}
                  checked={values[name] === true}
                  onChange={(checked: boolean) => setValues((v) => ({ ...v, [name]: checked }))}
                />
              )
            return (
              <Field
                key={name}
                label={label}
                meta={name}
                required={required.has(name)}
                error={error}
                hint={schema.description as string | undefined}
              >
                {(ids) =>
                  Array.isArray(schema.enum) ? (
                    <Select
                      {...controlProps(ids)}
                      value={String(values[name] ?? '')}
                      onChange={(e) => setValues((v) => ({ ...v, [name]: e.target.value }))}
                    >
                      <option value="" />
                      {(schema.enum as unknown[]).map((option) => (
                        <option key={String(option)}>{String(option)}</option>
                      ))}
                    </Select>
                  ) : types.includes('object') || types.includes('array') ? (
                    <Textarea
                      {...controlProps(ids)}
                      mono
                      rows={3}
                      placeholder={types.includes('array') ? '["…"]' : '{ "field": "value" }'}
                      value={String(values[name] ?? '')}
                      onChange={(e) => setValues((v) => ({ ...v, [name]: e.target.value }))}
                    />
                  ) : (
                    <Input
                      {...controlProps(ids)}
                      type={types.includes('integer') || types.includes('number') ? 'number' : 'text'}
                      value={String(values[name] ?? '')}
                      onChange={(e) => setValues((v) => ({ ...v, [name]: e.target.value }))}
                    />
                  )
                }
              </Field>
            )
          })}
          <div className="row">
            <Button type="submit" variant="primary" icon={<PlayIcon size={14} />} busy={running}>
              Run operation
            </Button>
          </div>
        </form>
      )}
      {result?.error && (
        <Callout tone="danger" icon={<AlertCircleIcon />} title="The operation did not run" role="alert">
          {result.error}
        </Callout>
      )}
      {result && !result.error && (
        <JsonView value={result.output} label="Operation output" openDepth={2} maxHeight={320} />
      )}
    </Card>
  )
}
