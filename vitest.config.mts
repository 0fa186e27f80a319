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
    expect: {
      // expect.poll waits for a condition (a list refreshed, a popup closed). Vitest's default of
      // 1 s is a speed assumption that a busy machine breaks; the same bound as a page's waits.
      poll: { timeout: 10_000 }
    }
  }
})
