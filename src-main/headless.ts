import { join } from 'node:path'
import { keepYoungGenerationSmall } from './host/heap-settings'

// Headless entry. The heap is set up before anything else loads; the server itself (the
// engine, the API and the console page) is imported only then. This entry is
// out/main/headless.js: the console is built next to it.
keepYoungGenerationSmall()
import('./host/headless-main').then(
  ({ runHeadless }) => runHeadless(join(__dirname, '..', 'renderer')),
  (error: unknown) => {
    console.error('Could not start:', error)
    process.exit(1)
  }
)
