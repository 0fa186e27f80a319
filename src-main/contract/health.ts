/** Body of `GET /health`. */
export interface HealthDto {
  status: 'ok'
  version: string
  workspaceKey: string
  uptimeSeconds: number
}
