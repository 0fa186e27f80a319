import { strFromU8, unzipSync } from 'fflate'
import { parse } from 'yaml'
import type { BackgroundJobDto } from '../../src-main/contract/interchange'
import { eventually } from './http-target'
import type { TestServer } from './test-server'

/** Polls `GET /background-jobs/{id}` until the job is final. */
export async function finishedJob(server: TestServer, token: string, id: string): Promise<BackgroundJobDto> {
  return eventually(
    async () => {
      const job = (await server.call('GET', `/background-jobs/${id}`, { token })).body as BackgroundJobDto
      return ['completed', 'failed', 'cancelled'].includes(job.status) ? job : undefined
    },
    30_000,
    `background job ${id}`
  )
}

/** `GET /export`, waits for the job, downloads the zip from its URL without a token. */
export async function exportWorkspace(server: TestServer, token: string): Promise<Uint8Array> {
  const started = await server.call('GET', '/export', { token })
  if (started.status !== 200) throw new Error(`export: ${started.status} ${JSON.stringify(started.body)}`)
  const job = await finishedJob(server, token, started.body.jobId)
  if (job.status !== 'completed') throw new Error(`export job: ${JSON.stringify(job)}`)
  const download = await fetch(String(job.result!.downloadUrl))
  if (download.status !== 200) throw new Error(`download: ${download.status}`)
  return new Uint8Array(await download.arrayBuffer())
}

/** `POST /import` with the zip as the multipart field `file`. */
export async function postImport(
  server: TestServer,
  token: string,
  zip: Uint8Array,
  query = '',
  fields: Record<string, string> = {}
): Promise<{ status: number; body: any; headers: Headers }> {
  const form = new FormData()
  form.append('file', new Blob([new Uint8Array(zip)], { type: 'application/zip' }), 'workspace.zip')
  for (const [name, value] of Object.entries(fields)) form.append(name, value)
  const response = await fetch(`${server.url}/import${query}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: form
  })
  return { status: response.status, body: await response.json(), headers: response.headers }
}

/** Imports and waits for the job; throws unless it completed. */
export async function importWorkspace(server: TestServer, token: string, zip: Uint8Array, query = '') {
  const started = await postImport(server, token, zip, query)
  if (started.status !== 200) throw new Error(`import: ${started.status} ${JSON.stringify(started.body)}`)
  const job = await finishedJob(server, token, started.body.jobId)
  if (job.status !== 'completed') throw new Error(`import job: ${JSON.stringify(job)}`)
  return job.result as any
}

const VOLATILE = new Set(['id', 'uuid', 'parentUuid', 'connectorUuid', 'createdAt', 'updatedAt', 'revision'])

/** A zip's YAML entries parsed, without ids, uuids, timestamps and revisions; binary entries by size. */
export function describeZip(zip: Uint8Array): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [name, data] of Object.entries(unzipSync(zip))) {
    if (!/\.ya?ml$/.test(name)) {
      out[name] = { bytes: data.byteLength }
      continue
    }
    const value = parse(strFromU8(data)) as Record<string, unknown>
    out[name] = Object.fromEntries(Object.entries(value).filter(([k]) => !VOLATILE.has(k)))
  }
  return out
}
