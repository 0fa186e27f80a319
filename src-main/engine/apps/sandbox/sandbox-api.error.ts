/** An error a sandbox app answers with: its own body shape (`{error, message, details}`), not the engine's. */
export class SandboxApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: Array<{ field: string; message: string }>,
    readonly headers: Record<string, string> = {}
  ) {
    super(message)
    this.name = 'SandboxApiError'
  }

  /** The JSON body the app sends. */
  toBody(): Record<string, unknown> {
    return { error: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) }
  }
}
