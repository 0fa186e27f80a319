import type { Plugin } from 'vite'

/**
 * Small edits to bundled dependencies, made while bundling (the files in node_modules stay as
 * published). Each one removes start-up work the desktop app pays on every launch and changes
 * nothing a request can observe; bench/README.md "Cold start" has the measurements.
 *
 * Every edit names the exact text it replaces. When an upgrade changes that text the build fails
 * and says which edit to revisit, rather than shipping without it unnoticed.
 */
export interface DependencyPatch {
  /** What the edit is for (shown when it no longer applies). */
  why: string
  /** The bundled module, by its path inside node_modules. */
  file: string
  /** Each exact text and what replaces it, applied in order. */
  edits: [from: string, to: string][]
}

export const PATCHES: DependencyPatch[] = [
  {
    // find-my-way compiles a matcher with `new Function` for every static node of every method's
    // tree: ~600 routes gave ~1,000 compiles per start (~35 ms), none of which V8's code cache
    // can keep. A closure over the prefix matches the same paths (the first character is already
    // matched by the caller; startsWith also checks it).
    why: 'prefix matchers without new Function (router)',
    file: 'find-my-way/lib/node.js',
    edits: [
      [
        [
          '  const lines = []',
          '  for (let i = 1; i < prefix.length; i++) {',
          '    const charCode = prefix.charCodeAt(i)',
          '    lines.push(`path.charCodeAt(i + ${i}) === ${charCode}`)',
          '  }',
          "  return new Function('path', 'i', `'use strict'\\nreturn ${lines.join(' && ')}`) // eslint-disable-line"
        ].join('\n'),
        '  return function matchPrefix (path, i) { return path.startsWith(prefix, i) }'
      ]
    ]
  },
  {
    // the same for the function that builds a route's params object (one `new Function` per route)
    why: 'params objects without new Function (router)',
    file: 'find-my-way/lib/handler-storage.js',
    edits: [
      [
        // the source text of the function, built for the compile, is not needed either
        [
          '    const fnBody = ["\'use strict\'"]',
          '',
          '    // Parameter values arrive by position: the first four as arguments and',
          '    // any further ones in the extraParams array. This mirrors how the',
          "    // router's find() collects them without allocating an array.",
          "    fnBody.push('const fn = function _createParamsObject (param0, param1, param2, param3, extraParams) {')",
          '',
          "    fnBody.push('const params = new NullObject()')",
          '    for (let i = 0; i < params.length; i++) {',
          '      const value = i < 4 ? `param${i}` : `extraParams[${i - 4}]`',
          '      fnBody.push(`params[${JSON.stringify(params[i])}] = ${value}`)',
          '    }',
          "    fnBody.push('return params')",
          "    fnBody.push('}')",
          '',
          "    fnBody.push('return fn')",
          ''
        ].join('\n'),
        ''
      ],
      [
        "    return new Function('NullObject', fnBody.join('\\n'))(NullObject)  // eslint-disable-line",
        [
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
      ]
    ]
  },
  {
    // ... and the function matching a node's handlers against request constraints (host,
    // version), compiled with `new Function` each time a handler is added: once per route. A
    // request is matched against constraints only when some route declares one (none here), so
    // it is compiled when first called, from the handlers the node has then.
    why: 'constraint matchers compiled on first use (router)',
    file: 'find-my-way/lib/handler-storage.js',
    edits: [
      [
        '    if (!isMergedTree) {\n      this._compileGetHandlerMatchingConstraints(constrainer, constraints)\n    }\n',
        [
          '    if (!isMergedTree) {',
          '      this._getHandlerMatchingConstraints = function compileOnFirstUse (derivedConstraints) {',
          '        this._compileGetHandlerMatchingConstraints(constrainer, constraints)',
          '        return this._getHandlerMatchingConstraints(derivedConstraints)',
          '      }',
          '    }',
          ''
        ].join('\n')
      ]
    ]
  },
  {
    // Fastify loads node:http2 and node:https at its top level (~12 ms), though only its `http2`
    // and `https` options use them, and this app sets neither: they load on first use instead.
    why: 'node:http2 and node:https on first use (Fastify)',
    file: 'fastify/lib/server.js',
    edits: [
      [
        "const https = require('node:https')\nconst http2 = require('node:http2')\n",
        [
          "const https = { createServer: (...args) => require('node:https').createServer(...args) }",
          'const http2 = {',
          "  createServer: (...args) => require('node:http2').createServer(...args),",
          "  createSecureServer: (...args) => require('node:http2').createSecureServer(...args)",
          '}',
          ''
        ].join('\n')
      ]
    ]
  },
  {
    // @fastify/static requires glob (~70 KB of bundled code with its own dependencies) at its top
    // level for one option, `wildcard: false`, which lists the served folder up front; the
    // console serves with `wildcard: true`. glob now loads when that listing first runs.
    why: 'glob on first use (@fastify/static)',
    file: '@fastify/static/index.js',
    edits: [["const { glob } = require('glob')\n", "const glob = (...args) => require('glob').glob(...args)\n"]]
  },
  {
    // Fastify finishes each route's context in an avvio `after` step and then in a `preReady`
    // listener of its own. Each `after` is a plugin for avvio (a queue, an event emitter, a time
    // tree node, two ticks), and each `once` listener is found and spliced out of an array of
    // ~450 when it fires: per start, 447 of each (bench/README.md, round 7). The contexts are
    // finished in one `preReady` listener instead, in the order the routes were added, once every
    // plugin has loaded: the scope's error handler, serializer and schema error formatter are
    // read then rather than a little earlier (this app sets them before any route, and adds no
    // route after `ready`). A lifecycle hook that neither the scope nor the route has is null
    // without building and binding an empty list (what the concat would have given).
    why: 'route contexts finished in one preReady listener (Fastify)',
    file: 'fastify/lib/route.js',
    edits: [
      [
        '  let avvio\n',
        [
          '  let avvio',
          '  const unfinishedContexts = []',
          '  function finishAtPreReady (finish) {',
          '    if (unfinishedContexts.length === 0) {',
          "      avvio.once('preReady', () => { for (const next of unfinishedContexts.splice(0)) next() })",
          '    }',
          '    unfinishedContexts.push(finish)',
          '  }',
          ''
        ].join('\n')
      ],
      [
        '      this.after((notHandledErr, done) => {\n        // Send context async\n',
        '      finishAtPreReady(() => {\n'
      ],
      ["        // Run hooks and more\n        avvio.once('preReady', () => {\n", '        ;(() => {\n'],
      [
        '          for (const hook of lifecycleHooks) {\n            const toSet',
        [
          '          for (const hook of lifecycleHooks) {',
          '            if (this[kHooks][hook].length === 0 && !opts[hook]) {',
          '              context[hook] = null',
          '              continue',
          '            }',
          '            const toSet'
        ].join('\n')
      ],
      ['          }\n        })\n\n        done(notHandledErr)\n      })\n', '          }\n        })()\n      })\n']
    ]
  },
  {
    // Checking a plugin's `fastify: '5.x'` with semver compiles semver's ~40 regular expressions
    // at the first plugin (~10 ms per start). A plain `N.x` against a plain release version is a
    // comparison of majors; every other range (and a prerelease Fastify) still goes to semver,
    // which now loads only then.
    why: 'plugin version checks of the N.x form without semver (Fastify)',
    file: 'fastify/lib/plugin-utils.js',
    edits: [
      [
        "const semver = require('semver')\n",
        [
          'const semver = {',
          "  gt: (...args) => require('semver').gt(...args),",
          "  coerce: (...args) => require('semver').coerce(...args),",
          "  satisfies: (...args) => require('semver').satisfies(...args)",
          '}',
          ''
        ].join('\n')
      ],
      [
        '  const fastifyRc = rcRegex.test(this.version)\n',
        [
          '  const plainMajor = /^(\\d+)\\.x$/.exec(requiredVersion)',
          '  if (plainMajor && /^\\d+\\.\\d+\\.\\d+$/.test(this.version)) {',
          "    if (this.version.split('.')[0] === plainMajor[1]) return",
          '    throw new FST_ERR_PLUGIN_VERSION_MISMATCH(meta.name, requiredVersion, this.version)',
          '  }',
          '  const fastifyRc = rcRegex.test(this.version)',
          ''
        ].join('\n')
      ]
    ]
  }
]

const normalized = (id: string) => id.replaceAll('\\', '/')

/** The patches for a module at `path` (any separator), in the order they apply. */
export function patchesFor(path: string): DependencyPatch[] {
  const file = normalized(path)
  return PATCHES.filter((patch) => file.endsWith(`/node_modules/${patch.file}`))
}

/** `code` with every edit of `patches` made; throws, naming the patch, when one no longer matches. */
export function applyPatches(code: string, patches: DependencyPatch[]): string {
  let patched = code
  for (const patch of patches)
    for (const [from, to] of patch.edits) {
      if (!patched.includes(from))
        throw new Error(`build/dependency-patches.ts: "${patch.why}" no longer matches ${patch.file}; revisit it`)
      patched = patched.replace(from, () => to)
    }
  return patched
}

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
      const patches = patchesFor(id.split('?')[0])
      if (!patches.length) return null
      let patched: string
      try {
        patched = applyPatches(code, patches)
      } catch (error) {
        return this.error((error as Error).message)
      }
      for (const patch of patches) applied.add(patch)
      return { code: patched, map: null }
    },
    buildEnd(error) {
      if (error) return
      const missing = PATCHES.filter((patch) => !applied.has(patch)).map((patch) => `"${patch.why}" (${patch.file})`)
      if (missing.length)
        this.error(`build/dependency-patches.ts: not bundled any more, revisit: ${missing.join(', ')}`)
    }
  }
}
