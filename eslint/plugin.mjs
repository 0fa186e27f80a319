// The Workbench's own lint rules. `layering` reports, at each import, the rules of
// docs/design.md §2 that it breaks (the same functions the architecture test runs over the tree).
import { relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { checkImport, checkRowPrivacy } from './layering.mjs'

const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '..')

/** @type {import('eslint').Rule.RuleModule} */
const layering = {
  meta: {
    type: 'problem',
    docs: { description: 'imports follow the layer table of docs/design.md §2' },
    schema: [],
    messages: { broken: '{{rule}} (docs/design.md §2)' }
  },
  create(context) {
    const file = relative(root, context.filename)
    /** @param {import('estree').Node & { source?: unknown }} node */
    const check = (node) => {
      const source = /** @type {{ type?: string, value?: unknown } | null | undefined} */ (node.source)
      if (!source || source.type !== 'Literal' || typeof source.value !== 'string') return
      for (const rule of checkImport(root, file, source.value))
        context.report({ node: /** @type {import('estree').Node} */ (source), messageId: 'broken', data: { rule } })
    }
    return {
      ImportDeclaration: check,
      ExportNamedDeclaration: check,
      ExportAllDeclaration: check,
      ImportExpression: check
    }
  }
}

/** @type {import('eslint').Rule.RuleModule} */
const privateRows = {
  meta: {
    type: 'problem',
    docs: {
      description:
        "a noun's repository and row types stay in its folder (docs/architecture.md, Engine conventions); other nouns call its service"
    },
    schema: [],
    messages: { reached: '{{rule}}' }
  },
  create(context) {
    const file = relative(root, context.filename)
    /** @param {import('estree').Node & { source?: unknown }} node */
    const check = (node) => {
      const source = /** @type {{ type?: string, value?: unknown } | null | undefined} */ (node.source)
      if (!source || source.type !== 'Literal' || typeof source.value !== 'string') return
      const rule = checkRowPrivacy(root, file, source.value)
      if (rule)
        context.report({ node: /** @type {import('estree').Node} */ (source), messageId: 'reached', data: { rule } })
    }
    return {
      ImportDeclaration: check,
      ExportNamedDeclaration: check,
      ExportAllDeclaration: check,
      ImportExpression: check
    }
  }
}

/** The plugin object ESLint loads as `workbench`. */
export default { meta: { name: 'workbench' }, rules: { layering, 'private-rows': privateRows } }
