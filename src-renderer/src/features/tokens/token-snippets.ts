/** What a token is for, to write snippets that use it. */
export interface SnippetContext {
  token: string
  apiUrl: string
  workspaceKey: string
  /** A pure admin token (no customer). */
  isAdmin: boolean
}

/** The ways to copy a minted token. */
export interface TokenSnippets {
  raw: string
  env: string
  curl: string
  sdk: string
}

/** The token as a raw string, `.env` lines, a curl command and an SDK snippet, all pointing at this Workbench. */
export function tokenSnippets(ctx: SnippetContext): TokenSnippets {
  const path = ctx.isAdmin ? '/customers?limit=10' : '/self'
  const call = ctx.isAdmin ? 'await membrane.customers.find({ limit: 10 })' : 'await membrane.self.get()'
  return {
    raw: ctx.token,
    env: [
      `MEMBRANE_ACCESS_TOKEN=${ctx.token}`,
      `MEMBRANE_API_URI=${ctx.apiUrl}`,
      `MEMBRANE_WORKSPACE_KEY=${ctx.workspaceKey}`
    ].join('\n'),
    curl: `curl -s '${ctx.apiUrl}${path}' \\\n  -H 'Authorization: Bearer ${ctx.token}'`,
    sdk: [
      `import { MembraneClient } from '@membranehq/sdk'`,
      ``,
      `const membrane = new MembraneClient({`,
      `  token: '${ctx.token}',`,
      `  apiUri: '${ctx.apiUrl}',`,
      `})`,
      ``,
      `const ${ctx.isAdmin ? 'customers' : 'me'} = ${call}`
    ].join('\n')
  }
}

/** The three dot-separated parts of a JWT (missing parts are empty). */
export function splitJwt(token: string): [string, string, string] {
  const [header = '', payload = '', signature = ''] = token.split('.')
  return [header, payload, signature]
}
