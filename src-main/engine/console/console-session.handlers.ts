import { badRequest } from '../common/engine-error'
import type { ConsoleHandlers, ConsoleHostPort } from './console-handler'
import { parseNoInput } from './console.inputs'

/** Methods of the console's own link: show it, rotate its secret. */
export type SessionLinkMethods = 'session.consoleLink' | 'session.rotateConsoleSecret'

function linkOf(host: ConsoleHostPort): NonNullable<ConsoleHostPort['consoleLink']> {
  if (!host.consoleLink)
    throw badRequest(
      'This console has no browser link: the desktop window talks to the engine directly. Use "Open console in browser" from the app menu.'
    )
  return host.consoleLink
}

/** The browser console's link (kept in the data folder until rotated) and its rotation. */
export function createSessionLinkHandlers(host: ConsoleHostPort): Pick<ConsoleHandlers, SessionLinkMethods> {
  return {
    'session.consoleLink': {
      parse: parseNoInput('session.consoleLink'),
      run: () => ({ url: linkOf(host).url() })
    },
    'session.rotateConsoleSecret': {
      parse: parseNoInput('session.rotateConsoleSecret'),
      run: () => ({ url: linkOf(host).rotate() })
    }
  }
}
