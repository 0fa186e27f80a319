import type { FastifyReply } from 'fastify'
import type { SandboxAccountDto, SandboxApiKeyDto, SandboxAppDto } from '../../contract/sandbox'
import type { AuthorizationRequest } from '../../engine'
import { esc, sendPage } from './html'

const ACCENTS: Record<string, string> = { crm: '#2563eb', helpdesk: '#059669' }
const SCOPE_TEXT: Record<string, string> = {
  'crm.read': 'See your contacts, companies and deals',
  'crm.write': 'Create, change and delete contacts, companies and deals'
}

function mark(app: string, name: string): string {
  const letters = app === 'crm' ? 'CRM' : 'HD'
  return `<div class="brand"><svg width="44" height="44" viewBox="0 0 64 64" aria-hidden="true"><rect width="64" height="64" rx="14" fill="${ACCENTS[app] ?? '#475569'}"/><text x="32" y="41" font-family="Helvetica,Arial,sans-serif" font-size="24" font-weight="700" fill="#fff" text-anchor="middle">${letters}</text></svg><div><h1>${esc(name)}</h1><div class="who">Sandbox app · served offline by Integration Workbench</div></div></div>`
}

/** The OAuth consent page a person approves. */
export function sendAuthorizePage(reply: FastifyReply, request: AuthorizationRequest, problem?: string): FastifyReply {
  const account = request.loginHint || request.accounts[0] || 'Demo Company'
  const hidden = {
    response_type: 'code',
    client_id: request.client.id,
    redirect_uri: request.redirectUri,
    state: request.state,
    scope: request.scopes.join(' '),
    code_challenge: request.codeChallenge,
    code_challenge_method: request.codeChallenge ? 'S256' : undefined
  }
  const fields = Object.entries(hidden)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `<input type="hidden" name="${k}" value="${esc(v)}">`)
    .join('')
  const back = new URL(request.redirectUri)
  return sendPage(
    reply,
    problem ? 422 : 200,
    { title: `Authorize ${request.client.name} — ${request.appName}`, accent: ACCENTS[request.app], frameable: false },
    () => `
<div class="card">
  ${mark(request.app, request.appName)}
  <p><strong>${esc(request.client.name)}</strong> wants to access your ${esc(request.appName)} account.</p>
  ${problem ? `<div class="banner error" role="alert">${esc(problem)}</div>` : ''}
  <form method="post" action="/sandbox/${esc(request.app)}/oauth/authorize">
    ${fields}
    <label for="account">Account</label>
    <input type="text" id="account" name="account" list="accounts" value="${esc(account)}" required maxlength="100" autocomplete="off">
    <datalist id="accounts">${request.accounts.map((a) => `<option value="${esc(a)}">`).join('')}</datalist>
    <div class="hint">A new account name creates a sandbox account with demo data.</div>
    <h2>This will allow it to</h2>
    <ul class="scopes">${request.scopes.map((s) => `<li>${esc(SCOPE_TEXT[s] ?? s)}</li>`).join('')}</ul>
    <div class="actions">
      <button class="primary" type="submit" name="decision" value="approve" id="approve">Approve</button>
      <button class="secondary" type="submit" name="decision" value="deny" id="deny">Deny</button>
    </div>
  </form>
  <p class="muted">You will be sent back to ${esc(back.origin)}.</p>
</div>`
  )
}

/** An OAuth error that must not go back to the client (unknown client, unregistered redirect URI). */
export function sendSandboxError(
  reply: FastifyReply,
  app: string,
  title: string,
  message: string,
  status = 400
): FastifyReply {
  return sendPage(
    reply,
    status,
    { title, accent: ACCENTS[app], frameable: false },
    () => `
<div class="card">${mark(app, title)}<div class="banner error" role="alert">${esc(message)}</div></div>`
  )
}

/** The app's home: what it is, its API, its accounts. */
export function sendSandboxHome(reply: FastifyReply, app: SandboxAppDto, accounts: SandboxAccountDto[]): FastifyReply {
  const rows = accounts
    .map(
      (a) =>
        `<tr><td>${esc(a.name)}</td><td class="mono">${esc(a.id)}</td><td>${Object.entries(a.recordCounts)
          .map(([k, n]) => `${n} ${esc(k)}`)
          .join(', ')}</td></tr>`
    )
    .join('')
  return sendPage(
    reply,
    200,
    { title: app.name, accent: ACCENTS[app.key] },
    () => `
<div class="card">
  ${mark(app.key, app.name)}
  <p>A sandbox ${app.key === 'crm' ? 'CRM' : 'helpdesk'} with a real REST API at <code>${esc(app.apiBaseUri)}</code>
  (${app.auth === 'oauth2' ? 'OAuth 2.0 authorization code, rotating refresh tokens' : 'API key in the <code>X-Api-Key</code> header'}).</p>
  <p class="muted">Collections: ${app.collections.map((c) => `<code>${esc(c)}</code>`).join(', ')} · list with cursor, get, create, update, delete, search; webhooks on record changes;
  ${app.settings.rateLimit.requests} requests per ${app.settings.rateLimit.windowSeconds} s per account.</p>
  ${app.key === 'helpdesk' ? `<p><a class="button primary" href="/sandbox/helpdesk/settings">Settings → API keys</a></p>` : ''}
  <h2>Accounts</h2>
  ${rows ? `<table><thead><tr><th>Name</th><th>Id</th><th>Records</th></tr></thead><tbody>${rows}</tbody></table>` : '<p class="muted">No accounts yet.</p>'}
</div>`
  )
}

/** Helpdesk settings: create an API key for an account (shown once) and list keys. */
export function sendHelpdeskSettings(
  reply: FastifyReply,
  keys: Array<Omit<SandboxApiKeyDto, 'apiKey'> & { revokedAt?: string }>,
  accounts: SandboxAccountDto[],
  created?: SandboxApiKeyDto,
  problem?: string
): FastifyReply {
  const rows = keys
    .map(
      (k) =>
        `<tr><td class="mono">${esc(k.prefix)}…</td><td>${esc(k.accountName)}</td><td>${esc(k.name)}</td><td>${k.revokedAt ? 'revoked' : 'active'}</td></tr>`
    )
    .join('')
  return sendPage(
    reply,
    problem ? 422 : 200,
    { title: 'Sandbox Helpdesk — API keys', accent: ACCENTS.helpdesk },
    () => `
<div class="card">
  ${mark('helpdesk', 'Sandbox Helpdesk')}
  <h2>API keys</h2>
  ${created ? `<div class="banner ok" role="status">New key for <strong>${esc(created.accountName)}</strong>. Copy it now: it is not shown again.</div><div class="key mono" id="new-key">${esc(created.apiKey)}</div>` : ''}
  ${problem ? `<div class="banner error" role="alert">${esc(problem)}</div>` : ''}
  <form method="post" action="/sandbox/helpdesk/settings/api-keys">
    <label for="account">Account</label>
    <input type="text" id="account" name="account" list="accounts" value="${esc(accounts[0]?.name ?? 'Demo Helpdesk')}" required maxlength="100">
    <datalist id="accounts">${accounts.map((a) => `<option value="${esc(a.name)}">`).join('')}</datalist>
    <div class="hint">A new account name creates a helpdesk account with demo tickets.</div>
    <label for="name">Key name</label>
    <input type="text" id="name" name="name" value="Integration Workbench" maxlength="100">
    <div class="actions"><button class="primary" type="submit" id="create-key">Create API key</button></div>
  </form>
  ${rows ? `<table><thead><tr><th>Key</th><th>Account</th><th>Name</th><th>Status</th></tr></thead><tbody>${rows}</tbody></table>` : ''}
</div>`
  )
}
