/** A JSON Schema object that types customer fields (Membrane's `userFieldsSchema`). */
export type FieldSchema = Record<string, unknown>

/** The workspace as the API shows it; the secret is never part of it. */
export interface WorkspaceDto {
  id: string
  key: string
  name: string
  userFieldsSchema?: FieldSchema
  webhookUri?: string
  /** Base URL of your app's API: relative uris of api-request-to-your-app nodes and actions are joined to it. */
  apiBaseUri?: string
  /** When the secret was last rotated (ISO time); tokens signed before are rejected. */
  secretRotatedAt: string
  /** Default lifetime of minted customer tokens, in seconds. */
  defaultTokenTtlSeconds: number
  /** Finished runs older than this many days are pruned in the background; null keeps them. */
  runRetentionDays: number | null
  /** Only this many newest finished runs per flow instance are kept; null keeps all. */
  runRetentionPerInstance: number | null
  createdAt: string
  updatedAt: string
}

/** What `PATCH /workspace` may change; `null` clears an optional value. */
export interface WorkspacePatch {
  name?: string
  userFieldsSchema?: FieldSchema | null
  webhookUri?: string | null
  apiBaseUri?: string | null
  defaultTokenTtlSeconds?: number
  runRetentionDays?: number | null
  runRetentionPerInstance?: number | null
}

/** The workspace credentials, shown only to the console and to admin callers that ask for them. */
export interface WorkspaceCredentials {
  key: string
  secret: string
}
