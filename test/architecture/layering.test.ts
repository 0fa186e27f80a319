import { resolve } from 'node:path'
import { Linter } from 'eslint'
import tseslint from 'typescript-eslint'
import { describe, expect, it } from 'vitest'
import workbench from '../../eslint/plugin.mjs'
import { checkFile, checkRowPrivacy, checkTree, importsOf, sourceFiles } from '../../eslint/layering.mjs'

const root = resolve(__dirname, '../..')

describe('layering (docs/design.md §2)', () => {
  it('the source tree follows the import rules', () => {
    expect(sourceFiles(root).length).toBeGreaterThan(20)
    expect(checkTree(root)).toEqual([])
  })

  it('finds every import form', () => {
    const text = `import a from './a'\nimport { b } from "b"\nexport * from './c'\nimport './d'\nconst e = await import('e')\nconst f = require('f')`
    expect(importsOf(text)).toEqual(['./a', 'b', './c', './d', 'e', 'f'])
  })

  it('flags the imports the design forbids', () => {
    const rules = (file: string, text: string) => checkFile(root, file, text).map((v) => v.rule)
    expect(rules('src-main/engine/customers/x.ts', `import { app } from 'electron'`)).toEqual([
      'engine may not import electron'
    ])
    expect(rules('src-main/engine/customers/x.ts', `import { createHttpServer } from '../../http/server'`)).toEqual([
      'engine may not import http'
    ])
    expect(
      rules('src-main/http/routes/x.ts', `import { CustomerService } from '../../engine/customers/customer.service'`)[0]
    ).toMatch(/public entry/)
    expect(rules('src-main/contract/x.ts', `import type { Engine } from '../engine'`)).toEqual([
      'contract may not import engine'
    ])
    expect(rules('src-renderer/src/x.tsx', `import { readFileSync } from 'node:fs'`)[0]).toMatch(/Node built-ins/)
    expect(rules('src-renderer/src/x.tsx', `import { createEngine } from '../../src-main/engine'`)).toEqual([
      'renderer may not import engine'
    ])
    // the @contract alias is checked as the contract file it names
    expect(rules('src-renderer/src/x.tsx', `import type { FlowDto } from '@contract/flows'`)).toEqual([])
    expect(rules('src-main/contract/x.ts', `import type { FlowDto } from '@contract/flows'`)).toEqual([])
    expect(rules('src-preload/index.ts', `import type { WorkbenchBridge } from '@contract/console-api'`)).toEqual([])
    expect(rules('src-preload/index.ts', `import { createEngine } from '../src-main/engine'`)).toEqual([
      'preload may not import engine'
    ])
    expect(rules('src-main/http/x.ts', `import { BrowserWindow } from 'electron'`)).toEqual([
      'http may not import electron'
    ])
    expect(rules('src-main/engine/x.ts', `import Fastify from 'fastify'`)[0]).toMatch(/belongs to/)
    expect(rules('src-main/index.ts', `import { createEngine } from './engine'`)).toEqual([
      'electron-entry may not import engine'
    ])
    expect(
      rules('src-main/shell/start.ts', `import { app } from 'electron'\nimport { createEngine } from '../engine'`)
    ).toEqual([])
  })
})

describe('the lint rule workbench/layering', () => {
  // The same rules, reported by ESLint at the import that breaks them (npm run lint, editors).
  const lint = (file: string, code: string) =>
    new Linter({ configType: 'flat' })
      .verify(
        code,
        [
          {
            files: ['**/*.ts', '**/*.tsx'],
            languageOptions: { parser: tseslint.parser },
            plugins: { workbench },
            rules: { 'workbench/layering': 'error' }
          }
        ],
        { filename: resolve(root, file) }
      )
      .map((m) => m.message)

  it('reports a forbidden import with the rule it breaks', () => {
    expect(lint('src-main/engine/customers/x.ts', `import { app } from 'electron'`)).toEqual([
      'engine may not import electron (docs/design.md §2)'
    ])
    expect(lint('src-renderer/src/x.tsx', `export { createEngine } from '../../src-main/engine'`)).toEqual([
      'renderer may not import engine (docs/design.md §2)'
    ])
  })

  it('accepts what the table allows', () => {
    expect(
      lint('src-main/http/x.ts', `import { createEngine } from '../engine'\nimport Fastify from 'fastify'`)
    ).toEqual([])
  })
})

describe('the lint rule workbench/private-rows', () => {
  const lint = (file: string, code: string) =>
    new Linter({ configType: 'flat' })
      .verify(
        code,
        [
          {
            files: ['**/*.ts'],
            languageOptions: { parser: tseslint.parser },
            plugins: { workbench },
            rules: { 'workbench/private-rows': 'error' }
          }
        ],
        { filename: resolve(root, file) }
      )
      .map((m) => m.message)

  it("reports another noun's repository or row types, at the import", () => {
    expect(
      lint(
        'src-main/engine/flow-engine/flow-runs/x.ts',
        `import type { CustomerRow } from '../../customers/customer.repository'\nimport type { CustomerTable } from '../../customers/customer.table'`
      )
    ).toEqual([
      'src-main/engine/customers/customer.repository.ts is private to src-main/engine/customers/: ask its service for what you need',
      'src-main/engine/customers/customer.table.ts is private to src-main/engine/customers/: ask its service for what you need'
    ])
  })

  it('accepts its own folder, services of others, the database assembly, the templates base and an instance folder with its template', () => {
    const ok = (file: string, specifier: string) => expect(checkRowPrivacy(root, file, specifier)).toBeUndefined()
    ok('src-main/engine/customers/customer.service.ts', './customer.repository')
    ok('src-main/engine/flow-engine/flow-runs/flow-run.service.ts', '../../customers/customer.service')
    ok('src-main/engine/db/schema.ts', '../customers/customer.table')
    ok('src-main/engine/flow-engine/flows/flow.repository.ts', '../../templates/template.repository')
    ok('src-main/engine/action-instances/action-instance.mapper.ts', '../actions/action.repository')
    expect(
      checkRowPrivacy(root, 'src-main/engine/actions/x.ts', '../action-instances/action-instance.repository')
    ).toMatch(/private to src-main\/engine\/action-instances\//)
  })
})
