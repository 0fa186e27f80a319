/** Parsed `--name value` / `--flag` arguments plus positionals. */
export interface ParsedArgs {
  flags: Map<string, string | true>
  positionals: string[]
}

/**
 * Parses `--name value`, `--name=value` and bare `--flag`. `booleans` lists flags that never take
 * a value, so `--admin foo` leaves `foo` positional.
 */
export function parseArgs(argv: string[], booleans: readonly string[] = []): ParsedArgs {
  const flags = new Map<string, string | true>()
  const positionals: string[] = []
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (!arg.startsWith('--')) {
      positionals.push(arg)
      continue
    }
    const eq = arg.indexOf('=')
    if (eq > 0) {
      flags.set(arg.slice(2, eq), arg.slice(eq + 1))
      continue
    }
    const name = arg.slice(2)
    const next = argv[i + 1]
    if (!booleans.includes(name) && next !== undefined && !next.startsWith('--')) {
      flags.set(name, next)
      i++
    } else {
      flags.set(name, true)
    }
  }
  return { flags, positionals }
}

/** A flag's string value; `true` (given without a value) is an error naming the flag. */
export function flagValue(args: ParsedArgs, name: string): string | undefined {
  const value = args.flags.get(name)
  if (value === true) throw new Error(`--${name} needs a value`)
  return value
}

/** Rejects flags not in `known`, naming the first unknown one. */
export function assertKnownFlags(args: ParsedArgs, known: readonly string[]): void {
  for (const name of args.flags.keys()) {
    if (!known.includes(name))
      throw new Error(`Unknown option --${name}. Known options: ${known.map((k) => '--' + k).join(', ')}`)
  }
}
