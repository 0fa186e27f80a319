import { IntegrationAppClient } from '@integration-app/sdk'
import { MembraneClient } from '@membranehq/sdk'

/** One of the two official SDKs, constructed the way an app points it at the Workbench. */
export interface Sdk {
  name: '@membranehq/sdk' | '@integration-app/sdk'
  /** A short tag for keys and customer ids, so that a suite's two runs keep apart. */
  tag: 'm' | 'ia'
  /**
   * A client with `token`. Both are typed as `MembraneClient`: `@integration-app/sdk` is its
   * predecessor with the same surface, and a suite runs the same calls through each.
   */
  make(token: string): MembraneClient
}

/** Both SDKs against the server at `url()` (read when a client is made: the server starts later). */
export function bothSdks(url: () => string): Sdk[] {
  return [
    { name: '@membranehq/sdk', tag: 'm', make: (token) => new MembraneClient({ token, apiUri: url() }) },
    {
      name: '@integration-app/sdk',
      tag: 'ia',
      make: (token) => new IntegrationAppClient({ token, apiUri: url() }) as unknown as MembraneClient
    }
  ]
}
