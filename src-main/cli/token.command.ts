import type { TokenAlgorithm } from '../contract/tokens'
import { assertKnownFlags, flagValue, type ParsedArgs } from '../host/cli-args'
import { resolveDataDir } from '../host/data-dir'
import { createNodeEngine } from '../host/node-engine'

/** Help text of `npm run token`. */
export const TOKEN_USAGE = `Usage: npm run token -- (--customer <id> | --admin) [options]
  --customer <id>    the customer's id (the token's "id" claim; created on first use)
  --admin            an admin token (with --customer: an admin acting for that customer)
  --ttl <duration>   lifetime: seconds or 90s, 15m, 2h, 7d (default: the workspace's, 2h)
  --name <name>      the "name" claim
  --fields <json>    the "fields" claim, a JSON object checked against the field schema
  --alg HS256|HS512  signing algorithm (default HS256)
  --format raw|env|json  raw token (default), .env lines, or JSON with claims and expiry
  --data-dir <dir>   the data folder (default: WORKBENCH_DATA_DIR or the user data folder)`

/** Mints a token from the data folder's workspace and prints it on stdout. */
export async function runTokenCommand(args: ParsedArgs): Promise<number> {
  assertKnownFlags(args, ['customer', 'admin', 'ttl', 'name', 'fields', 'alg', 'format', 'data-dir', 'help'])
  if (args.flags.has('help')) {
    console.log(TOKEN_USAGE)
    return 0
  }
  const customerId = flagValue(args, 'customer')
  const isAdmin = args.flags.has('admin')
  if (!customerId && !isAdmin) {
    console.error('Say whom the token is for: --customer <id> or --admin.\n\n' + TOKEN_USAGE)
    return 2
  }
  let fields: Record<string, unknown> | undefined
  const fieldsText = flagValue(args, 'fields')
  if (fieldsText !== undefined) {
    try {
      fields = JSON.parse(fieldsText)
    } catch (error) {
      console.error(`--fields must be a JSON object: ${(error as Error).message}`)
      return 2
    }
  }
  const format = flagValue(args, 'format') ?? 'raw'
  if (!['raw', 'env', 'json'].includes(format)) {
    console.error(`--format must be raw, env or json, got "${format}"`)
    return 2
  }
  const dataDir = resolveDataDir(flagValue(args, 'data-dir'))
  const engine = await createNodeEngine({ dataDir, checkpointIntervalMs: 0 })
  try {
    const minted = await engine.tokens.mint({
      customerId,
      isAdmin,
      name: flagValue(args, 'name'),
      fields,
      ttl: flagValue(args, 'ttl'),
      algorithm: flagValue(args, 'alg') as TokenAlgorithm | undefined
    })
    if (format === 'json') console.log(JSON.stringify(minted, null, 2))
    else if (format === 'env')
      console.log(`MEMBRANE_ACCESS_TOKEN=${minted.token}\nMEMBRANE_WORKSPACE_KEY=${engine.workspace.key()}`)
    else console.log(minted.token)
    console.error(
      `${isAdmin ? 'Admin token' : 'Token'}${customerId ? ` for customer "${customerId}"` : ''}, valid until ${minted.expiresAt} (workspace ${engine.workspace.key()}, data ${dataDir})`
    )
    return 0
  } finally {
    await engine.close()
  }
}
