import { readdirSync, readFileSync, statSync } from 'node:fs'
import { builtinModules } from 'node:module'
import { dirname, join, relative, resolve, sep } from 'node:path'

/** The layers of DESIGN §2. */
export type Layer =
  | 'contract'
  | 'engine'
  | 'http'
  | 'host'
  | 'cli'
  | 'headless-entry'
  | 'shell'
  | 'electron-entry'
  | 'preload'
  | 'renderer'

/** Which layer a repo-relative path belongs to (undefined: not source). */
export function layerOf(path: string): Layer | undefined {
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

/** Layers each layer may import (besides itself). */
const MAY_IMPORT: Record<Layer, Layer[]> = {
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

/** Layers that reach the engine only through its public entry. */
const ENGINE_ENTRY_ONLY: Layer[] = ['http', 'host', 'cli', 'headless-entry', 'shell']
/** Layers allowed to import the `electron` package. */
const ELECTRON_OK: Layer[] = ['shell', 'preload']
/** Layers that run in a browser: no Node built-ins. */
const BROWSER: Layer[] = ['renderer', 'preload']
/** Packages only the named layers may use. */
const PACKAGE_OWNERS: Array<{ pattern: RegExp; layers: Layer[] }> = [
  { pattern: /^(fastify|@fastify\/)/, layers: ['http', 'host', 'shell'] },
  { pattern: /^(react|react-dom|zustand|@xyflow\/|@tanstack\/|codemirror|@codemirror\/)/, layers: ['renderer'] }
]

const BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]))

/** One import that breaks a rule. */
export interface Violation {
  file: string
  specifier: string
  rule: string
}

const IMPORT =
  /(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|(?:^|[\s;(])import\s*\(\s*['"]([^'"]+)['"]\s*\)|(?:^|[\s;])import\s+['"]([^'"]+)['"]|require\(\s*['"]([^'"]+)['"]\s*\)/gm

/** Import specifiers of a source text. */
export function importsOf(text: string): string[] {
  const found: string[] = []
  for (const m of text.matchAll(IMPORT)) found.push(m[1] ?? m[2] ?? m[3] ?? m[4])
  return found
}

function resolveRelative(root: string, file: string, specifier: string): string {
  const base = resolve(dirname(join(root, file)), specifier)
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts'), join(base, 'index.tsx')]) {
    try {
      if (statSync(candidate).isFile()) return relative(root, candidate).split(sep).join('/')
    } catch {
      // try the next
    }
  }
  return relative(root, base).split(sep).join('/')
}

/** Checks one file's imports against the rules. */
export function checkFile(root: string, file: string, text: string): Violation[] {
  const layer = layerOf(file)
  if (!layer) return []
  const violations: Violation[] = []
  for (const specifier of importsOf(text)) {
    if (specifier.startsWith('.')) {
      const target = resolveRelative(root, file, specifier)
      const targetLayer = layerOf(target)
      if (!targetLayer) {
        violations.push({ file, specifier, rule: `${layer} imports ${target}, which is outside the source layers` })
        continue
      }
      if (targetLayer === layer) continue
      if (!MAY_IMPORT[layer].includes(targetLayer)) {
        violations.push({ file, specifier, rule: `${layer} may not import ${targetLayer}` })
      } else if (targetLayer === 'engine' && ENGINE_ENTRY_ONLY.includes(layer) && target !== ENGINE_ENTRY) {
        violations.push({
          file,
          specifier,
          rule: `${layer} must use the engine's public entry (${ENGINE_ENTRY}), not ${target}`
        })
      }
      continue
    }
    const name = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]
    if (name === 'electron' && !ELECTRON_OK.includes(layer))
      violations.push({ file, specifier, rule: `${layer} may not import electron` })
    if (BUILTINS.has(specifier) && BROWSER.includes(layer) && layer !== 'preload') {
      violations.push({ file, specifier, rule: `${layer} runs in the browser and may not import Node built-ins` })
    }
    if (layer === 'contract' && !specifier.startsWith('.'))
      violations.push({ file, specifier, rule: 'contract imports nothing but itself' })
    if (layer === 'preload' && name !== 'electron')
      violations.push({ file, specifier, rule: 'preload imports only electron and contract' })
    for (const owner of PACKAGE_OWNERS) {
      if (owner.pattern.test(specifier) && !owner.layers.includes(layer))
        violations.push({ file, specifier, rule: `${specifier} belongs to ${owner.layers.join('/')}, not ${layer}` })
    }
  }
  return violations
}

/** Every source file under the layer roots. */
export function sourceFiles(root: string): string[] {
  const out: string[] = []
  const walk = (dir: string) => {
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
      const path = `${dir}/${entry.name}`
      if (entry.isDirectory()) walk(path)
      else if (/\.(ts|tsx)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(path)
    }
  }
  for (const dir of ['src-main', 'src-preload', 'src-renderer']) walk(dir)
  return out
}

/** All violations in the tree. */
export function checkTree(root: string): Violation[] {
  return sourceFiles(root).flatMap((file) => checkFile(root, file, readFileSync(join(root, file), 'utf8')))
}
