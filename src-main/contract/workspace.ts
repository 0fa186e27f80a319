import { Type, type Static } from '@sinclair/typebox'
import { Nullable } from './schema-kit'

/** A JSON Schema object that types customer fields (Membrane's `userFieldsSchema`); the field schema validator checks it. */
export const FieldSchema = Type.Record(Type.String(), Type.Unknown())
/** A field schema. */
export type FieldSchema = Static<typeof FieldSchema>

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

/** What `PATCH /workspace` may change; `null` clears an optional value (the console edits the same shape). */
export const WorkspacePatch = Type.Object({
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  userFieldsSchema: Type.Optional(Nullable(FieldSchema)),
  webhookUri: Type.Optional(Nullable(Type.String())),
  apiBaseUri: Type.Optional(Nullable(Type.String())),
  defaultTokenTtlSeconds: Type.Optional(Type.Integer({ minimum: 60, maximum: 31_536_000 })),
  runRetentionDays: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 36_500 }))),
  runRetentionPerInstance: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 10_000_000 })))
})
/** A workspace change as parsed. */
export type WorkspacePatch = Static<typeof WorkspacePatch>

/** The workspace credentials, shown only to the console and to admin callers that ask for them. */
export interface WorkspaceCredentials {
  key: string
  secret: string
}
