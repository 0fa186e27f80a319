import { createRequire } from 'node:module'
import type * as Fflate from 'fflate'
import type * as Yaml from 'yaml'

// Zips and YAML are needed only by interchange (snapshots, Membrane exports) and connector
// sources, never by the first request: they are required on first use so a cold start does not
// load them (yaml alone is ~70 files, ~115 ms on a busy machine). Synchronous, so the callers
// stay as they are.
const load = createRequire(__filename)
let fflate: typeof Fflate | undefined
let yaml: typeof Yaml | undefined

/** `fflate`, loaded on first use. */
export function fflateModule(): typeof Fflate {
  return (fflate ??= load('fflate') as typeof Fflate)
}

/** `yaml`, loaded on first use. */
export function yamlModule(): typeof Yaml {
  return (yaml ??= load('yaml') as typeof Yaml)
}
