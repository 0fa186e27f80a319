import type { App } from 'electron'

/**
 * Claims the single-instance lock. A second launch hands over to the first (which comes to the
 * front through `onSecondInstance`) and quits; returns whether this process owns the lock.
 */
export function setupSingleInstance(app: App, onSecondInstance: () => void): boolean {
  if (!app.requestSingleInstanceLock()) {
    app.quit()
    return false
  }
  app.on('second-instance', onSecondInstance)
  return true
}
