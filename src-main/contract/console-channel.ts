// The console IPC channel's name on its own, so the sandboxed preload (which can require nothing but
// `electron`) imports a file with no runtime dependencies; console-api.ts re-exports it.

/** The one IPC channel of the console API. */
export const CONSOLE_IPC_CHANNEL = 'workbench:console'
