import type { ConsoleExportRequest, ConsoleImportRequest } from '../../contract/console-views'
import { createInputParser } from '../common/input-parser'
import { ID } from './console.inputs'

/** What to export. */
export const parseExportRequest = createInputParser<ConsoleExportRequest>(
  {
    type: 'object',
    additionalProperties: false,
    properties: {
      customerId: ID,
      passphrase: { type: 'string', maxLength: 1024 },
      includeRuns: { type: 'boolean' },
      description: { type: 'string', maxLength: 2000 }
    }
  },
  '',
  'export request'
)

/** A file to import and the choices (the snapshot service checks the file itself). */
export const parseImportRequest = createInputParser<ConsoleImportRequest>(
  {
    type: 'object',
    required: ['text', 'dryRun'],
    additionalProperties: false,
    properties: {
      text: { type: 'string' },
      passphrase: { type: 'string', maxLength: 1024 },
      onConflict: { enum: ['skip', 'replace', 'rename'] },
      fieldSchema: { enum: ['keep', 'replace', 'merge'] },
      dryRun: { type: 'boolean' }
    }
  },
  '',
  'import request'
)

/** `{name}` of a scenario (the scenario service checks the name). */
export const parseScenarioRef = createInputParser<{ name: string }>(
  {
    type: 'object',
    required: ['name'],
    additionalProperties: false,
    properties: { name: { type: 'string', minLength: 1, maxLength: 64 } }
  },
  '',
  'scenario (send {"name": "<scenario name>"})'
)

/** A scenario to save. */
export const parseScenarioSave = createInputParser<{ name: string; description?: string }>(
  {
    type: 'object',
    required: ['name'],
    additionalProperties: false,
    properties: {
      name: { type: 'string', minLength: 1, maxLength: 64 },
      description: { type: 'string', maxLength: 2000 }
    }
  },
  '',
  'scenario to save'
)
