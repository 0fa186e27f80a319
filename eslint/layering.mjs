// The import rules of docs/design.md §2, in one place: the lint rule `workbench/layering`
// (eslint/plugin.mjs) reports them in the editor and in CI, and test/architecture/layering.test.ts
// checks the whole tree with the same functions.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { builtinModules } from 'node:module'
import { dirname, join, relative, resolve, sep } from 'node:path'

/**
 * The layers of docs/design.md §2.
 * @typedef {'contract' | 'engine' | 'http' | 'host' | 'cli' | 'headless-entry' | 'shell' | 'electron-entry' | 'preload' | 'renderer'} Layer
 */

/**
 * One import that breaks a rule.
 * @typedef {{ file: string, specifier: string, rule: string }} Violation
 */

/**
 * Which layer a repo-relative path belongs to (undefined: not source).
 * @param {string} path
 * @returns {Layer | undefined}
 */
export function layerOf(path) {
  const p = path.split(sep).join('/')
  if (p.startsWith('src-main/contract/')) return 'contract'
  if (p.startsWith('src-main/engine/')) return 'engine'
  if (p.startsWith('src-main/http/')) return 'http'
  if (p.startsWith('src-main/host/')) return 'host'
  if (p.startsWith('src-main/cli/')) return 'cli'
  if (p.startsWith('src-main/shell/')) return 'shell'
  if (p === 'src-main/headless.ts') return 'headless-entry'
  if (p === 'src-main/index.ts') return 'electron-entry'
  if (p.startsWith('src-preload/')) return 'preload'
  if (p.startsWith('src-renderer/')) return 'renderer'
  return undefined
}

const ENGINE_ENTRY = 'src-main/engine/index.ts'
/** The import alias of the contract layer (tsconfig.web.json `paths`, the vite and vitest `resolve.alias`). */
const CONTRACT_ALIAS = '@contract'

/** @type {Record<Layer, Layer[]>} Layers each layer may import (besides itself). */
const MAY_IMPORT = {
  contract: [],
  engine: ['contract'],
  http: ['contract', 'engine'],
  host: ['contract', 'engine', 'http'],
  cli: ['contract', 'engine', 'host'],
  'headless-entry': ['contract', 'engine', 'http', 'host'],
  shell: ['contract', 'engine', 'http', 'host'],
  'electron-entry': ['shell'],
  preload: ['contract'],
  renderer: ['contract']
}

/** @type {Layer[]} Layers that reach the engine only through its public entry. */
const ENGINE_ENTRY_ONLY = ['http', 'host', 'cli', 'headless-entry', 'shell']
/** @type {Layer[]} Layers allowed to import the `electron` package. */
const ELECTRON_OK = ['shell', 'preload']
/** @type {Layer[]} Layers that run in a browser: no Node built-ins. */
const BROWSER = ['renderer', 'preload']
/** @type {Array<{ pattern: RegExp, layers: Layer[] }>} Packages only the named layers may use. */
const PACKAGE_OWNERS = [
  { pattern: /^(fastify|@fastify\/)/, layers: ['http', 'host', 'shell'] },
  { pattern: /^(react|react-dom|zustand|@xyflow\/|@tanstack\/|codemirror|@codemirror\/)/, layers: ['renderer'] }
]

const BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]))

const IMPORT =
  /(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|(?:^|[\s;(])import\s*\(\s*['"]([^'"]+)['"]\s*\)|(?:^|[\s;])import\s+['"]([^'"]+)['"]|require\(\s*['"]([^'"]+)['"]\s*\)/gm

/**
 * Import specifiers of a source text.
 * @param {string} text
 * @returns {string[]}
 */
export function importsOf(text) {
  /** @type {string[]} */
  const found = []
  for (const m of text.matchAll(IMPORT)) found.push(m[1] ?? m[2] ?? m[3] ?? m[4])
  return found
}

/**
 * @param {string} root
 * @param {string} file
 * @param {string} specifier
 */
function resolveRelative(root, file, specifier) {
  const base = resolve(dirname(join(root, file)), specifier)
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts'), join(base, 'index.tsx')]) {
    try {
      if (statSync(candidate).isFile()) return relative(root, candidate).split(sep).join('/')
    } catch {
      // not this one: try the next candidate
    }
  }
  return relative(root, base).split(sep).join('/')
}

/**
 * The rules one import specifier of `file` (repo-relative) breaks; empty when it is allowed.
 * @param {string} root
 * @param {string} file
 * @param {string} specifier
 * @returns {string[]}
 */
export function checkImport(root, file, specifier) {
  const layer = layerOf(file)
  if (!layer) return []
  /** @type {string[]} */
  const broken = []
  // `@contract/x` is tsconfig's path alias for src-main/contract/x: checked as that file
  const aliased = specifier === CONTRACT_ALIAS || specifier.startsWith(`${CONTRACT_ALIAS}/`)
  if (specifier.startsWith('.') || aliased) {
    const target = aliased
      ? `src-main/contract${specifier.slice(CONTRACT_ALIAS.length)}`
      : resolveRelative(root, file, specifier)
    const targetLayer = layerOf(target)
    if (!targetLayer) return [`${layer} imports ${target}, which is outside the source layers`]
    if (targetLayer === layer) return []
    if (!MAY_IMPORT[layer].includes(targetLayer)) broken.push(`${layer} may not import ${targetLayer}`)
    else if (targetLayer === 'engine' && ENGINE_ENTRY_ONLY.includes(layer) && target !== ENGINE_ENTRY)
      broken.push(`${layer} must use the engine's public entry (${ENGINE_ENTRY}), not ${target}`)
    return broken
  }
  const name = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]
  if (name === 'electron' && !ELECTRON_OK.includes(layer)) broken.push(`${layer} may not import electron`)
  if (BUILTINS.has(specifier) && BROWSER.includes(layer) && layer !== 'preload')
    broken.push(`${layer} runs in the browser and may not import Node built-ins`)
  // TypeBox is the one package the contract may use: the schema of each inbound shape lives beside
  // the type derived from it, and TypeBox is plain data builders (no Node, runs in the renderer).
  if (layer === 'contract' && name !== '@sinclair/typebox')
    broken.push('contract imports nothing but itself and @sinclair/typebox')
  if (layer === 'preload' && name !== 'electron') broken.push('preload imports only electron and contract')
  for (const owner of PACKAGE_OWNERS) {
    if (owner.pattern.test(specifier) && !owner.layers.includes(layer))
      broken.push(`${specifier} belongs to ${owner.layers.join('/')}, not ${layer}`)
  }
  return broken
}

/**
 * Checks one file's imports against the rules.
 * @param {string} root
 * @param {string} file
 * @param {string} text
 * @returns {Violation[]}
 */
export function checkFile(root, file, text) {
  return importsOf(text).flatMap((specifier) =>
    checkImport(root, file, specifier).map((rule) => ({ file, specifier, rule }))
  )
}

/**
 * Every source file under the layer roots.
 * @param {string} root
 * @returns {string[]}
 */
export function sourceFiles(root) {
  /** @type {string[]} */
  const out = []
  /** @param {string} dir */
  const walk = (dir) => {
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
      const path = `${dir}/${entry.name}`
      if (entry.isDirectory()) walk(path)
      else if (/\.(ts|tsx)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(path)
    }
  }
  for (const dir of ['src-main', 'src-preload', 'src-renderer']) walk(dir)
  return out
}

/**
 * All violations in the tree.
 * @param {string} root
 * @returns {Violation[]}
 */
export function checkTree(root) {
  return sourceFiles(root).flatMap((file) => checkFile(root, file, readFileSync(join(root, file), 'utf8')))
}

/** Folders whose repositories and tables are not a noun's own: the database assembly and the templates' shared base. */
const SHARED_ROWS = ['src-main/engine/db', 'src-main/engine/templates']

/**
 * The template folder an instance folder follows (`x-instances/` → `x/`; other folders: themselves).
 * An instance folder may read its template's rows, because an instance's NULL columns follow the
 * template row (its mapper reads both); the template never reads its instances' rows.
 * @param {string} dir
 */
function nounOf(dir) {
  const parts = dir.split('/')
  const last = parts[parts.length - 1]
  const plural = last.endsWith('-instances') ? `${last.slice(0, -'-instances'.length)}s` : last
  return [...parts.slice(0, -1), plural].join('/')
}

/**
 * Whether `file` (repo-relative) may import `specifier`, as far as rows go: a noun's `*.repository.ts`
 * and `*.table(s).ts` (its queries and row types) are private to its folder; other nouns ask its service.
 * @param {string} root
 * @param {string} file
 * @param {string} specifier
 * @returns {string | undefined} the broken rule, if any
 */
export function checkRowPrivacy(root, file, specifier) {
  if (!specifier.startsWith('.') || !file.startsWith('src-main/engine/')) return undefined
  const target = resolveRelative(root, file, specifier)
  if (!/\.(repository|table|tables)\.ts$/.test(target)) return undefined
  const owner = dirname(target)
  const from = dirname(file)
  if (SHARED_ROWS.some((dir) => from === dir || owner === dir)) return undefined
  if (owner === from || nounOf(from) === owner) return undefined
  return `${target} is private to ${owner}/: ask its service for what you need`
}

/**
 * All row-privacy violations in the tree.
 * @param {string} root
 * @returns {Violation[]}
 */
export function checkRowPrivacyTree(root) {
  return sourceFiles(root).flatMap((file) =>
    importsOf(readFileSync(join(root, file), 'utf8')).flatMap((specifier) => {
      const rule = checkRowPrivacy(root, file, specifier)
      return rule ? [{ file, specifier, rule }] : []
    })
  )
}
