import { useEffect, useState, type ReactNode } from 'react'
import type { TokenInspection } from '@contract/tokens'
import { messageOf } from '../../api/console-client'
import { JwtText } from '../../features/tokens/TokenOutput'
import { formatDateTime, fromNow } from '../../format/time'
import { useApi, useConsole } from '../../store/store'
import { Badge, Callout, Card } from '../../ui/card'
import { Textarea } from '../../ui/controls'
import { controlProps, Field } from '../../ui/field'
import { AlertCircleIcon, CheckCircleIcon } from '../../ui/icons'

const CLAIM_MEANING: Record<string, string> = {
  id: 'Customer id',
  tenantKey: 'Customer id (Membrane name)',
  name: 'Customer name',
  fields: 'Customer fields',
  iss: 'Workspace key',
  workspaceKey: 'Workspace key (Membrane name)',
  isAdmin: 'Admin token',
  exp: 'Expires',
  iat: 'Issued',
  nbf: 'Not valid before',
  alg: 'Signing algorithm',
  typ: 'Type'
}

function ValueView(props: { value: unknown }): ReactNode {
  const { value } = props
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const entries = Object.entries(value)
    if (!entries.length) return <span className="subtle">empty</span>
    return (
      <div className="row" style={{ flexWrap: 'wrap', gap: 4 }}>
        {entries.map(([k, v]) => (
          <span key={k} className="chip" title={`${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`}>
            <b>{k}</b> {typeof v === 'object' ? JSON.stringify(v) : String(v)}
          </span>
        ))}
      </div>
    )
  }
  if (Array.isArray(value))
    return (
      <span className="mono">
        {value.map((v) => (typeof v === 'object' ? JSON.stringify(v) : String(v))).join(', ')}
      </span>
    )
  return <span className="mono">{String(value)}</span>
}

function ClaimRows(props: { entries: [string, unknown][]; workspaceKey?: string }) {
  return (
    <table className="table table-compact">
      <thead>
        <tr>
          <th style={{ width: 120 }}>Claim</th>
          <th>Value</th>
          <th style={{ width: '34%' }}>Meaning</th>
        </tr>
      </thead>
      <tbody>
        {props.entries.map(([claim, value]) => {
          const time =
            (claim === 'exp' || claim === 'iat' || claim === 'nbf') && typeof value === 'number'
              ? new Date(value * 1000).toISOString()
              : undefined
          const issuer = (claim === 'iss' || claim === 'workspaceKey') && props.workspaceKey
          return (
            <tr key={claim}>
              <td className="mono">{claim}</td>
              <td>
                <ValueView value={value} />
              </td>
              <td className="muted" style={{ fontSize: 'var(--text-sm)' }}>
                {CLAIM_MEANING[claim] ?? 'Extra claim'}
                {time && (
                  <>
                    {': '}
                    <span title={time}>
                      {formatDateTime(time)} ({fromNow(time)})
                    </span>
                  </>
                )}
                {issuer &&
                  (value === props.workspaceKey ? (
                    <Badge tone="success">this workspace</Badge>
                  ) : (
                    <Badge tone="danger">another workspace</Badge>
                  ))}
              </td>
            </tr>
          )
        })}
      </tbody>
    </table>
  )
}

/** Paste any token: decode it, verify it against this workspace, and say in plain words why it is rejected. */
export function InspectTokenCard() {
  const api = useApi()
  const workspaceKey = useConsole((s) => s.info?.workspaceKey)
  const [text, setText] = useState('')
  const [result, setResult] = useState<TokenInspection | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [checking, setChecking] = useState(false)

  useEffect(() => {
    const token = text.trim()
    if (!token) {
      setResult(null)
      setError(null)
      return
    }
    let live = true
    setChecking(true)
    const t = setTimeout(() => {
      api.call('tokens.inspect', { token }).then(
        (r) => {
          if (!live) return
          setResult(r)
          setError(null)
          setChecking(false)
        },
        (e: unknown) => {
          if (!live) return
          setError(messageOf(e))
          setChecking(false)
        }
      )
    }, 200)
    return () => {
      live = false
      clearTimeout(t)
    }
  }, [api, text])

  const subject = result?.subject
  return (
    <Card
      title="Inspect a token"
      description="Paste a token from a bug report, a log or a .env file: see what it says and whether this workspace accepts it."
      actions={checking ? <span className="spinner subtle" aria-label="Checking" /> : undefined}
    >
      <Field label="Token" hint="The JWT, with or without “Bearer ”. It is checked here and never stored.">
        {(ids) => (
          <Textarea
            {...controlProps(ids)}
            mono
            rows={3}
            spellCheck={false}
            placeholder="eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9…"
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
        )}
      </Field>
      {error && (
        <Callout tone="danger" icon={<AlertCircleIcon />} title="Could not inspect" role="alert">
          {error}
        </Callout>
      )}
      {result && (
        <div className="stack" aria-label="Token verdict">
          {result.valid ? (
            <Callout tone="success" icon={<CheckCircleIcon />} title="Accepted by this workspace" role="status">
              {subject?.kind === 'customer'
                ? `Acts as customer “${subject.internalId}”${subject.isAdmin ? ' with admin rights' : ''}.`
                : 'An admin token: it may manage every customer.'}
              {result.expiresAt && ` Expires ${fromNow(result.expiresAt)}.`}
            </Callout>
          ) : (
            <Callout tone="danger" icon={<AlertCircleIcon />} title="Rejected" role="alert">
              <span data-testid="token-rejection">{result.reason}</span>
            </Callout>
          )}
          {text.trim().split('.').length === 3 && (
            <div className="code-block" style={{ paddingRight: 'var(--space-4)' }}>
              <JwtText token={text.trim().replace(/^Bearer\s+/i, '')} />
            </div>
          )}
          {result.header && (
            <div className="stack-sm">
              <h3>Header</h3>
              <ClaimRows entries={Object.entries(result.header)} />
            </div>
          )}
          {result.claims && (
            <div className="stack-sm">
              <h3>Claims</h3>
              <ClaimRows entries={Object.entries(result.claims)} workspaceKey={workspaceKey} />
            </div>
          )}
        </div>
      )}
    </Card>
  )
}
