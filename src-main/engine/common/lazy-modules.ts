import { createRequire } from 'node:module'
import type * as Fflate from 'fflate'
import type JsonataFactory from 'jsonata'
import type * as Https from 'node:https'
import type * as WorkerThreads from 'node:worker_threads'
import type * as Yaml from 'yaml'

// Zips and YAML are needed only by interchange (snapshots, Membrane exports) and connector
// sources, never by the first request: they are required on first use so a cold start does not
// load them (yaml alone is ~70 files, ~115 ms on a busy machine). JSONata waits for the first
// formula the same way, and so do two of Node's own modules most starts never use: node:https
// (TLS and its crypto, ~5 ms; the sandbox apps are plain http) and node:worker_threads (the
// JavaScript sandbox's workers). Synchronous, so the callers stay as they are: no import(),
// which a chunk compiled from V8's code cache cannot run on Node 20 (host/code-cache.ts).
const load = createRequire(__filename)
let fflate: typeof Fflate | undefined
let yaml: typeof Yaml | undefined
let jsonata: typeof JsonataFactory | undefined
let https: typeof Https | undefined
let workerThreads: typeof WorkerThreads | undefined

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

/** `node:https`, loaded on first use. */
export function httpsModule(): typeof Https {
  return (https ??= load('node:https') as typeof Https)
}

/** `node:worker_threads`, loaded on first use. */
export function workerThreadsModule(): typeof WorkerThreads {
  return (workerThreads ??= load('node:worker_threads') as typeof WorkerThreads)
}
