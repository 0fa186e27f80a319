import { setFlagsFromString } from 'node:v8'

/**
 * Keeps V8's young generation at its initial size (two 1 MB semi-spaces) instead of letting it
 * double up to 2 × 16 MB. Loading the engine's modules makes many objects that survive their
 * first scavenges, which V8 reads as a reason to grow the young generation, and the pages it
 * grew into stay resident: ~13 MB of an idle server's RSS, ~25 MB after an API load. A server's
 * request garbage dies young, so the small young generation costs more frequent but cheap
 * scavenges (no measurable change in the API bench, bench/README.md "Cold start").
 *
 * V8 reads this flag whenever it grows the space, so setting it at run time works; it must run
 * before the engine's modules load, which is why `headless.ts` imports them only afterwards.
 */
export function keepYoungGenerationSmall(): void {
  setFlagsFromString('--semi-space-growth-factor=1')
}

/**
 * Lets the young generation grow again (V8's default factor, 2) once the server is up. Kept at
 * 1 MB under work, a burst that allocates much (1,000 scheduled runs due in one second, each
 * compiling its graph) spent so long in scavenges that the runs started 1.35 s late instead of
 * 0.67 s (bench/scheduler.mjs), and an idle server with a large heap paid 13% of a core for them.
 */
export function letYoungGenerationGrow(): void {
  setFlagsFromString('--semi-space-growth-factor=2')
}
