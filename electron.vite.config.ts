import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import react from '@vitejs/plugin-react'
import { dependencyPatches } from './build/dependency-patches'

// Three targets. The main target has three entries that share chunks:
//  - index:    the Electron entry (only place that reaches src-main/shell)
//  - headless: the plain-Node server (engine + HTTP + console page)
//  - cli:      command-line tools (token minting, snapshots)
export default defineConfig({
  main: {
    // start-up work removed from bundled dependencies (each edit says why)
    plugins: [dependencyPatches()],
    build: {
      // The pure-JS packages every start loads are bundled into the chunks: one file each instead
      // of ~700 resolved, stat-ed and read one by one (CPU of a start ~25% lower, bench/README.md
      // "Cold start"). better-sqlite3's JavaScript is bundled too; its native addon is loaded from
      // its package (db/database.ts finds it). QuickJS (its .wasm is found next to its package),
      // JSONata, yaml and fflate (loaded on first use) stay in node_modules.
      externalizeDeps: {
        exclude: [
          '@fastify/cors',
          '@fastify/static',
          '@sinclair/typebox',
          'ajv',
          'ajv-formats',
          'better-sqlite3',
          'croner',
          'fastify',
          'jose',
          'kysely'
        ]
      },
      rolldownOptions: {
        // ASCII-only output: one non-ASCII character ("→" in a message) makes V8 hold a whole
        // chunk's source as UTF-16, twice its size (~3 MB of an idle server's heap).
        // Minified (3.0 → 1.9 MB): V8 keeps every script's source in the heap and pre-parses all
        // of it at start, so the bytes cost idle RSS (−8 MB) and start time. Function and class
        // names are kept: stack traces, Fastify's plugin names and error classes read as written.
        output: {
          comments: false,
          charset: 'ascii',
          minify: { compress: { keepNames: { function: true, class: true } }, mangle: { keepNames: true } }
        },
        input: {
          index: resolve(__dirname, 'src-main/index.ts'),
          headless: resolve(__dirname, 'src-main/headless.ts'),
          cli: resolve(__dirname, 'src-main/cli/cli.ts')
        }
      }
    }
  },
  preload: {
    build: {
      rolldownOptions: { input: { index: resolve(__dirname, 'src-preload/index.ts') } }
    }
  },
  renderer: {
    root: resolve(__dirname, 'src-renderer'),
    // the shared contract, as tsconfig.web.json's paths name it
    resolve: { alias: { '@contract': resolve(__dirname, 'src-main/contract') } },
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      // the console is also served over HTTP in headless mode: ship it small
      minify: true,
      rolldownOptions: { input: { index: resolve(__dirname, 'src-renderer/index.html') } }
    },
    plugins: [react()]
  }
})
