/** A connector as `GET /connectors` shows it (Membrane's Connector): a built-in app's or one of the workspace's own. */
export interface ConnectorDto {
  id: string
  /** Stable across workspaces: the Membrane CLI matches connectors by it. */
  uuid: string
  key: string
  name: string
  logoUri?: string
  appUuid?: string
  /** Set for the workspace's own (custom) connectors; absent for the built-in ones. */
  workspaceId?: string
  /** Built-in connectors run in the engine; custom ones are stored as uploaded source only. */
  isBuiltIn: boolean
  /** Custom connectors: whether source was uploaded, its size and when. */
  hasSource?: boolean
  sourceSize?: number
  uploadedAt?: string
  createdAt?: string
  updatedAt?: string
}
