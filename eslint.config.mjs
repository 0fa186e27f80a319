// Lint: typescript-eslint with type information, prettier for layout (eslint-config-prettier is
// not needed: no stylistic rules are enabled), and the layer rules of docs/design.md §2.
import js from '@eslint/js'
import globals from 'globals'
import tseslint from 'typescript-eslint'
import workbench from './eslint/plugin.mjs'

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'artifacts/**', 'native/**', 'src-main/engine/db/migrations/0*'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { project: ['./tsconfig.node.json', './tsconfig.web.json'], tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node }
    },
    plugins: { workbench },
    rules: {
      'workbench/layering': 'error',
      'workbench/private-rows': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      // Its "receiver accepts the original type" check removes casts from parsed `any` bodies, which
      // state what the value is; the casts themselves are going (one schema per inbound shape).
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
      // `async` marks methods of promise-returning interfaces (node types, route handlers) even when
      // they do not await; no-floating-promises and no-misused-promises catch the real mistakes.
      '@typescript-eslint/require-await': 'off',
      // A handler that reads a variable before its one assignment (signal handlers set up first).
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }]
    }
  },
  {
    // Tests read JSON answers as loosely typed values on purpose and pass vitest's matchers
    // unbound; the promise rules stay on, since a forgotten await there hides a failure.
    files: ['test/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/require-await': 'off',
      // Tests hand async callbacks to vitest and playwright, which await them; this is the slowest
      // rule of the run and finds nothing there that no-floating-promises would not.
      '@typescript-eslint/no-misused-promises': 'off'
    }
  },
  {
    // QuickJS is loaded through createRequire with a bounded WebAssembly memory (and the worker body is
    // serialised with Function#toString), so its handles have no types there.
    files: ['src-main/engine/javascript/sandbox-worker.ts', 'src-main/engine/javascript/javascript.sandbox.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-explicit-any': 'off'
    }
  },
  {
    files: ['src-renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    // zustand actions are declared with method syntax but are closures over `set`, never `this`.
    rules: { '@typescript-eslint/unbound-method': 'off' }
  },
  {
    files: ['**/*.{js,mjs,cjs}', 'scripts/*.d.mts'],
    ...tseslint.configs.disableTypeChecked
  }
)
