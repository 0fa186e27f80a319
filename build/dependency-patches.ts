import type { Plugin } from 'vite'

/**
 * Small edits to bundled dependencies, made while bundling (the files in node_modules stay as
 * published). Each one removes start-up work the desktop app pays on every launch and changes
 * nothing a request can observe; bench/README.md "Cold start" has the measurements.
 *
 * Every edit names the exact text it replaces. When an upgrade changes that text the build fails
 * and says which edit to revisit, rather than shipping without it unnoticed.
 */
interface DependencyPatch {
  /** What the edit is for (shown when it no longer applies). */
  why: string
  /** The bundled module, by its path inside node_modules. */
  file: string
  from: string
  to: string
}

const PATCHES: DependencyPatch[] = [
  {
    // find-my-way compiles a matcher with `new Function` for every static node of every method's
    // tree: ~600 routes gave ~1,000 compiles per start (~35 ms), none of which V8's code cache
    // can keep. A closure over the prefix matches the same paths (the first character is already
    // matched by the caller; startsWith also checks it).
    why: 'prefix matchers without new Function (router)',
    file: 'find-my-way/lib/node.js',
    from: [
      '  const lines = []',
      '  for (let i = 1; i < prefix.length; i++) {',
      '    const charCode = prefix.charCodeAt(i)',
      '    lines.push(`path.charCodeAt(i + ${i}) === ${charCode}`)',
      '  }',
      "  return new Function('path', 'i', `'use strict'\\nreturn ${lines.join(' && ')}`) // eslint-disable-line"
    ].join('\n'),
    to: '  return function matchPrefix (path, i) { return path.startsWith(prefix, i) }'
  },
  {
    // the same for the function that builds a route's params object (one `new Function` per route)
    why: 'params objects without new Function (router)',
    file: 'find-my-way/lib/handler-storage.js',
    from: "    return new Function('NullObject', fnBody.join('\\n'))(NullObject)  // eslint-disable-line",
    to: [
      '    const count = params.length',
      '    return function _createParamsObject (param0, param1, param2, param3, extraParams) {',
      '      const result = new NullObject()',
      '      if (count > 0) result[params[0]] = param0',
      '      if (count > 1) result[params[1]] = param1',
      '      if (count > 2) result[params[2]] = param2',
      '      if (count > 3) result[params[3]] = param3',
      '      for (let i = 4; i < count; i++) result[params[i]] = extraParams[i - 4]',
      '      return result',
      '    }'
    ].join('\n')
  },
  {
    // Fastify loads node:http2 and node:https at its top level (~12 ms), though only its `http2`
    // and `https` options use them, and this app sets neither: they load on first use instead.
    why: 'node:http2 and node:https on first use (Fastify)',
    file: 'fastify/lib/server.js',
    from: "const https = require('node:https')\nconst http2 = require('node:http2')\n",
    to: [
      "const https = { createServer: (...args) => require('node:https').createServer(...args) }",
      'const http2 = {',
      "  createServer: (...args) => require('node:http2').createServer(...args),",
      "  createSecureServer: (...args) => require('node:http2').createSecureServer(...args)",
      '}',
      ''
    ].join('\n')
  }
]

const normalized = (id: string) => id.replaceAll('\\', '/')

/** The Vite plugin applying {@link PATCHES}; the build fails if one finds nothing to change. */
export function dependencyPatches(): Plugin {
  const applied = new Set<DependencyPatch>()
  return {
    name: 'workbench-dependency-patches',
    enforce: 'pre',
    buildStart() {
      applied.clear()
    },
    transform(code, id) {
      const path = normalized(id.split('?')[0])
      let patched = code
      for (const patch of PATCHES) {
        if (!path.endsWith(`/node_modules/${patch.file}`)) continue
        if (!patched.includes(patch.from))
          this.error(`build/dependency-patches.ts: "${patch.why}" no longer matches ${patch.file}; revisit it`)
        patched = patched.replace(patch.from, patch.to)
        applied.add(patch)
      }
      return patched === code ? null : { code: patched, map: null }
    },
    buildEnd(error) {
      if (error) return
      const missing = PATCHES.filter((patch) => !applied.has(patch)).map((patch) => `"${patch.why}" (${patch.file})`)
      if (missing.length)
        this.error(`build/dependency-patches.ts: not bundled any more, revisit: ${missing.join(', ')}`)
    }
  }
}
