import { Type } from '@sinclair/typebox'
import { inputParser } from '../common/input-parser'

const Direction = Type.Union([Type.Literal('import'), Type.Literal('export'), Type.Literal('both')])

/** `POST /data-link-tables` body (the key is made from the name when absent). */
export const CreateDataLinkTableInput = Type.Object({
  key: Type.Optional(Type.String({ minLength: 1, maxLength: 200, pattern: '^[A-Za-z0-9_][A-Za-z0-9_:-]*$' })),
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  description: Type.Optional(Type.String({ maxLength: 2000 })),
  uuid: Type.Optional(Type.String()),
  meta: Type.Optional(Type.Record(Type.String(), Type.Unknown()))
})

/** `POST` / `DELETE …/links` body: one link between your app's record and the external app's. */
export const DataLinkInput = Type.Object({
  appRecordId: Type.String({ minLength: 1 }),
  externalRecordId: Type.String({ minLength: 1 }),
  direction: Type.Optional(Direction)
})

/** `DELETE …/links` body: the links to remove (at least one record id). */
export const DeleteDataLinkInput = Type.Object({
  appRecordId: Type.Optional(Type.String({ minLength: 1 })),
  externalRecordId: Type.Optional(Type.String({ minLength: 1 })),
  direction: Type.Optional(Direction)
})

/** Parses a create (or PATCH / PUT) body of a data link table. */
export const parseDataLinkTable = inputParser(CreateDataLinkTableInput, 'body', 'data link table')
/** Parses a link to create. */
export const parseDataLink = inputParser(DataLinkInput, 'body', 'data link')
/** Parses the links to delete. */
export const parseDeleteDataLink = inputParser(DeleteDataLinkInput, 'body', 'data link to delete')
