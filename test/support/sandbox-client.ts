import type { ConnectionDto } from '../../src-main/contract/connections'
import { connectCrm, formInputs, step, submitForm } from './connect-flow'
import type { TestServer } from './test-server'

const APP_CALLBACK = 'http://127.0.0.1:5999/crm-callback'

/**
 * An access token to the sandbox CRM as the person's own app gets one: its own OAuth client,
 * the authorization-code grant over HTTP (consent page, approve with the account name), the
 * token endpoint. The app then calls the CRM's REST API itself, not through the engine.
 */
export async function personalCrmToken(server: TestServer, account: string): Promise<string> {
  const client = server.engine.sandbox.oauth.registerClient('crm', "The person's own app", [APP_CALLBACK])
  const authorize = new URL('/sandbox/crm/oauth/authorize', server.url)
  for (const [k, v] of Object.entries({
    response_type: 'code',
    client_id: client.clientId,
    redirect_uri: APP_CALLBACK,
    state: 's1',
    scope: 'crm.read crm.write'
  }))
    authorize.searchParams.set(k, v)
  const page = await step(authorize.toString())
  if (page.status !== 200) throw new Error(`consent page answered ${page.status}: ${page.text.slice(0, 300)}`)
  const decided = await submitForm(new URL('/sandbox/crm/oauth/authorize', server.url).toString(), {
    ...formInputs(page.text),
    account,
    decision: 'approve'
  })
  const code = decided.location ? new URL(decided.location).searchParams.get('code') : null
  if (!code)
    throw new Error(
      `no code in the consent redirect (${decided.status}): ${decided.location ?? decided.text.slice(0, 300)}`
    )
  const response = await fetch(new URL('/sandbox/crm/oauth/token', server.url), {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: 'Basic ' + Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64')
    },
    body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: APP_CALLBACK }).toString()
  })
  const body = (await response.json()) as { access_token?: string }
  if (!body.access_token) throw new Error(`token endpoint answered ${response.status}: ${JSON.stringify(body)}`)
  return body.access_token
}

/** A call to a sandbox app's REST API with the app's own credentials (bearer token or API key). */
export async function sandboxApi(
  server: TestServer,
  app: 'crm' | 'helpdesk',
  auth: { bearer?: string; apiKey?: string },
  method: string,
  path: string,
  body?: unknown
): Promise<{ status: number; body: any }> {
  const response = await fetch(new URL(`/sandbox/${app}/api${path}`, server.url), {
    method,
    headers: {
      ...(auth.bearer ? { authorization: `Bearer ${auth.bearer}` } : {}),
      ...(auth.apiKey ? { 'x-api-key': auth.apiKey } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {})
    },
    body: body === undefined ? undefined : JSON.stringify(body)
  })
  const text = await response.text()
  return { status: response.status, body: text ? JSON.parse(text) : undefined }
}

/** A customer connected to both sandbox apps: its CRM connection (OAuth dance) and helpdesk connection (API key). */
export async function connectBoth(
  server: TestServer,
  token: string,
  accounts: { crm: string; helpdesk: string }
): Promise<{ crm: ConnectionDto; helpdesk: ConnectionDto; helpdeskKey: string }> {
  const run = await connectCrm(server, token, { account: accounts.crm })
  if (!run.connection) throw new Error(`CRM connect failed: ${JSON.stringify(run.result.message)}`)
  const key = server.engine.sandbox.createApiKey('helpdesk', { accountName: accounts.helpdesk })
  const made = await server.call('POST', '/connections', {
    token,
    body: { integrationKey: 'helpdesk', input: { apiKey: key.apiKey } }
  })
  if (made.status !== 201) throw new Error(`helpdesk connect failed: ${made.status} ${JSON.stringify(made.body)}`)
  return { crm: run.connection, helpdesk: made.body, helpdeskKey: key.apiKey }
}
