import { randomBytes } from 'node:crypto'
import type { FastifyReply } from 'fastify'

/** Escapes text for HTML content and attribute values. */
export function esc(value: unknown): string {
  return String(value ?? '').replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!
  )
}

/** JSON safe to put inside `<script type="application/json">`. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029')
}

/** A page's look: the accent colour and whether it may be framed. */
export interface PageOptions {
  title: string
  accent?: string
  /** `false` forbids framing (consent pages, against clickjacking). */
  frameable?: boolean
  /** Extra `<head>` content. */
  head?: string
  /**
   * `same-origin` for pages whose forms post back to the engine: with `no-referrer` the browser
   * sends `Origin: null`, and the engine could not tell its own forms from another page's.
   */
  referrerPolicy?: 'no-referrer' | 'same-origin'
}

const CSS = `
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 -apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;background:#f4f6fa;color:#1f2937}
main{max-width:520px;margin:40px auto;padding:0 16px}
.card{background:#fff;border:1px solid #e5e7eb;border-radius:14px;box-shadow:0 8px 24px rgba(15,23,42,.06);padding:28px}
.brand{display:flex;align-items:center;gap:12px;margin-bottom:18px}
.brand img{width:44px;height:44px;border-radius:10px}
.brand .who{font-size:13px;color:#6b7280}
h1{font-size:20px;margin:0}
h2{font-size:16px;margin:22px 0 8px}
p{margin:8px 0}
.muted{color:#6b7280;font-size:13px}
label{display:block;font-weight:600;margin:14px 0 4px}
label .req{color:#dc2626}
input[type=text],input[type=password],input[type=number],input[type=email],input[type=url],select,textarea{width:100%;padding:9px 11px;border:1px solid #d1d5db;border-radius:8px;font:inherit;background:#fff}
input:focus,select:focus,textarea:focus{outline:2px solid var(--accent);outline-offset:0;border-color:var(--accent)}
.check{display:flex;gap:8px;align-items:center;font-weight:600;margin:14px 0 4px}
.hint{font-size:13px;color:#6b7280;margin-top:3px}
.field-error{font-size:13px;color:#b91c1c;margin-top:4px}
.invalid input,.invalid select{border-color:#dc2626}
.banner{border-radius:10px;padding:10px 12px;margin:12px 0;font-size:14px}
.banner.error{background:#fef2f2;border:1px solid #fecaca;color:#991b1b}
.banner.ok{background:#ecfdf5;border:1px solid #a7f3d0;color:#065f46}
.banner.info{background:#eff6ff;border:1px solid #bfdbfe;color:#1e3a8a}
.actions{display:flex;gap:10px;margin-top:22px}
button,.button{appearance:none;border:1px solid transparent;border-radius:9px;padding:10px 18px;font:inherit;font-weight:600;cursor:pointer;text-decoration:none;display:inline-block}
button.primary,.button.primary{background:var(--accent);color:#fff}
button.primary:hover{filter:brightness(1.08)}
button.secondary,.button.secondary{background:#fff;color:#374151;border-color:#d1d5db}
.option{display:block;width:100%;text-align:left;margin:8px 0;background:#fff;border:1px solid #d1d5db;color:#111827}
.option:hover{border-color:var(--accent)}
ul.scopes{padding-left:18px;margin:6px 0}
code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:13px}
.key{background:#f3f4f6;border:1px dashed #9ca3af;border-radius:8px;padding:10px;word-break:break-all;user-select:all}
table{width:100%;border-collapse:collapse;font-size:14px;margin-top:8px}
th,td{text-align:left;padding:6px 4px;border-bottom:1px solid #eef0f3}
footer{margin-top:14px;text-align:center;font-size:12px;color:#9ca3af}
`

/** A complete HTML page with a strict CSP; `body` may use `nonce` on its inline scripts. */
export function sendPage(
  reply: FastifyReply,
  status: number,
  options: PageOptions,
  body: (nonce: string) => string
): FastifyReply {
  const nonce = randomBytes(16).toString('base64')
  const csp = [
    "default-src 'none'",
    "style-src 'unsafe-inline'",
    'img-src data:',
    `script-src 'nonce-${nonce}'`,
    "base-uri 'none'",
    `frame-ancestors ${options.frameable === false ? "'none'" : '*'}`
  ].join('; ')
  void reply
    .status(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('content-security-policy', csp)
    .header('cache-control', 'no-store')
    .header('referrer-policy', options.referrerPolicy ?? 'no-referrer')
    .header('x-content-type-options', 'nosniff')
  if (options.frameable === false) void reply.header('x-frame-options', 'DENY')
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(options.title)}</title><style>:root{--accent:${options.accent ?? '#4f46e5'}}${CSS}</style>${options.head ?? ''}</head>
<body><main>${body(nonce)}</main></body></html>`
  return reply.send(html)
}
