import { Type, type Static } from '@sinclair/typebox'
import { inputParser } from '../common/input-parser'

const RequestSpec = Type.Object({
  method: Type.Optional(Type.String({ enum: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] })),
  uri: Type.Unknown(),
  headers: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  query: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  body: Type.Optional(Type.Unknown())
})

const editable = {
  key: Type.String({ minLength: 1, maxLength: 200, pattern: '^[A-Za-z0-9_.:-]+$' }),
  name: Type.String({ minLength: 1, maxLength: 200 }),
  description: Type.Optional(Type.String({ maxLength: 2000 })),
  schema: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  example: Type.Optional(Type.Unknown()),
  userIdFormula: Type.Optional(Type.Unknown()),
  tenantIdFormula: Type.Optional(Type.Unknown()),
  subscribeRequest: Type.Optional(RequestSpec),
  unsubscribeRequest: Type.Optional(RequestSpec),
  meta: Type.Optional(Type.Record(Type.String(), Type.Unknown()))
}

/** `POST /app-event-types` body. */
export const CreateAppEventTypeInput = Type.Object({ ...editable, name: Type.Optional(editable.name) })
/** `PATCH /app-event-types/{selector}` body (PUT sends every property). */
export const UpdateAppEventTypeInput = Type.Partial(Type.Object(editable))

/** A create request as parsed. */
export type CreateAppEventTypeInput = Static<typeof CreateAppEventTypeInput>
/** An update request as parsed. */
export type UpdateAppEventTypeInput = Static<typeof UpdateAppEventTypeInput>

/** Parses a create body (400 naming each bad field). */
export const parseCreateAppEventType = inputParser(CreateAppEventTypeInput, 'body', 'app event type')
/** Parses an update body (400 naming each bad field). */
export const parseUpdateAppEventType = inputParser(UpdateAppEventTypeInput, 'body', 'app event type change')
