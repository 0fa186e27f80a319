import { Type } from '@sinclair/typebox'
import { invalidData } from '../common/engine-error'
import { inputParser } from '../common/input-parser'
import type { ConnectScreenParams } from './screen.service'

/** What the SDK posts to `/screens/connect` (all form strings) or puts in an embed URL's query. */
const ConnectScreenFields = Type.Object(
  {
    token: Type.Optional(Type.String()),
    integrationKey: Type.Optional(Type.String({ maxLength: 200 })),
    integrationId: Type.Optional(Type.String({ maxLength: 200 })),
    connectorId: Type.Optional(Type.String({ maxLength: 200 })),
    connectionId: Type.Optional(Type.String({ maxLength: 200 })),
    name: Type.Optional(Type.String({ maxLength: 200 })),
    authOptionKey: Type.Optional(Type.String({ maxLength: 200 })),
    /** `'1'` or `''`, as the SDK sends it. */
    allowMultipleConnections: Type.Optional(Type.String({ maxLength: 10 })),
    /** JSON text. */
    connectorParameters: Type.Optional(Type.String({ maxLength: 20_000 })),
    theme: Type.Optional(Type.String({ maxLength: 20 }))
  },
  // the SDK passes the caller's other options through as fields; they mean nothing here
  { additionalProperties: true }
)
const parseFields = inputParser(ConnectScreenFields, '', 'connect screen request')

/** The connect screen's fields read and typed; a field that is not what the SDK sends answers 400 naming it. */
export function parseConnectScreenParams(fields: unknown): ConnectScreenParams & { token?: string; theme?: string } {
  const f = parseFields(fields ?? {})
  let connectorParameters: Record<string, unknown> | undefined
  if (f.connectorParameters) {
    try {
      const parsed = JSON.parse(f.connectorParameters) as unknown
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object')
      connectorParameters = parsed as Record<string, unknown>
    } catch {
      throw invalidData('connectorParameters must be a JSON object.', [
        { path: 'connectorParameters', message: 'must be a JSON object' }
      ])
    }
  }
  const text = (v: string | undefined) => (v ? v : undefined)
  return {
    token: text(f.token),
    theme: f.theme === 'dark' || f.theme === 'light' ? f.theme : undefined,
    integrationKey: text(f.integrationKey),
    integrationId: text(f.integrationId),
    connectorId: text(f.connectorId),
    connectionId: text(f.connectionId),
    name: text(f.name),
    authOptionKey: text(f.authOptionKey),
    allowMultipleConnections: f.allowMultipleConnections === '1' || f.allowMultipleConnections === 'true',
    connectorParameters
  }
}
