import { afterAll } from 'vitest'
import { closeSharedBrowser } from './shared-browser'

// Runs before every test file (vitest `setupFiles`). Files share a worker and its module cache
// (`isolate: false` in vitest.config.mts), so what a support module holds for "the file" is
// released here, at the end of each file, rather than by a hook the module registers once.
afterAll(async () => {
  await closeSharedBrowser()
})
