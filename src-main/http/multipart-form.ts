import { EngineError } from '../engine'

/** One file part of a multipart form. */
export interface MultipartFile {
  fileName?: string
  contentType?: string
  data: Buffer
}

/** A parsed `multipart/form-data` body. */
export interface MultipartForm {
  fields: Record<string, string>
  files: Record<string, MultipartFile>
}

/** Limits of {@link parseMultipart}. */
export interface MultipartLimits {
  maxParts: number
  maxFieldBytes: number
}

const DEFAULT_LIMITS: MultipartLimits = { maxParts: 20, maxFieldBytes: 64 * 1024 }

function bad(message: string): EngineError {
  return new EngineError({
    type: 'bad_request',
    key: 'invalid_data',
    message,
    data: { errors: [{ path: 'body', message }] }
  })
}

/** The boundary of a `multipart/form-data` content type; 400 when there is none. */
export function multipartBoundary(contentType: string | undefined): string {
  const match = /^multipart\/form-data\s*;(.*)$/i.exec(contentType ?? '')
  const boundary = match && /(?:^|;)\s*boundary=(?:"([^"]{1,70})"|([^\s;]{1,70}))/i.exec(match[1])
  if (!boundary)
    throw bad('The body must be multipart/form-data with a boundary (send the zip as the form field "file").')
  return boundary[1] ?? boundary[2]
}

function headerParam(header: string, name: string): string | undefined {
  const match = new RegExp(`(?:^|;)\\s*${name}="([^"]*)"|(?:^|;)\\s*${name}=([^\\s;]+)`, 'i').exec(header)
  return match ? (match[1] ?? match[2]) : undefined
}

/**
 * Parses a `multipart/form-data` body already held in memory (the route's body limit bounds
 * it): parts split on the boundary, each with a `Content-Disposition: form-data; name=…`
 * header; parts with a filename are files, the others text fields. Malformed bodies, too many
 * parts, oversized text fields and repeated names answer 400.
 */
export function parseMultipart(body: Buffer, contentType: string | undefined, limits = DEFAULT_LIMITS): MultipartForm {
  const boundary = multipartBoundary(contentType)
  const delimiter = Buffer.from(`--${boundary}`)
  const form: MultipartForm = { fields: {}, files: {} }
  let position = body.indexOf(delimiter)
  if (position < 0) throw bad(`The multipart body has no part: its boundary "${boundary}" never appears.`)
  let parts = 0
  for (;;) {
    position += delimiter.length
    if (body.subarray(position, position + 2).toString() === '--') return form
    if (body.subarray(position, position + 2).toString() !== '\r\n')
      throw bad('The multipart body is malformed: a boundary line must end with CRLF.')
    position += 2
    const headerEnd = body.indexOf('\r\n\r\n', position)
    if (headerEnd < 0) throw bad('The multipart body is malformed: a part has no blank line after its headers.')
    const headers = body.subarray(position, headerEnd).toString('utf8').split('\r\n')
    const next = body.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), headerEnd + 4)
    if (next < 0) throw bad('The multipart body is truncated: its closing boundary is missing.')
    if (++parts > limits.maxParts) throw bad(`The multipart body has more than ${limits.maxParts} parts.`)
    const data = body.subarray(headerEnd + 4, next)
    const disposition = headers.find((h) => /^content-disposition:/i.test(h))
    const name = disposition && headerParam(disposition.slice(disposition.indexOf(':') + 1), 'name')
    if (!name) throw bad('A multipart part has no Content-Disposition name.')
    if (name in form.fields || name in form.files) throw bad(`The multipart field "${name}" appears twice.`)
    const fileName = headerParam(disposition.slice(disposition.indexOf(':') + 1), 'filename')
    const type = headers.find((h) => /^content-type:/i.test(h))
    if (fileName !== undefined) {
      form.files[name] = {
        fileName,
        ...(type ? { contentType: type.slice(type.indexOf(':') + 1).trim() } : {}),
        data: Buffer.from(data)
      }
    } else {
      if (data.length > limits.maxFieldBytes)
        throw bad(`The multipart field "${name}" is over ${limits.maxFieldBytes} bytes; send large content as a file.`)
      form.fields[name] = data.toString('utf8')
    }
    position = next + 2
  }
}
