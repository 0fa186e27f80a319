import { Type } from '@sinclair/typebox'
import { inputParser } from '../common/input-parser'

const Id = Type.String({ minLength: 1, maxLength: 256 })

/** The activity page's query: kind, text, what an entry touched, failures only, and the cursor. */
export const ActivityQuerySchema = Type.Object(
  {
    kind: Type.Optional(Type.Union([Type.Literal('api'), Type.Literal('event'), Type.Literal('webhook')])),
    search: Type.Optional(Type.String({ maxLength: 200 })),
    customerId: Type.Optional(Id),
    connectionId: Type.Optional(Id),
    flowRunId: Type.Optional(Id),
    failedOnly: Type.Optional(Type.Boolean()),
    afterSeq: Type.Optional(Type.Integer({ minimum: 0 })),
    beforeSeq: Type.Optional(Type.Integer({ minimum: 0 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 }))
  },
  { additionalProperties: false }
)

/** Parses an activity query. */
export const parseActivityQuery = inputParser(ActivityQuerySchema, '', 'activity query')

/** One entry to open, by its seq. */
export const ActivityEntryRefSchema = Type.Object(
  { seq: Type.Integer({ minimum: 1 }) },
  { additionalProperties: false }
)

/** Parses the entry to open. */
export const parseActivityEntryRef = inputParser(ActivityEntryRefSchema, '', 'activity entry')
