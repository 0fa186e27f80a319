import { isAscii } from 'node:buffer'
import { createHash } from 'node:crypto'
import {
  chmodSync,
  closeSync,
  fstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync
} from 'node:fs'
import Module from 'node:module'
import { homedir } from 'node:os'
import { basename, dirname, join, sep } from 'node:path'
import { Script } from 'node:vm'

/**
 * V8's code cache for the app's own bundle: what Node 22's `module.enableCompileCache()` does,
 * for the Node 20 this app runs on. A start compiles ~1.9 MB of bundled JavaScript before it can
 * answer anything (the chunks' top level, then every function the start calls); with the bytes
 * V8 produced last time, it deserializes instead (bench/README.md "Cold start").
 *
 * V8 checks each cache against the source it was made from, its own version and its flags, and
 * rejects a cache that does not match: a stale or foreign file costs one normal compile and is
 * rewritten, never a wrong result. The files are bytecode the app runs, so they live in a folder
 * only this user can write (0700, like the data folder), one per installed bundle.
 */

/** How the chunks of this start were compiled. */
export interface CodeCacheStats {
  /** Compiled from a cache V8 accepted. */
  hits: number
  /** No cache yet (first start of this build). */
  misses: number
  /** A cache V8 refused (another Node, other flags, a damaged file): compiled from source. */
  rejected: number
}

export interface CodeCache {
  readonly dir: string
  stats(): CodeCacheStats
  /**
   * Writes the cache of every chunk that had none or a refused one, with the functions compiled
   * so far: call it once the start is done (so what the start ran is in it) and before V8's flags
   * change (V8 refuses a cache made under other flags). Removes caches of chunks no longer in the
   * bundle. Returns how many files it wrote; never throws (a cache is only ever an optimization).
   */
  save(): number
  /** Restores Node's own compile (tests). */
  uninstall(): void
}

export interface CodeCacheOptions {
  /** The bundle folder whose `.js` files are cached (files elsewhere compile as usual). */
  bundleDir: string
  /** The cache root; one subfolder per bundle folder is made in it. */
  cacheRoot: string
}

/** Where caches live unless `WORKBENCH_CODE_CACHE` names a folder (or is `off`). */
export function defaultCacheRoot(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const setting = env.WORKBENCH_CODE_CACHE
  if (setting === 'off' || setting === '0') return undefined
  if (setting) return setting
  if (process.platform === 'win32')
    return join(env.LOCALAPPDATA ?? join(homedir(), 'AppData', 'Local'), 'Integration Workbench', 'code-cache')
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Caches', 'Integration Workbench', 'code-cache')
  return join(env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'integration-workbench', 'code-cache')
}

/** sha-256 of the source, ahead of V8's bytes in every cache file. */
const DIGEST_BYTES = 32

interface Compiled {
  script: Script
  file: string
  digest: Buffer
  needsWrite: boolean
}

type CompilingModule = Module & { _compile(content: string, filename: string): unknown }
type LoadFn = (this: unknown, module: CompilingModule, filename: string) => void
type ModuleInternals = typeof Module & {
  _extensions: Record<string, LoadFn>
  _resolveFilename(request: string, parent: Module, isMain: boolean, options?: { paths?: string[] }): string
  _resolveLookupPaths(request: string, parent: Module): string[] | null
  _cache: NodeJS.Dict<NodeJS.Module>
}

/** A private folder for this bundle's caches, or undefined when it cannot be made safely. */
function privateFolder(cacheRoot: string, bundleDir: string): string | undefined {
  const key = createHash('sha256').update(`${bundleDir}\0${process.version}\0${process.arch}`).digest('hex')
  const dir = join(cacheRoot, key.slice(0, 16))
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 })
    const stat = statSync(dir)
    // someone else's folder, or one others can write into: bytecode from there is not ours
    if (process.getuid && stat.uid !== process.getuid()) return undefined
    if (process.platform !== 'win32' && (stat.mode & 0o022) !== 0) chmodSync(dir, 0o700)
    return dir
  } catch {
    return undefined
  }
}

/** What Node wraps a CommonJS module's text in, before and after it. */
const [WRAP_HEAD, WRAP_TAIL] = ((): [string, string] => {
  const wrapped = Module.wrap('\0')
  const at = wrapped.indexOf('\0')
  return [wrapped.slice(0, at), wrapped.slice(at + 1)]
})()

/**
 * A bundle file's bytes, and its text wrapped as Node wraps a CommonJS module. The file is read
 * into a buffer that already holds the wrapper around it, so ASCII text (all the build emits)
 * becomes the wrapped string in one copy. Node's loader decodes the file as UTF-8 (~16 ms for
 * the 1.9 MB bundle here) and wrapping the text copies it again when V8 flattens it: each copy
 * is memory touched for the first time, a page fault of ~12 µs per 4 KB on the VMs this app is
 * measured on (bench/README.md, round 7). Other text is decoded as UTF-8 and wrapped.
 */
function readWrapped(filename: string): { bytes: Buffer; wrapped: string } {
  const fd = openSync(filename, 'r')
  try {
    const size = fstatSync(fd).size
    const buffer = Buffer.allocUnsafeSlow(WRAP_HEAD.length + size + WRAP_TAIL.length)
    buffer.write(WRAP_HEAD, 0, 'latin1')
    let read = 0
    while (read < size) {
      const n = readSync(fd, buffer, WRAP_HEAD.length + read, size - read, read)
      if (n === 0) break
      read += n
    }
    const bytes = buffer.subarray(WRAP_HEAD.length, WRAP_HEAD.length + read)
    if (!isAscii(bytes)) return { bytes, wrapped: Module.wrap(bytes.toString('utf8')) }
    buffer.write(WRAP_TAIL, WRAP_HEAD.length + read, 'latin1')
    return { bytes, wrapped: buffer.toString('latin1', 0, WRAP_HEAD.length + read + WRAP_TAIL.length) }
  } finally {
    closeSync(fd)
  }
}

/**
 * Compiles the bundle's modules through V8's code cache from now on. Returns undefined (and
 * changes nothing) when the cache folder cannot be made private to this user.
 */
export function installCodeCache(options: CodeCacheOptions): CodeCache | undefined {
  const dir = privateFolder(options.cacheRoot, options.bundleDir)
  if (!dir) return undefined
  const prefix = options.bundleDir.endsWith(sep) ? options.bundleDir : options.bundleDir + sep
  const internals = Module as ModuleInternals
  const originalLoad = internals._extensions['.js']
  const compiled: Compiled[] = []
  const counts: CodeCacheStats = { hits: 0, misses: 0, rejected: 0 }

  // Node's own `.js` loader reads the file as UTF-8 and hands the text to `_compile`. The bundle's
  // files are read here instead (readWrapped), and the digest is taken of their bytes (hashing
  // the 1.9 MB string cost ~8 ms of a start, the bytes ~1 ms).
  internals._extensions['.js'] = function loadWithCache(this: unknown, module: CompilingModule, filename: string) {
    if (!filename.startsWith(prefix) || !filename.endsWith('.js')) return originalLoad.call(this, module, filename)
    const { bytes, wrapped } = readWrapped(filename)
    // On Node 20 a script V8 deserialized from a cache has lost the hook Node's import() needs
    // ("A dynamic import callback was not specified"), whatever vm options it was given. A chunk
    // that may call import() compiles as Node does (the bundle has none today: jsonata is required).
    if (bytes.includes('import(')) return void module._compile(bytes.toString('utf8'), filename)
    const file = join(dir, `${basename(filename)}.v8cache`)
    // V8 checks a cache against the length of its source only: a same-length edit would be
    // accepted. So each file starts with the source's digest, and another source is a stale file.
    const digest = createHash('sha256').update(bytes).digest()
    let cachedData: Buffer | undefined
    let stale = false
    try {
      const raw = readFileSync(file)
      if (raw.length > DIGEST_BYTES && raw.subarray(0, DIGEST_BYTES).equals(digest))
        cachedData = raw.subarray(DIGEST_BYTES)
      else stale = true
    } catch {
      cachedData = undefined
    }
    const script = new Script(wrapped, { filename, cachedData })
    // V8 sets cachedDataRejected only when it was handed bytes: false is a real hit
    const hit = cachedData !== undefined && script.cachedDataRejected === false
    if (hit) counts.hits++
    else if (stale || cachedData !== undefined) counts.rejected++
    else counts.misses++
    compiled.push({ script, file, digest, needsWrite: !hit })
    const wrapper = script.runInThisContext({ displayErrors: true }) as (
      exports: unknown,
      require: NodeJS.Require,
      module: Module,
      __filename: string,
      __dirname: string
    ) => unknown
    wrapper.call(module.exports, module.exports, requireFor(module, internals), module, filename, dirname(filename))
  }

  return {
    dir,
    stats: () => ({ ...counts }),
    save() {
      let written = 0
      try {
        const current = new Set(readdirSync(options.bundleDir).map((name) => `${name}.v8cache`))
        for (const name of readdirSync(dir)) if (!current.has(name)) rmSync(join(dir, name), { force: true })
        for (const entry of compiled) {
          if (!entry.needsWrite) continue
          const temp = `${entry.file}.${process.pid}.tmp`
          writeFileSync(temp, Buffer.concat([entry.digest, entry.script.createCachedData()]), { mode: 0o600 })
          renameSync(temp, entry.file)
          entry.needsWrite = false
          written++
        }
      } catch {
        // a full disk or a folder removed under us: the next start compiles from source again
      }
      return written
    },
    uninstall() {
      internals._extensions['.js'] = originalLoad
    }
  }
}

/** The `require` a module's code is handed, as Node builds it for its own compile. */
function requireFor(module: Module, internals: ModuleInternals): NodeJS.Require {
  const require = ((id: string): unknown => module.require(id)) as NodeJS.Require
  const resolve = ((request: string, options?: { paths?: string[] }) =>
    internals._resolveFilename(request, module, false, options)) as NodeJS.RequireResolve
  resolve.paths = (request: string) => internals._resolveLookupPaths(request, module)
  require.resolve = resolve
  require.main = process.mainModule
  require.extensions = internals._extensions as NodeJS.RequireExtensions
  require.cache = internals._cache
  return require
}
