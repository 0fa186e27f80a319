import { useEffect, useState } from 'react'
import { messageOf } from '../../api/console-client'
import { credentialFromInput } from '../../api/console-credentials'
import { useApi, useConsole } from '../../store/store'
import { Button } from '../../ui/button'
import { Card } from '../../ui/card'
import { CopyableText } from '../../ui/copy-button'
import { ConfirmDialog } from '../../ui/dialog'
import { RotateIcon } from '../../ui/icons'
import { SkeletonRows } from '../../ui/states'

/** The browser console's link (valid across restarts, kept in the data folder) and rotating its secret. */
export function ConsoleLinkCard() {
  const api = useApi()
  const notify = useConsole((s) => s.notify)
  const unlock = useConsole((s) => s.unlock)
  const [url, setUrl] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [confirm, setConfirm] = useState(false)
  const [busy, setBusy] = useState(false)
  useEffect(() => {
    api.call('session.consoleLink').then(
      (link) => setUrl(link.url),
      (e: unknown) => setError(messageOf(e))
    )
  }, [api])
  const rotate = async () => {
    setBusy(true)
    try {
      const link = await api.call('session.rotateConsoleSecret')
      setUrl(link.url)
      // this tab goes on with the new secret (and earns the new session cookie with it)
      const credential = credentialFromInput(link.url)
      if (credential) await unlock(credential)
      setConfirm(false)
      notify({
        kind: 'success',
        title: 'Console secret rotated',
        text: 'Earlier console links and other browsers signed in with them are locked out.'
      })
    } catch (e) {
      notify({ kind: 'error', title: 'Not rotated', text: messageOf(e) })
    } finally {
      setBusy(false)
    }
  }
  if (error) return null // the desktop window has no browser link
  return (
    <Card
      title="Browser console"
      description="This link opens the console in a browser. It stays valid across restarts until you rotate it; tabs opened from a signed-in tab get in without it."
    >
      {url ? (
        <div className="stack">
          <CopyableText text={url} copyLabel="Copy the console link" title="The console link (it carries the secret)" />
          <div>
            <Button icon={<RotateIcon size={14} />} variant="danger-ghost" onClick={() => setConfirm(true)}>
              Rotate console secret
            </Button>
          </div>
        </div>
      ) : (
        <SkeletonRows rows={1} label="Loading the console link" />
      )}
      <ConfirmDialog
        open={confirm}
        title="Rotate the console secret?"
        confirmLabel="Rotate"
        danger
        busy={busy}
        onConfirm={() => void rotate()}
        onClose={() => setConfirm(false)}
      >
        Every console link printed so far, and every browser signed in with one, is locked out. This tab continues with
        the new link.
      </ConfirmDialog>
    </Card>
  )
}
