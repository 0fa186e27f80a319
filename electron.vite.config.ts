import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import react from '@vitejs/plugin-react'

// Three targets. The main target has three entries that share chunks:
//  - index:    the Electron entry (only place that reaches src-main/shell)
//  - headless: the plain-Node server (engine + HTTP + console page)
//  - cli:      command-line tools (token minting, snapshots)
export default defineConfig({
  main: {
    build: {
      externalizeDeps: true,
      rolldownOptions: {
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
