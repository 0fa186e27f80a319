import { useId, useState } from 'react'
import type { MintedToken } from '@contract/tokens'
import { formatDateTime, formatDuration } from '../../format/time'
import { useConsole } from '../../store/store'
import { Badge } from '../../ui/card'
import { CodeBlock } from '../../ui/code-block'
import { CopyButton } from '../../ui/copy-button'
import { ClockIcon } from '../../ui/icons'
import { splitJwt, tokenSnippets, type TokenSnippets } from './token-snippets'

const TABS: { key: keyof TokenSnippets; label: string; describe: string }[] = [
  { key: 'raw', label: 'Token', describe: 'the raw token' },
  { key: 'env', label: '.env', describe: '.env lines' },
  { key: 'curl', label: 'curl', describe: 'a curl command' },
  { key: 'sdk', label: 'SDK', describe: 'an SDK snippet' }
]

/** A JWT with its header, payload and signature in their colours. */
export function JwtText(props: { token: string }) {
  const [header, payload, signature] = splitJwt(props.token)
  return (
    <div className="jwt" aria-label="Token">
      <span className="jwt-header">{header}</span>.<span className="jwt-payload">{payload}</span>.
      <span className="jwt-signature">{signature}</span>
    </div>
  )
}

/** A minted token: who it is for, when it expires, and every way to copy it. */
export function TokenOutput(props: { minted: MintedToken }) {
  const info = useConsole((s) => s.info)
  const [tab, setTab] = useState<keyof TokenSnippets>('raw')
  const id = useId()
  const { minted } = props
  const isAdmin = !minted.claims.id && minted.claims.isAdmin === true
  const snippets = tokenSnippets({
    token: minted.token,
    apiUrl: info?.apiUrl ?? window.location.origin,
    workspaceKey: info?.workspaceKey ?? String(minted.claims.iss),
    isAdmin
  })
  const lifetime =
    typeof minted.claims.exp === 'number' && typeof minted.claims.iat === 'number'
      ? minted.claims.exp - minted.claims.iat
      : undefined
  return (
    <div className="stack" style={{ gap: 'var(--space-3)' }}>
      <div className="row-between">
        <div className="row" style={{ flexWrap: 'wrap' }}>
          {isAdmin ? (
            <Badge tone="warning">Admin</Badge>
          ) : (
            <Badge tone="accent">Customer {String(minted.claims.id)}</Badge>
          )}
          {minted.claims.isAdmin === true && !isAdmin && <Badge tone="warning">Admin</Badge>}
          <span className="row subtle" style={{ gap: 4, fontSize: 'var(--text-sm)' }}>
            <ClockIcon size={13} />
            {lifetime !== undefined ? `Valid ${formatDuration(lifetime)}, until ` : 'Valid until '}
            {formatDateTime(minted.expiresAt)}
          </span>
        </div>
        <CopyButton text={minted.token} label="Copy token" variant="primary" aria-label="Copy token" />
      </div>
      <div className="card" style={{ boxShadow: 'none' }}>
        <div className="tabs" role="tablist" aria-label="Copy the token as">
          {TABS.map((t) => (
            <button
              key={t.key}
              id={`${id}-tab-${t.key}`}
              className="tab"
              role="tab"
              type="button"
              aria-selected={tab === t.key}
              aria-controls={`${id}-panel`}
              onClick={() => setTab(t.key)}
            >
              {t.label}
            </button>
          ))}
        </div>
        <div
          id={`${id}-panel`}
          role="tabpanel"
          aria-labelledby={`${id}-tab-${tab}`}
          style={{ padding: 'var(--space-3)' }}
        >
          {tab === 'raw' ? (
            <div className="code-block" style={{ paddingRight: 84 }}>
              <JwtText token={minted.token} />
              <CopyButton className="copy-corner" text={minted.token} aria-label="Copy the raw token" />
            </div>
          ) : (
            <CodeBlock code={snippets[tab]} label={TABS.find((t) => t.key === tab)!.describe} />
          )}
        </div>
      </div>
    </div>
  )
}
