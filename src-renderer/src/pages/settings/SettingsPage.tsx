import { useEffect, useState } from 'react'
import type { WorkspaceCredentials } from '@contract/workspace'
import { fieldMessageOf, messageOf } from '../../api/console-client'
import { formatDateTime, formatDuration, fromNow } from '../../format/time'
import { useApi, useConsole } from '../../store/store'
import type { ThemeChoice } from '../../store/theme-slice'
import { Button } from '../../ui/button'
import { Badge, Card } from '../../ui/card'
import { CodeBlock } from '../../ui/code-block'
import { Input, Segmented, Select } from '../../ui/controls'
import { CopyableText, CopyButton } from '../../ui/copy-button'
import { ConfirmDialog } from '../../ui/dialog'
import { controlProps, Field } from '../../ui/field'
import { EyeIcon, EyeOffIcon, RotateIcon } from '../../ui/icons'
import { KeyValues } from '../../ui/key-values'
import { PageHeader } from '../../ui/page-header'
import { SkeletonRows } from '../../ui/states'
import { ConsoleLinkCard } from './ConsoleLinkCard'
import { WorkspaceUrlForm } from './WorkspaceUrlForm'
import { countOf } from '../../format/plural'

const TTL_CHOICES = [900, 3600, 7200, 43200, 86400, 604800, 2592000]

function WorkspaceCard() {
  const api = useApi()
  const workspace = useConsole((s) => s.workspace)
  const setWorkspace = useConsole((s) => s.setWorkspace)
  const notify = useConsole((s) => s.notify)
  const [secret, setSecret] = useState<string | null>(null)
  const [revealed, setRevealed] = useState(false)
  const [confirm, setConfirm] = useState(false)
  const [busy, setBusy] = useState(false)
  const [name, setName] = useState(workspace?.name ?? '')
  const [nameError, setNameError] = useState<string | null>(null)
  useEffect(() => setName(workspace?.name ?? ''), [workspace?.name])
  if (!workspace) return null

  const credentials = async (): Promise<WorkspaceCredentials> => {
    const c = await api.call('workspace.credentials')
    setSecret(c.secret)
    return c
  }
  const rotate = async () => {
    setBusy(true)
    try {
      const c = await api.call('workspace.rotateSecret')
      setSecret(c.secret)
      setRevealed(true)
      setWorkspace(await api.call('workspace.get'))
      notify({
        kind: 'success',
        title: 'Workspace secret rotated',
        text: 'Tokens signed with the old secret are refused from now on.'
      })
      setConfirm(false)
    } catch (e) {
      notify({ kind: 'error', title: 'Not rotated', text: messageOf(e) })
    } finally {
      setBusy(false)
    }
  }
  const saveName = async () => {
    try {
      setWorkspace(await api.call('workspace.update', { name: name.trim() }))
      setNameError(null)
      notify({ kind: 'success', title: 'Workspace renamed' })
    } catch (e) {
      setNameError(fieldMessageOf(e))
    }
  }

  return (
    <Card title="Workspace" description="Tokens must name this workspace's key and be signed with its secret.">
      <form
        className="row"
        style={{ alignItems: 'flex-end' }}
        noValidate
        onSubmit={(e) => {
          e.preventDefault()
          void saveName()
        }}
      >
        <Field label="Name" error={nameError} className="spacer">
          {(ids) => <Input {...controlProps(ids)} value={name} onChange={(e) => setName(e.target.value)} />}
        </Field>
        <Button type="submit" disabled={name.trim() === workspace.name || !name.trim()}>
          Rename
        </Button>
      </form>
      <KeyValues
        label="Workspace credentials"
        rows={[
          {
            label: 'Workspace key',
            value: <CopyableText text={workspace.key} copyLabel="Copy the workspace key" title={workspace.key} />
          },
          {
            label: 'Workspace secret',
            value: (
              <>
                <span
                  className="secret-value truncate"
                  aria-label={revealed ? 'Workspace secret' : 'Workspace secret, hidden'}
                  data-testid="workspace-secret"
                >
                  {revealed && secret ? secret : '•'.repeat(32)}
                </span>
                <span className="spacer" />
                <Button
                  size="sm"
                  variant="ghost"
                  icon={revealed ? <EyeOffIcon size={14} /> : <EyeIcon size={14} />}
                  onClick={async () => {
                    if (!revealed && !secret) await credentials()
                    setRevealed(!revealed)
                  }}
                >
                  {revealed ? 'Hide' : 'Reveal'}
                </Button>
                <CopyButton
                  text={async () => secret ?? (await credentials()).secret}
                  variant="ghost"
                  aria-label="Copy the workspace secret"
                />
                <Button
                  size="sm"
                  variant="danger-ghost"
                  icon={<RotateIcon size={14} />}
                  onClick={() => setConfirm(true)}
                >
                  Rotate
                </Button>
              </>
            )
          },
          {
            label: 'Secret rotated',
            value: <span title={workspace.secretRotatedAt}>{fromNow(workspace.secretRotatedAt)}</span>
          }
        ]}
      />
      <ConfirmDialog
        open={confirm}
        title="Rotate the workspace secret?"
        confirmLabel="Rotate secret"
        danger
        busy={busy}
        onConfirm={() => void rotate()}
        onClose={() => setConfirm(false)}
      >
        A new secret is generated now. Every token signed with the current one is refused from this moment, including
        tokens your app has cached: apps that sign their own tokens need the new secret.
      </ConfirmDialog>
    </Card>
  )
}

function ApiCard() {
  const info = useConsole((s) => s.info)
  if (!info) return null
  return (
    <Card title="Local API" description="A Membrane-compatible REST API on this machine only (127.0.0.1).">
      <KeyValues
        label="Local API"
        rows={[
          {
            label: 'API URL',
            value: <CopyableText text={info.apiUrl} copyLabel="Copy the API URL" title={info.apiUrl} />
          },
          { label: 'Port', value: <span className="mono">{info.port}</span> },
          {
            label: 'Running as',
            value: <Badge tone="accent">{info.mode === 'desktop' ? 'Desktop app' : 'Headless server'}</Badge>
          }
        ]}
      />
      <CodeBlock
        label="SDK configuration"
        code={`new MembraneClient({\n  token,                       // a token from the Tokens page\n  apiUri: '${info.apiUrl}',\n})`}
      />
      <p className="subtle" style={{ fontSize: 'var(--text-sm)' }}>
        Change the port with <span className="inline-code">--port &lt;n&gt;</span> or{' '}
        <span className="inline-code">WORKBENCH_PORT</span> when starting.
      </p>
    </Card>
  )
}

function TokensAndWebhooksCard() {
  const api = useApi()
  const workspace = useConsole((s) => s.workspace)
  const setWorkspace = useConsole((s) => s.setWorkspace)
  const notify = useConsole((s) => s.notify)
  if (!workspace) return null
  const saveTtl = async (defaultTokenTtlSeconds: number) => {
    try {
      setWorkspace(await api.call('workspace.update', { defaultTokenTtlSeconds }))
      notify({ kind: 'success', title: 'Default lifetime saved' })
    } catch (e) {
      notify({ kind: 'error', title: 'Not saved', text: fieldMessageOf(e) })
    }
  }
  const ttls = TTL_CHOICES.includes(workspace.defaultTokenTtlSeconds)
    ? TTL_CHOICES
    : [...TTL_CHOICES, workspace.defaultTokenTtlSeconds].sort((a, b) => a - b)
  return (
    <Card title="Tokens and notifications">
      <Field label="Default token lifetime" hint="Used when a token is minted without a lifetime (CLI, REST).">
        {(ids) => (
          <Select
            {...controlProps(ids)}
            value={workspace.defaultTokenTtlSeconds}
            onChange={(e) => void saveTtl(Number(e.target.value))}
            style={{ maxWidth: 240 }}
          >
            {ttls.map((s) => (
              <option key={s} value={s}>
                {formatDuration(s)}
              </option>
            ))}
          </Select>
        )}
      </Field>
      <WorkspaceUrlForm
        field="webhookUri"
        label="Webhook URL"
        hint="Signed {eventType, data} posts about customers, connections and runs."
        placeholder="http://127.0.0.1:3000/webhooks/workbench"
        saved="Webhook URL saved"
        removed="Webhook removed"
      />
    </Card>
  )
}

/** The workspace's `apiBaseUri`: where "API request to your app" nodes send relative paths. */
function YourAppCard() {
  return (
    <Card title="Your app">
      <WorkspaceUrlForm
        field="apiBaseUri"
        label="API base URL"
        hint='Flow nodes that call your app join their relative paths ("/contacts") to this URL (apiBaseUri).'
        placeholder="http://127.0.0.1:3000/api"
        saved="API base URL saved"
        removed="API base URL removed"
      />
    </Card>
  )
}

const RETENTION_DAYS = [7, 14, 30, 90, 365]
const RETENTION_COUNTS = [1_000, 10_000, 100_000]

/** How long finished runs are kept: pruned in the background by age and by count per instance. */
function RunRetentionCard() {
  const api = useApi()
  const workspace = useConsole((s) => s.workspace)
  const setWorkspace = useConsole((s) => s.setWorkspace)
  const notify = useConsole((s) => s.notify)
  if (!workspace) return null
  const save = async (changes: { runRetentionDays?: number | null; runRetentionPerInstance?: number | null }) => {
    try {
      setWorkspace(await api.call('workspace.update', changes))
      notify({ kind: 'success', title: 'Run retention saved' })
    } catch (e) {
      notify({ kind: 'error', title: 'Not saved', text: fieldMessageOf(e) })
    }
  }
  const withCurrent = (choices: number[], current: number | null) =>
    current === null || choices.includes(current) ? choices : [...choices, current].sort((a, b) => a - b)
  const toValue = (v: string) => (v === 'forever' ? null : Number(v))
  return (
    <Card
      title="Run retention"
      description="Finished runs past these limits are deleted in the background, with their node runs; queued and running runs are kept."
    >
      <Field label="Keep runs for" hint="By the time the run was created.">
        {(ids) => (
          <Select
            {...controlProps(ids)}
            value={workspace.runRetentionDays ?? 'forever'}
            onChange={(e) => void save({ runRetentionDays: toValue(e.target.value) })}
            style={{ maxWidth: 240 }}
          >
            {withCurrent(RETENTION_DAYS, workspace.runRetentionDays).map((d) => (
              <option key={d} value={d}>
                {countOf(d, 'day')}
              </option>
            ))}
            <option value="forever">Forever</option>
          </Select>
        )}
      </Field>
      <Field label="Runs kept per flow instance" hint="The newest ones; older finished runs are deleted.">
        {(ids) => (
          <Select
            {...controlProps(ids)}
            value={workspace.runRetentionPerInstance ?? 'forever'}
            onChange={(e) => void save({ runRetentionPerInstance: toValue(e.target.value) })}
            style={{ maxWidth: 240 }}
          >
            {withCurrent(RETENTION_COUNTS, workspace.runRetentionPerInstance).map((n) => (
              <option key={n} value={n}>
                {n.toLocaleString('en-US')}
              </option>
            ))}
            <option value="forever">No limit</option>
          </Select>
        )}
      </Field>
    </Card>
  )
}

function StorageCard() {
  const info = useConsole((s) => s.info)
  if (!info) return null
  return (
    <Card
      title="Data"
      description="Everything lives in one folder: copy it to move the Workbench, delete it to start over."
    >
      <KeyValues
        label="Data"
        rows={[
          {
            label: 'Data folder',
            value: <CopyableText text={info.dataDir} copyLabel="Copy the data folder path" title={info.dataDir} />
          },
          {
            label: 'Database',
            value: (
              <CopyableText text={info.databaseFile} copyLabel="Copy the database path" title={info.databaseFile} />
            )
          },
          { label: 'Secrets sealed by', value: info.secretStorage },
          { label: 'Version', value: <span className="mono">{info.version}</span> },
          { label: 'Started', value: <span title={info.startedAt}>{formatDateTime(info.startedAt)}</span> }
        ]}
      />
    </Card>
  )
}

function AppearanceCard() {
  const theme = useConsole((s) => s.theme)
  const setTheme = useConsole((s) => s.setTheme)
  return (
    <Card title="Appearance">
      <div className="row-between">
        <span className="muted">Theme</span>
        <Segmented<ThemeChoice>
          label="Theme"
          value={theme}
          onChange={setTheme}
          options={[
            { value: 'system', label: 'System' },
            { value: 'light', label: 'Light' },
            { value: 'dark', label: 'Dark' }
          ]}
        />
      </div>
    </Card>
  )
}

/** Settings: workspace key and secret (reveal, copy, rotate), the API URL and port, the data folder. */
export function SettingsPage() {
  const workspace = useConsole((s) => s.workspace)
  const refreshInfo = useConsole((s) => s.refreshInfo)
  useEffect(() => void refreshInfo(), [refreshInfo])
  return (
    <div className="page page-narrow">
      <PageHeader
        title="Settings"
        description="The workspace's credentials, where the API listens, and where the data lives."
      />
      {workspace ? (
        <>
          <WorkspaceCard />
          <ApiCard />
          <ConsoleLinkCard />
          <TokensAndWebhooksCard />
          <RunRetentionCard />
          <YourAppCard />
          <StorageCard />
          <AppearanceCard />
        </>
      ) : (
        <div className="card">
          <SkeletonRows rows={5} label="Loading settings" />
        </div>
      )}
    </div>
  )
}
