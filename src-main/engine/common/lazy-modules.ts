import { createRequire } from 'node:module'
import type * as Fflate from 'fflate'
import type JsonataFactory from 'jsonata'
import type * as Yaml from 'yaml'

// Zips and YAML are needed only by interchange (snapshots, Membrane exports) and connector
// sources, never by the first request: they are required on first use so a cold start does not
// load them (yaml alone is ~70 files, ~115 ms on a busy machine). JSONata waits for the first
// formula the same way. Synchronous, so the callers stay as they are: no import(), which a chunk
// compiled from V8's code cache cannot run on Node 20 (host/code-cache.ts).
const load = createRequire(__filename)
let fflate: typeof Fflate | undefined
let yaml: typeof Yaml | undefined
let jsonata: typeof JsonataFactory | undefined

/** `fflate`, loaded on first use. */
export function fflateModule(): typeof Fflate {
  return (fflate ??= load('fflate') as typeof Fflate)
}

/** `yaml`, loaded on first use. */
export function yamlModule(): typeof Yaml {
  return (yaml ??= load('yaml') as typeof Yaml)
}

/** `jsonata` (one CommonJS file), loaded on first use. */
export function jsonataModule(): typeof JsonataFactory {
  return (jsonata ??= load('jsonata') as typeof JsonataFactory)
}
