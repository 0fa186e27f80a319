import { request as httpRequest } from 'node:http'

/** The answer of {@link rawRequest}. */
export interface RawResponse {
  status: number
  headers: Record<string, string | string[] | undefined>
  text: string
  json(): any
}

/** A raw HTTP call to a test server, so tests can send any Host and Origin (fetch would not let them). */
export function rawRequest(
  url: string,
  options: { method?: string; path: string; headers?: Record<string, string>; body?: string }
): Promise<RawResponse> {
  const { port } = new URL(url)
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port: Number(port),
        method: options.method ?? 'GET',
        path: options.path,
        headers: options.headers
      },
      (res) => {
        let text = ''
        res.setEncoding('utf8')
        res.on('data', (chunk) => (text += chunk))
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: () => JSON.parse(text) })
        )
      }
    )
    req.on('error', reject)
    req.end(options.body)
  })
}
