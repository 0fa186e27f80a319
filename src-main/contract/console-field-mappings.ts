import type { ErrorDetail } from './errors'
import type { FieldMappingInstanceDto } from './field-mappings'

/** A data source or field mapping template with its per-integration children (console detail pages). */
export interface ConsoleTemplateView<T> {
  element: T
  children: T[]
}

/** The field mapping editor of one connection: a field mapping's instance and a real record of its collection. */
export interface ConsoleMappingEditor {
  instance: FieldMappingInstanceDto
  /** The first record of the connection's collection (fields only), when the app has one. */
  sample?: Record<string, unknown>
  sampleError?: string
}

/** A proposed import mapping checked against the app's fields, and the sample mapped both ways with it. */
export interface ConsoleMappingCheck {
  problems: ErrorDetail[]
  imported?: Record<string, unknown>
  exported?: Record<string, unknown>
  previewError?: string
}
