/** Builds out/ when sources are newer; true when a build ran. */
export function ensureBuilt(options?: { quiet?: boolean }): boolean
