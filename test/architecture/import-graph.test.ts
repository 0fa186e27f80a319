import { readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'
import { sourceFiles } from '../../eslint/layering.mjs'

const root = resolve(__dirname, '../..')

/** Relative imports and re-exports of one file, type-only ones included: a type cycle is still a knot to read. */
function specifiersOf(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false)
  const found: string[] = []
  const visit = (node: ts.Node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier) {
      if (ts.isStringLiteral(node.moduleSpecifier)) found.push(node.moduleSpecifier.text)
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      found.push(node.arguments[0].text)
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      const literal = node.argument.literal
      if (ts.isStringLiteral(literal)) found.push(literal.text)
    }
    ts.forEachChild(node, visit)
  }
  visit(source)
  return found.filter((s) => s.startsWith('.'))
}

function resolveImport(file: string, specifier: string): string | undefined {
  const base = resolve(dirname(join(root, file)), specifier)
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts'), join(base, 'index.tsx')]) {
    try {
      if (statSync(candidate).isFile()) return relative(root, candidate).split('\\').join('/')
    } catch {
      // not this candidate
    }
  }
  return undefined
}

/** The import graph of `src-main`: file → the src-main files it imports. */
function importGraph(): Map<string, string[]> {
  const files = sourceFiles(root).filter((f) => f.startsWith('src-main/'))
  const graph = new Map<string, string[]>()
  for (const file of files) {
    const targets = specifiersOf(file, readFileSync(join(root, file), 'utf8'))
      .map((s) => resolveImport(file, s))
      .filter((t): t is string => t !== undefined && t.startsWith('src-main/'))
    graph.set(file, [...new Set(targets)])
  }
  return graph
}

/** Strongly connected components with more than one file (or a file importing itself), by Tarjan. */
export function stronglyConnected(graph: Map<string, string[]>): string[][] {
  let next = 0
  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const onStack = new Set<string>()
  const found: string[][] = []
  const visit = (v: string) => {
    index.set(v, next)
    low.set(v, next)
    next++
    stack.push(v)
    onStack.add(v)
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w)
        low.set(v, Math.min(low.get(v)!, low.get(w)!))
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!))
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = []
      let w: string
      do {
        w = stack.pop()!
        onStack.delete(w)
        component.push(w)
      } while (w !== v)
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) found.push(component.sort())
    }
  }
  for (const v of graph.keys()) if (!index.has(v)) visit(v)
  return found
}

/** The shortest cycle through the first file of a component, written `a → b → a`. */
function shortestCycle(graph: Map<string, string[]>, component: string[]): string {
  const inside = new Set(component)
  const start = component[0]
  const previous = new Map<string, string>()
  const queue = [start]
  while (queue.length) {
    const v = queue.shift()!
    for (const w of graph.get(v) ?? []) {
      if (!inside.has(w)) continue
      if (w === start) {
        const path = [start]
        for (let at = v; at !== start; at = previous.get(at)!) path.splice(1, 0, at)
        return [...path, start].join(' → ')
      }
      if (!previous.has(w)) {
        previous.set(w, v)
        queue.push(w)
      }
    }
  }
  return component.join(' ↔ ')
}

describe('the import graph of src-main', () => {
  it('has no cycle (type-only imports count)', () => {
    const graph = importGraph()
    expect(graph.size).toBeGreaterThan(100)
    const cycles = stronglyConnected(graph).map(
      (component) => `${component.length} files: ${shortestCycle(graph, component)}`
    )
    expect(cycles).toEqual([])
  })

  it('finds a cycle and names its files', () => {
    const graph = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts', 'd.ts']],
      ['d.ts', []]
    ])
    const components = stronglyConnected(graph)
    expect(components).toEqual([['a.ts', 'b.ts', 'c.ts']])
    expect(shortestCycle(graph, components[0])).toBe('a.ts → b.ts → c.ts → a.ts')
  })

  it('reads every import form, type-only ones too', () => {
    const text = [
      `import a from './a'`,
      `import type { B } from './b'`,
      `export * from './c'`,
      `export type { D } from './d'`,
      `const e = await import('./e')`,
      `let f: import('./f').F`,
      `import g from 'g'`
    ].join('\n')
    expect(specifiersOf('x.ts', text)).toEqual(['./a', './b', './c', './d', './e', './f'])
  })
})
