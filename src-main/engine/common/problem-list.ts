import type { ErrorDetail } from '../../contract/errors'

/** Joins problem messages into one sentence list: "a; b; c." (trailing periods of each dropped). */
export function listProblems(problems: ErrorDetail[]): string {
  return problems.map((p) => p.message.replace(/\.+$/, '')).join('; ') + '.'
}
