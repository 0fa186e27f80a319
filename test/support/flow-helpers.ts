import type { FlowRunDto } from '../../src-main/contract/flow-runs'
import { eventually } from './http-target'
import type { TestServer } from './test-server'

/** Creates an ad-hoc flow for the token's customer over HTTP and returns its id. */
export async function adHocFlow(
  server: TestServer,
  token: string,
  nodes: Record<string, unknown>,
  extra: Record<string, unknown> = {}
): Promise<string> {
  const response = await server.call('POST', '/flow-instances', { token, body: { name: 'Test flow', nodes, ...extra } })
  if (response.status !== 201)
    throw new Error(`creating the flow failed: ${response.status} ${JSON.stringify(response.body)}`)
  return response.body.id
}

/** Starts a run over HTTP (POST /flow-runs) and returns the answer. */
export async function startRun(
  server: TestServer,
  token: string,
  flowInstanceId: string,
  input?: unknown
): Promise<FlowRunDto> {
  const response = await server.call('POST', '/flow-runs', { token, body: { flowInstanceId, input } })
  if (response.status !== 201)
    throw new Error(`starting the run failed: ${response.status} ${JSON.stringify(response.body)}`)
  return response.body
}

/** Polls GET /flow-runs/{id} until the run is completed, failed or stopped. */
export async function finalRun(server: TestServer, token: string, id: string, timeoutMs = 15_000): Promise<FlowRunDto> {
  return eventually(
    async () => {
      const run = (await server.call('GET', `/flow-runs/${id}`, { token })).body as FlowRunDto
      return ['completed', 'failed', 'stopped'].includes(run.state) ? run : undefined
    },
    timeoutMs,
    `flow run ${id} to finish`
  )
}

/** Runs a flow to its end and returns the run and its output. */
export async function runToEnd(
  server: TestServer,
  token: string,
  flowInstanceId: string,
  input?: unknown
): Promise<{ run: FlowRunDto; output: unknown }> {
  const started = await startRun(server, token, flowInstanceId, input)
  const run = await finalRun(server, token, started.id)
  const output = (await server.call('GET', `/flow-runs/${run.id}/output`, { token })).body
  return { run, output }
}

/** The node runs of a run, in start order. */
export async function nodeRuns(server: TestServer, token: string, runId: string): Promise<any[]> {
  return (await server.call('GET', `/flow-runs/${runId}/node-runs?limit=1000`, { token })).body.items
}

/** A flow instance's runs (GET /flow-runs, up to 100). */
export async function runsOf(server: TestServer, token: string, flowInstanceId: string): Promise<FlowRunDto[]> {
  return (await server.call('GET', `/flow-runs?flowInstanceId=${flowInstanceId}&limit=100`, { token })).body.items
}

/** Waits until a flow instance has at least `count` runs, all finished (completed or failed), and returns them. */
export async function finishedRuns(
  server: TestServer,
  token: string,
  flowInstanceId: string,
  count: number
): Promise<FlowRunDto[]> {
  return eventually(
    async () => {
      const runs = await runsOf(server, token, flowInstanceId)
      return runs.length >= count && runs.every((r) => ['completed', 'failed'].includes(r.state)) ? runs : undefined
    },
    15_000,
    `${count} finished run(s) of ${flowInstanceId}`
  )
}
