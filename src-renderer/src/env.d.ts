import type { WorkbenchBridge } from '@contract/console-api'

declare global {
  interface Window {
    /** The preload's typed bridge; present only in the desktop app. */
    readonly workbench?: WorkbenchBridge
  }
}

export {}
