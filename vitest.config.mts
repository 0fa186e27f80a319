import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

/** Test files that must not share a worker's module cache (see `isolate` below). */
const ISOLATED = [
  'test/build/**/*.test.ts',
  'test/shell/**/*.test.ts',
  'test/preload/**/*.test.ts',
  'test/renderer/**/*.test.{ts,tsx}'
]

export default defineConfig({
  // renderer modules import the contract as @contract/<module> (tsconfig.web.json's paths)
  resolve: { alias: { '@contract': fileURLToPath(new URL('./src-main/contract', import.meta.url)) } },
  test: {
    environment: 'node',
    // Generous bounds: every wait in a test is on a condition, so these only end a test that hangs.
    // 30 s was a speed assumption: on two busy cores a browser or process test took longer and
    // failed with nothing wrong (4 of 563 in a full run under load).
    testTimeout: 120_000,
    hookTimeout: 120_000,
    globalSetup: ['test/support/global-setup.ts'],
    pool: 'forks',
    // Vitest's default is cores − 1, one file at a time on these two-core machines, and about half
    // of a file's time is waiting on Chromium, a child process or the loopback server. Two files at
    // once ran the whole suite clean on two cores at a load average of 15 (issue 10).
    maxWorkers: 2,
    // Files run one after another in a worker that keeps its module cache (`isolate: false`):
    // loading the engine, Fastify, kysely and the SDKs once per worker instead of once per file
    // was about a quarter of the suite's CPU. Every file still gets its own servers, data folders
    // and browser (released by test/support/file-lifecycle.ts); engine modules hold only caches.
    // Files that mock modules (electron in the shell and preload tests) or swap the environment
    // (happy-dom in renderer tests) run isolated, in the second project.
    isolate: false,
    setupFiles: ['test/support/file-lifecycle.ts'],
    projects: [
      {
        extends: true,
        test: { name: 'shared', include: ['test/**/*.test.{ts,tsx}'], exclude: [...ISOLATED] }
      },
      {
        extends: true,
        test: { name: 'isolated', include: [...ISOLATED], isolate: true }
      }
    ],
    expect: {
      // expect.poll waits for a condition (a list refreshed, a popup closed). Vitest's default of
      // 1 s is a speed assumption that a busy machine breaks; the same bound as a page's waits.
      poll: { timeout: 10_000 }
    }
  }
})
