import { Type } from '@sinclair/typebox'
import { ConsoleExportRequest, ConsoleImportRequest } from '../../contract/console-views'
import { inputParser } from '../common/input-parser'

/** What to export. */
export const parseExportRequest = inputParser(ConsoleExportRequest, '', 'export request')

/** A file to import and the choices (the snapshot service checks the file itself). */
export const parseImportRequest = inputParser(ConsoleImportRequest, '', 'import request')

const SCENARIO_NAME = Type.String({ minLength: 1, maxLength: 64 })

/** `{name}` of a scenario (the scenario service checks the name). */
export const parseScenarioRef = inputParser(
  Type.Object({ name: SCENARIO_NAME }, { additionalProperties: false }),
  '',
  'scenario (send {"name": "<scenario name>"})'
)

/** A scenario to save. */
export const parseScenarioSave = inputParser(
  Type.Object(
    { name: SCENARIO_NAME, description: Type.Optional(Type.String({ maxLength: 2000 })) },
    { additionalProperties: false }
  ),
  '',
  'scenario to save'
)
