// Builds out/ once before the suite when sources changed: browser tests serve the built console,
// and the CLI / process tests run the built entries, as users do.
export default async function setup(): Promise<void> {
  const { ensureBuilt } = await import('../../scripts/ensure-built.mjs')
  ensureBuilt({ quiet: true })
}
