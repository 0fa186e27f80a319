import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  // renderer modules import the contract as @contract/<module> (tsconfig.web.json's paths)
  resolve: { alias: { '@contract': fileURLToPath(new URL('./src-main/contract', import.meta.url)) } },
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
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
    expect: {
      // expect.poll waits for a condition (a list refreshed, a popup closed). Vitest's default of
      // 1 s is a speed assumption that a busy machine breaks; the same bound as a page's waits.
      poll: { timeout: 10_000 }
    }
  }
})
