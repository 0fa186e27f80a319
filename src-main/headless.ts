import { join } from 'node:path'
import { defaultCacheRoot, installCodeCache } from './host/code-cache'
import { keepYoungGenerationSmall, letYoungGenerationGrow } from './host/heap-settings'
import { fullCollection } from './host/idle-memory-trim'

// Headless entry. The heap and the code cache are set up before anything else loads; the server
// itself (the engine, the API and the console page) is imported only then. This entry is
// out/main/headless.js: the console is built next to it, the chunks it loads are in chunks/.
keepYoungGenerationSmall()
const cacheRoot = defaultCacheRoot()
const codeCache = cacheRoot ? installCodeCache({ bundleDir: join(__dirname, 'chunks'), cacheRoot }) : undefined
import('./host/headless-main').then(
  ({ runHeadless }) =>
    runHeadless(join(__dirname, '..', 'renderer'), () => {
      // The start is done, its first answer too: keep what V8 compiled for them, let the young
      // generation grow, and collect once what the start left behind (each chunk's source was
      // read twice, and old large strings wait for a full collection: ~4 MB of idle RSS). In
      // this order: V8 refuses a cache made under other flags than the next start's, and the
      // last two change flags.
      const written = codeCache?.save() ?? 0
      if (codeCache && process.env.WORKBENCH_LOG_LEVEL === 'debug') {
        const { hits, misses, rejected } = codeCache.stats()
        console.error(
          `code cache ${codeCache.dir}: ${hits} hits, ${misses} misses, ${rejected} refused, ${written} written`
        )
      }
      letYoungGenerationGrow()
      fullCollection()()
    }),
  (error: unknown) => {
    console.error('Could not start:', error)
    process.exit(1)
  }
)
