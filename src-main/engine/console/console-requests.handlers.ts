import { Type } from '@sinclair/typebox'
import { inputParser } from '../common/input-parser'
import type { Engine } from '../engine'
import type { ConsoleHandlers } from './console-handler'
import { parseConnectionRef } from './console-connections.inputs'

/** Methods of the connection page's request and operation cards. */
export type RequestMethods =
  'connections.operations' | 'connections.runOperation' | 'connections.executeRequest' | 'connections.requestHistory'

const ID = Type.String({ minLength: 1, maxLength: 200 })

const parseRunOperation = inputParser(
  Type.Object(
    { id: ID, key: Type.String({ minLength: 1, maxLength: 200 }), input: Type.Unknown() },
    { additionalProperties: false }
  ),
  '',
  'operation run (send {"id": "<connection id>", "key": "<operation>", "input": {…}})'
)

const parseExecuteRequest = inputParser(
  Type.Object(
    {
      id: ID,
      method: Type.String({ minLength: 1, maxLength: 10 }),
      path: Type.String({ minLength: 1, maxLength: 2000 }),
      query: Type.Optional(Type.Record(Type.String(), Type.String())),
      headers: Type.Optional(Type.Record(Type.String(), Type.String())),
      body: Type.Optional(Type.Unknown())
    },
    { additionalProperties: false }
  ),
  '',
  'request (send {"id", "method", "path", "query"?, "headers"?, "body"?})'
)

/** Handlers of "Send any request" and the operation catalogue on a connection page; they act as the console (admin). */
export function createRequestHandlers(engine: Engine): Pick<ConsoleHandlers, RequestMethods> {
  const actor = engine.consoleActor
  const { operations, executeRequests } = engine
  return {
    'connections.operations': {
      parse: parseConnectionRef,
      run: ({ id }) => ({
        items: operations.listOnConnection(actor, id).map((o) => operations.specOnConnection(actor, id, o.key))
      })
    },
    'connections.runOperation': {
      parse: parseRunOperation,
      run: ({ id, key, input }) => operations.run(actor, id, key, { input })
    },
    'connections.executeRequest': {
      parse: parseExecuteRequest,
      run: ({ id, ...request }) => executeRequests.execute(actor, id, request)
    },
    'connections.requestHistory': {
      parse: parseConnectionRef,
      run: ({ id }) => ({ items: executeRequests.recent(actor, id) })
    }
  }
}
