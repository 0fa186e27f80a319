import { Type } from '@sinclair/typebox'
import { inputParser } from '../common/input-parser'

/** `{base64, dryRun, partial?, force?}` of `membrane.import`. */
export const parseMembraneImport = inputParser(
  Type.Object(
    {
      base64: Type.String({ minLength: 1, pattern: '^[A-Za-z0-9+/=\\s]*$' }),
      dryRun: Type.Boolean(),
      partial: Type.Optional(Type.Boolean()),
      force: Type.Optional(Type.Boolean())
    },
    { additionalProperties: false }
  ),
  '',
  'Membrane import request'
)
