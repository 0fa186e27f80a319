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
