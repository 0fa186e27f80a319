/** Error `type` values of the Membrane error body; the SDK picks its error class from this field alone. */
export type ErrorType =
  | 'bad_request'
  | 'connection'
  | 'configuration'
  | 'dependency_error'
  | 'flow_run'
  | 'flow_instance_setup'
  | 'concurrency'
  | 'internal'
  | 'action_run'
  | 'action_instance_setup'
  | 'custom_code'

/** Error `key` values this engine uses; the first five are Membrane's, the rest are this engine's own. */
export type ErrorKey =
  | 'not_found'
  | 'not_authenticated'
  | 'access_denied'
  | 'already_exists'
  | 'rate_limit_exceeded'
  | 'connection_is_defunct'
  | 'access_token_expired'
  | 'lock_timeout'
  | 'invalid_data'
  | 'invalid_json'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'conflict'

/** One precise problem inside a rejected input: where it is and what was expected. */
export interface ErrorDetail {
  /** JSON path of the offending value, e.g. `fields.address.zip` or `body.name`. */
  path: string
  /** What is wrong and what to do, in plain words. */
  message: string
}

/** The error body every HTTP endpoint answers with (Membrane's shape). */
export interface ErrorBody {
  type: ErrorType
  key?: ErrorKey
  message: string
  data?: { errors?: ErrorDetail[]; [key: string]: unknown }
}
