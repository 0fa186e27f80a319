import { useState } from 'react'
import { credentialFromInput } from '../api/console-credentials'
import { useConsole } from '../store/store'
import { Button } from '../ui/button'
import { Card } from '../ui/card'
import { Input } from '../ui/controls'
import { controlProps, Field } from '../ui/field'
import { BrandMark, LockIcon } from '../ui/icons'

/** Shown in a browser without a valid console secret: how to get in. */
export function LockScreen() {
  const message = useConsole((s) => s.sessionMessage)
  const unlock = useConsole((s) => s.unlock)
  const [text, setText] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  return (
    <main className="lock-screen">
      <div className="lock-card stack" style={{ gap: 'var(--space-5)' }}>
        <div className="row" style={{ gap: 'var(--space-3)' }}>
          <span className="brand-mark">
            <BrandMark />
          </span>
          <div className="brand-text">
            <span className="brand-name">Integration Workbench</span>
            <span className="brand-sub">Console</span>
          </div>
        </div>
        <Card>
          <form
            className="stack"
            noValidate
            onSubmit={async (e) => {
              e.preventDefault()
              const credential = credentialFromInput(text)
              if (!credential) {
                setError('Paste the console link, the console secret, or an admin token.')
                return
              }
              setBusy(true)
              setError(null)
              const failure = await unlock(credential)
              setBusy(false)
              if (failure) setError(failure)
            }}
          >
            <div className="row" style={{ gap: 'var(--space-3)', alignItems: 'flex-start' }}>
              <div className="state-icon" style={{ margin: 0, width: 36, height: 36 }}>
                <LockIcon />
              </div>
              <div className="stack-sm" style={{ gap: 4 }}>
                <h1 style={{ fontSize: 'var(--text-lg)' }}>Unlock the console</h1>
                <p className="muted">
                  Open the console link the Workbench printed when it started (it carries this launch&apos;s secret), or
                  paste that link, the secret, or an admin token here.
                </p>
              </div>
            </div>
            {message && !error && (
              <div className="field-error" role="alert">
                {message}
              </div>
            )}
            <Field label="Console link, secret or admin token" error={error}>
              {(ids) => (
                <Input
                  {...controlProps(ids)}
                  mono
                  autoFocus
                  autoComplete="off"
                  spellCheck={false}
                  value={text}
                  onChange={(e) => setText(e.target.value)}
                  placeholder="http://127.0.0.1:7710/console/#secret=…"
                />
              )}
            </Field>
            <div className="row-between">
              <span className="subtle" style={{ fontSize: 'var(--text-sm)' }}>
                Admin tokens: <span className="inline-code">npm run token -- --admin</span>
              </span>
              <Button type="submit" variant="primary" busy={busy}>
                Unlock
              </Button>
            </div>
          </form>
        </Card>
      </div>
    </main>
  )
}
