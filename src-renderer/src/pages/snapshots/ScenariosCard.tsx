import { useState } from 'react'
import type { ImportReport } from '@contract/snapshots'
import { messageOf } from '../../api/console-client'
import { useLoaded } from '../../api/use-loaded'
import { formatCount, fromNow } from '../../format/time'
import { useChangeVersion } from '../../store/live-slice'
import { useApi, useConsole } from '../../store/store'
import { Button } from '../../ui/button'
import { Badge, Card } from '../../ui/card'
import { Input, Textarea } from '../../ui/controls'
import { ConfirmDialog, Dialog } from '../../ui/dialog'
import { controlProps, Field } from '../../ui/field'
import { CameraIcon, PlayIcon, RotateIcon, SaveIcon, TrashIcon } from '../../ui/icons'
import { EmptyState, ErrorState, SkeletonRows } from '../../ui/states'
import { ReportTable } from './ReportTable'
import { formatBytes } from './snapshot-format'

/** The Snapshots page's "Scenarios" card: named states of the workspace to save, switch to and reset. */
export function ScenariosCard() {
  const api = useApi()
  const notify = useConsole((s) => s.notify)
  const refreshInfo = useConsole((s) => s.refreshInfo)
  const pollChanges = useConsole((s) => s.pollChanges)
  const [saveOpen, setSaveOpen] = useState(false)
  const [name, setName] = useState('')
  const [description, setDescription] = useState('')
  const [nameError, setNameError] = useState<string | null>(null)
  const [confirm, setConfirm] = useState<{ kind: 'switch' | 'reset' | 'remove'; name: string } | null>(null)
  const [busy, setBusy] = useState<string | null>(null)
  const [lastReport, setLastReport] = useState<{ title: string; report: ImportReport } | null>(null)

  // a switch or reset made elsewhere (CLI, REST, another window) moves every counter
  const workspaceVersion = useChangeVersion('workspace')
  const { data: items, error, reload: load } = useLoaded(() => api.call('scenarios.list'), [api], [workspaceVersion])
  const current = items?.find((s) => s.current)

  const save = async () => {
    if (!/^[a-z0-9][a-z0-9._-]{0,63}$/i.test(name))
      return setNameError('Letters, digits, ".", "_" and "-", starting with a letter or digit (up to 64).')
    setBusy('save')
    try {
      await api.call('scenarios.save', { name, description: description.trim() || undefined })
      setSaveOpen(false)
      notify({ kind: 'success', title: `Saved scenario “${name}”` })
      load()
    } catch (e) {
      setNameError(messageOf(e))
    } finally {
      setBusy(null)
    }
  }
  const act = async () => {
    if (!confirm) return
    setBusy(confirm.kind)
    try {
      if (confirm.kind === 'remove') {
        await api.call('scenarios.remove', { name: confirm.name })
        notify({ kind: 'success', title: `Deleted scenario “${confirm.name}”` })
      } else {
        const report =
          confirm.kind === 'switch'
            ? await api.call('scenarios.switch', { name: confirm.name })
            : await api.call('scenarios.reset')
        setLastReport({
          title: confirm.kind === 'switch' ? `Switched to “${confirm.name}”` : `Reset “${confirm.name}” to its start`,
          report
        })
        notify({
          kind: 'success',
          title: confirm.kind === 'switch' ? `Switched to “${confirm.name}”` : 'Reset to the start of the scenario'
        })
        void refreshInfo()
        // every open page and the shared field schema follow at once, not on the next poll
        void pollChanges()
      }
      setConfirm(null)
      load()
    } catch (e) {
      notify({ kind: 'error', title: 'That did not work', text: messageOf(e) })
    } finally {
      setBusy(null)
    }
  }

  let body
  if (error && !items) body = <ErrorState message={error} onRetry={load} />
  else if (!items) body = <SkeletonRows rows={3} label="Loading scenarios" />
  else if (!items.length)
    body = (
      <EmptyState icon={<CameraIcon size={20} />} title="No scenarios yet">
        Save the workspace as it is now, then switch between scenarios and reset one between demos.
      </EmptyState>
    )
  else
    body = (
      <table className="table table-rows table-fixed" aria-label="Scenarios">
        <thead>
          <tr>
            <th>Scenario</th>
            <th style={{ width: 150 }}>Saved</th>
            <th style={{ textAlign: 'right', width: 100 }}>Customers</th>
            <th style={{ textAlign: 'right', width: 90 }}>Size</th>
            <th style={{ textAlign: 'right', width: 170 }}>
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {items.map((s) => (
            <tr key={s.name}>
              <td>
                <div className="cell-stack">
                  <span className="cell-title">
                    {s.name}{' '}
                    {s.current && (
                      <Badge tone="success" dot>
                        Current
                      </Badge>
                    )}{' '}
                    {!s.savedAt && <Badge tone="accent">Built in</Badge>}
                  </span>
                  {s.description && (
                    <span className="subtle truncate" style={{ fontSize: 'var(--text-sm)' }} title={s.description}>
                      {s.description}
                    </span>
                  )}
                </div>
              </td>
              <td className="subtle nowrap">{s.savedAt ? fromNow(s.savedAt) : 'Built on first use'}</td>
              <td className="tabular" style={{ textAlign: 'right' }}>
                {s.savedAt ? formatCount(s.customers) : '—'}
              </td>
              <td className="tabular subtle" style={{ textAlign: 'right' }}>
                {s.sizeBytes ? formatBytes(s.sizeBytes) : '—'}
              </td>
              <td style={{ textAlign: 'right' }}>
                <div className="row" style={{ justifyContent: 'flex-end', gap: 4 }}>
                  <Button
                    size="sm"
                    icon={<PlayIcon size={12} />}
                    onClick={() => setConfirm({ kind: 'switch', name: s.name })}
                    aria-label={`Switch to ${s.name}`}
                  >
                    Switch
                  </Button>
                  {s.savedAt && (
                    <Button
                      size="sm"
                      variant="danger-ghost"
                      iconOnly
                      icon={<TrashIcon size={13} />}
                      aria-label={`Delete ${s.name}`}
                      onClick={() => setConfirm({ kind: 'remove', name: s.name })}
                    />
                  )}
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    )

  return (
    <Card
      title="Scenarios"
      description="Named states of the whole workspace, kept in the data folder: prepare a story once, switch to it in one click, reset it between demos."
      actions={
        <>
          {current && (
            <Button icon={<RotateIcon size={14} />} onClick={() => setConfirm({ kind: 'reset', name: current.name })}>
              Reset “{current.name}”
            </Button>
          )}
          <Button
            icon={<SaveIcon size={14} />}
            onClick={() => {
              setName('')
              setDescription('')
              setNameError(null)
              setSaveOpen(true)
            }}
          >
            Save current as scenario
          </Button>
        </>
      }
      flush
    >
      {body}
      {lastReport && (
        <div className="card-body" style={{ borderTop: '1px solid var(--border)' }}>
          <h3>{lastReport.title}</h3>
          <ReportTable report={lastReport.report} />
        </div>
      )}
      <Dialog
        open={saveOpen}
        onClose={() => setSaveOpen(false)}
        onSubmit={() => void save()}
        title="Save the workspace as a scenario"
        description="Everything: customers, connections with their secrets (sealed), flows, instances and runs."
        footer={
          <>
            <Button onClick={() => setSaveOpen(false)}>Cancel</Button>
            <Button type="submit" variant="primary" busy={busy === 'save'}>
              Save scenario
            </Button>
          </>
        }
      >
        <Field
          label="Name"
          required
          error={nameError}
          hint={
            items?.some((s) => s.name === name)
              ? 'A scenario of this name exists: saving replaces it.'
              : 'Letters, digits, ".", "_" and "-".'
          }
        >
          {(ids) => (
            <Input
              {...controlProps(ids)}
              mono
              autoFocus
              value={name}
              placeholder="acme-onboarding"
              onChange={(e) => (setName(e.target.value), setNameError(null))}
            />
          )}
        </Field>
        <Field label="Description">
          {(ids) => (
            <Textarea
              id={ids.id}
              rows={2}
              value={description}
              placeholder="Two customers, CRM connected, one failed run to repeat"
              onChange={(e) => setDescription(e.target.value)}
            />
          )}
        </Field>
      </Dialog>
      <ConfirmDialog
        open={confirm !== null}
        title={
          confirm?.kind === 'remove'
            ? `Delete scenario “${confirm.name}”?`
            : confirm?.kind === 'reset'
              ? `Reset “${confirm?.name}”?`
              : `Switch to “${confirm?.name}”?`
        }
        confirmLabel={confirm?.kind === 'remove' ? 'Delete' : confirm?.kind === 'reset' ? 'Reset' : 'Switch'}
        danger={confirm?.kind !== 'switch'}
        busy={busy === confirm?.kind}
        onConfirm={() => void act()}
        onClose={() => setConfirm(null)}
      >
        {confirm?.kind === 'remove'
          ? 'The saved file is deleted from the data folder. The workspace itself does not change.'
          : 'The whole workspace is replaced by the scenario: customers, connections, flows and runs made since are gone. Save the current state first if you need it.'}
      </ConfirmDialog>
    </Card>
  )
}
