import { Type } from '@sinclair/typebox'
import { inputParser } from '../common/input-parser'

/** Body of `POST /connection-requests` (the SDK's `CreateConnectionRequestPayload`). */
export const CreateConnectionRequest = Type.Object(
  {
    integrationId: Type.Optional(Type.String({ minLength: 1 })),
    integrationKey: Type.Optional(Type.String({ minLength: 1 })),
    connectorId: Type.Optional(Type.String({ minLength: 1 })),
    connectorKey: Type.Optional(Type.String({ minLength: 1 })),
    connectorVersion: Type.Optional(Type.String()),
    connectionId: Type.Optional(Type.String({ minLength: 1 })),
    connectionKey: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    name: Type.Optional(Type.String({ maxLength: 200 })),
    allowMultipleConnections: Type.Optional(Type.Boolean()),
    connectorParameters: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    redirectUri: Type.Optional(Type.String({ pattern: '^https?://' })),
    prompt: Type.Optional(Type.String({ maxLength: 2000 }))
  },
  { additionalProperties: false }
)
/** A create body as parsed (and as a request's `payload` column keeps it). */
export type CreateConnectionRequest = typeof CreateConnectionRequest.static
/** Parses a create body (400 naming each bad field). */
export const parseCreateConnectionRequest = inputParser(CreateConnectionRequest, '', 'connection request')
