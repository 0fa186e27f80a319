/** A job the sandbox worker runs: check syntax, or run a module's default export with one JSON argument. */
export interface SandboxJob {
  id: number
  mode: 'run' | 'check'
  code: string
  /** JSON text of the argument (run only). */
  arg?: string
  timeLimitMs: number
  memoryLimitBytes: number
  maxLogEntries: number
}

/** Why a job failed: the code threw, could not be parsed, ran too long, ran out of memory, was stopped. */
export type SandboxFailureKind = 'code' | 'syntax' | 'timeout' | 'memory' | 'stopped' | 'internal'

/** One `console.*` call made by the code. */
export interface SandboxLog {
  level: 'debug' | 'info' | 'warn' | 'error'
  message: string
}

/** The worker's answer to a job. */
export type SandboxReply =
  | { id: number; ok: true; value?: string; logs: SandboxLog[] }
  | {
      id: number
      ok: false
      error: { kind: SandboxFailureKind; name: string; message: string; stack?: string }
      logs: SandboxLog[]
    }

/** What the main thread hands the worker at start. */
export interface SandboxWorkerData {
  quickjsPath: string
  /** quickjs-emscripten's WebAssembly file (compiled once per worker). */
  wasmPath: string
  /** One Int32 the main thread sets to 1 to stop the running job. */
  interruptBuffer: SharedArrayBuffer
}

/** Lines the syntax check puts before the code (subtract from reported line numbers). */
export const SYNTAX_CHECK_PREFIX_LINES = 1

/**
 * Checks that `code` parses as an ES module, in the QuickJS context `vm`, without running any of
 * it. Not `compileOnly`: quickjs-emscripten's compile-only module path reads an uninitialised
 * pointer and reported valid code of some lengths (36-43 characters) as failing with `undefined`.
 * Instead the module is compiled and linked the way a run does it, and a first statement that
 * throws `marker` keeps any of the code from running: the marker arriving means the code parsed.
 * Self-contained (the worker receives it as source text); the error handle is the caller's.
 */
export function moduleSyntaxCheck(vm: any, code: string, marker: string): { ok: true } | { ok: false; error: any } {
  const source = `throw ${JSON.stringify(marker)};\n${code.replace(/^#!/, '//')}`
  const evaluated = vm.evalCode(source, 'code.js', { type: 'module' })
  let thrown = evaluated.error
  if (!thrown) {
    const state = vm.getPromiseState(evaluated.value)
    if (state.type === 'rejected') thrown = state.error
    evaluated.value.dispose()
    if (!thrown) return { ok: true }
  }
  if (vm.typeof(thrown) === 'string' && vm.getString(thrown) === marker) {
    thrown.dispose()
    return { ok: true }
  }
  return { ok: false, error: thrown }
}

/**
 * The sandbox worker's main function. It is sent to a worker thread as source text
 * (`sandboxWorkerMain.toString()`), so it must not use anything from outside its own body but
 * {@link moduleSyntaxCheck} (sent along): modules come through `load`, settings through `data`.
 *
 * Each job gets a fresh QuickJS runtime with a memory limit, a stack limit and an interrupt
 * handler that stops the code at its deadline or when the main thread raises the stop flag.
 * The code sees only the standard JavaScript built-ins and `console`: QuickJS has no
 * `process`, `require`, network, file system or timers, and no module loader is installed.
 */
export function sandboxWorkerMain(load: (id: string) => any, data: SandboxWorkerData): void {
  const { parentPort } = load('node:worker_threads')
  const stopFlag = new Int32Array(data.interruptBuffer)
  const quickjsPackage = load(data.quickjsPath)
  let wasmModule: any
  /** QuickJS instances by memory limit, newest last (a few, so alternating limits reuse theirs). */
  const instances = new Map<number, Promise<any>>()

  /**
   * A QuickJS WebAssembly instance whose memory cannot grow past its first 16 MB plus the job's
   * limit. QuickJS's own limit counts allocations, not their size, in this build (no
   * malloc_usable_size), so large strings and arrays slipped past it; a bounded WebAssembly memory
   * makes every allocation fail once the limit is reached, which QuickJS reports as "out of memory".
   * It also bounds what the worker's memory can grow to, since WebAssembly memory never shrinks.
   */
  const quickjsFor = (memoryLimitBytes: number): Promise<any> => {
    const known = instances.get(memoryLimitBytes)
    if (known) {
      instances.delete(memoryLimitBytes)
      instances.set(memoryLimitBytes, known)
      return known
    }
    wasmModule ??= new WebAssembly.Module(load('node:fs').readFileSync(data.wasmPath))
    const page = 64 * 1024
    const base = 16 * 1024 * 1024
    const memory = new WebAssembly.Memory({
      initial: base / page,
      maximum: Math.min(32768, Math.ceil((base + memoryLimitBytes) / page))
    })
    const created = quickjsPackage.newQuickJSWASMModuleFromVariant(
      quickjsPackage.newVariant(quickjsPackage.RELEASE_SYNC, { wasmModule, wasmMemory: memory })
    )
    instances.set(memoryLimitBytes, created)
    while (instances.size > 2) instances.delete(instances.keys().next().value as number)
    return created
  }

  parentPort.on('message', async (job: SandboxJob) => {
    let reply: SandboxReply
    try {
      reply = execute(await quickjsFor(job.memoryLimitBytes), job)
    } catch (error) {
      // a failure outside the code (the WebAssembly glue) may leave the instance unusable
      instances.delete(job.memoryLimitBytes)
      const e = error as Error
      reply = {
        id: job.id,
        ok: false,
        error: { kind: 'internal', name: e?.name ?? 'Error', message: String(e?.message ?? e) },
        logs: []
      }
    }
    parentPort.postMessage(reply)
  })

  function execute(QuickJS: any, job: SandboxJob): SandboxReply {
    const logs: SandboxLog[] = []
    const runtime = QuickJS.newRuntime()
    const deadline = Date.now() + job.timeLimitMs
    let interruptedBy: 'timeout' | 'stopped' | undefined
    runtime.setMemoryLimit(job.memoryLimitBytes)
    runtime.setMaxStackSize(1024 * 1024)
    runtime.setInterruptHandler(() => {
      if (Atomics.load(stopFlag, 0) === 1) interruptedBy = 'stopped'
      else if (Date.now() > deadline) interruptedBy = 'timeout'
      return interruptedBy !== undefined
    })
    const vm = runtime.newContext()
    const handles: Array<{ dispose(): void; alive?: boolean }> = []
    const keep = <T extends { dispose(): void }>(h: T): T => {
      handles.push(h)
      return h
    }

    const failure = (errorHandle: any, fallbackKind: SandboxFailureKind): SandboxReply => {
      let dumped: any
      try {
        dumped = vm.dump(errorHandle)
      } catch {
        dumped = { name: 'Error', message: 'the code failed with an error that cannot be read' }
      }
      errorHandle.dispose()
      const name = typeof dumped === 'object' && dumped ? String(dumped.name ?? 'Error') : 'Error'
      const message = typeof dumped === 'object' && dumped ? String(dumped.message ?? dumped) : String(dumped)
      let kind: SandboxFailureKind = fallbackKind
      if (interruptedBy) kind = interruptedBy
      else if (/out of memory/i.test(message)) kind = 'memory'
      else if (name === 'InternalError' && /stack overflow/i.test(message)) kind = 'code'
      const stack = typeof dumped === 'object' && dumped && typeof dumped.stack === 'string' ? dumped.stack : undefined
      return { id: job.id, ok: false, error: { kind, name, message, stack }, logs }
    }

    /** Runs queued promise jobs until `promise` settles (or nothing is left to run). */
    const settle = (promise: any): { value?: any; error?: any } => {
      for (;;) {
        const state = vm.getPromiseState(promise)
        if (state.type === 'fulfilled') return { value: state.value }
        if (state.type === 'rejected') return { error: state.error }
        const ran = runtime.executePendingJobs()
        if (ran.error) return { error: ran.error }
        if (ran.value === 0) {
          const stuck = vm.newError({
            name: 'Error',
            message:
              'The returned promise never settled: the sandbox has no timers or network, so nothing could resolve it.'
          })
          return { error: stuck }
        }
      }
    }

    try {
      if (job.mode === 'check') {
        const checked = moduleSyntaxCheck(vm, job.code, `workbench-syntax-ok-${job.id}`)
        return checked.ok ? { id: job.id, ok: true, logs } : failure(checked.error, 'syntax')
      }

      const consoleObject = keep(vm.newObject())
      for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
        const fn = vm.newFunction(level, (...args: any[]) => {
          if (logs.length >= job.maxLogEntries) return
          const parts = args.map((a: any) => {
            const v = vm.dump(a)
            return typeof v === 'string' ? v : JSON.stringify(v)
          })
          const mapped = level === 'log' ? 'info' : level
          logs.push({ level: mapped, message: parts.join(' ').slice(0, 10_000) })
        })
        vm.setProp(consoleObject, level, fn)
        fn.dispose()
      }
      vm.setProp(vm.global, 'console', consoleObject)

      const evaluated = vm.evalCode(job.code, 'code.js', { type: 'module' })
      if (evaluated.error) return failure(evaluated.error, 'code')
      let namespace = keep(evaluated.value)
      if (vm.typeof(namespace) === 'object' && vm.getPromiseState(namespace).type !== 'fulfilled') {
        const done = settle(namespace)
        if (done.error) return failure(done.error, 'code')
        namespace = keep(done.value)
      }
      const fn = keep(vm.getProp(namespace, 'default'))
      if (vm.typeof(fn) !== 'function') {
        return {
          id: job.id,
          ok: false,
          error: {
            kind: 'code',
            name: 'TypeError',
            message: 'The code must export a function: export default async function ({ input }) { return ... }'
          },
          logs
        }
      }
      const json = keep(vm.getProp(vm.global, 'JSON'))
      const parse = keep(vm.getProp(json, 'parse'))
      const argText = keep(vm.newString(job.arg ?? 'null'))
      const parsedArg = vm.callFunction(parse, json, argText)
      if (parsedArg.error) return failure(parsedArg.error, 'internal')
      const arg = keep(parsedArg.value)
      const called = vm.callFunction(fn, vm.undefined, arg)
      if (called.error) return failure(called.error, 'code')
      let result = keep(called.value)
      const state = vm.getPromiseState(result)
      if (!state.notAPromise) {
        if (state.type === 'fulfilled') result = keep(state.value)
        else {
          const done = state.type === 'rejected' ? { error: state.error } : settle(result)
          if (done.error) return failure(done.error, 'code')
          result = keep(done.value)
        }
      }
      if (vm.typeof(result) === 'undefined') return { id: job.id, ok: true, logs }
      const stringify = keep(vm.getProp(json, 'stringify'))
      const text = vm.callFunction(stringify, json, result)
      if (text.error) return failure(text.error, 'code')
      const value = vm.getString(text.value)
      text.value.dispose()
      return { id: job.id, ok: true, value, logs }
    } finally {
      for (const h of handles.reverse()) {
        try {
          if (h.alive !== false) h.dispose()
        } catch {
          // already released with its owner
        }
      }
      vm.dispose()
      runtime.dispose()
    }
  }
}
