import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import type { Worker } from 'node:worker_threads'
import { workerThreadsModule } from '../common/lazy-modules'
import type * as QuickJSPackage from 'quickjs-emscripten'
import type { QuickJSHandle, QuickJSWASMModule } from 'quickjs-emscripten'
import {
  moduleSyntaxCheck,
  sandboxWorkerMain,
  SYNTAX_CHECK_PREFIX_LINES,
  type SandboxFailureKind,
  type SandboxJob,
  type SandboxLog,
  type SandboxReply,
  type SandboxWorkerData
} from './sandbox-worker'

/** Limits and input of one sandboxed call. */
export interface SandboxRunOptions {
  code: string
  /** The one argument the default export receives (plain JSON data). */
  arg: unknown
  timeLimitMs: number
  memoryLimitBytes: number
  /** Aborting stops the code at its next interrupt check. */
  signal?: AbortSignal
}

/** What a sandboxed call produced. */
export interface SandboxResult {
  value: unknown
  logs: SandboxLog[]
}

/** A sandboxed call that failed; `kind` says whether the code, a limit or a stop ended it. */
export class SandboxError extends Error {
  constructor(
    readonly kind: SandboxFailureKind,
    message: string,
    readonly logs: SandboxLog[] = [],
    readonly codeStack?: string
  ) {
    super(message)
    this.name = 'SandboxError'
  }
}

/** Options of {@link JavaScriptSandbox}. */
export interface JavaScriptSandboxOptions {
  /** Worker threads (default 2): calls beyond that wait for a free one. */
  workers?: number
  /** Log lines kept per call. */
  maxLogEntries?: number
}

interface Slot {
  worker: Worker
  stop: Int32Array
  busy: boolean
  pending?: {
    job: SandboxJob
    resolve: (reply: SandboxReply) => void
    reject: (error: Error) => void
    watchdog: NodeJS.Timeout
  }
}

/** How much longer than its limit a call may take before its worker is replaced. */
const WATCHDOG_GRACE_MS = 2000

/**
 * Runs untrusted JavaScript in QuickJS (WebAssembly) on worker threads, so a busy or endless
 * script never blocks the engine's event loop. Each call gets a fresh QuickJS runtime with
 * a time limit, a memory limit and no host access. Workers start on first use; a worker that
 * stops answering is terminated and replaced.
 */
export class JavaScriptSandbox {
  private readonly slots: Slot[] = []
  private readonly waiting: Array<() => void> = []
  private readonly size: number
  private readonly maxLogEntries: number
  private nextId = 1
  private closed = false
  private inline?: Promise<QuickJSWASMModule>
  private inlineReady?: QuickJSWASMModule

  constructor(options: JavaScriptSandboxOptions = {}) {
    this.size = Math.max(1, options.workers ?? 2)
    this.maxLogEntries = options.maxLogEntries ?? 500
  }

  /** Runs the module's default export with `arg`; resolves with its JSON-safe return value. */
  async run(options: SandboxRunOptions): Promise<SandboxResult> {
    if (options.signal?.aborted) throw new SandboxError('stopped', 'The run was stopped before the code started.')
    const reply = await this.submit(
      {
        id: this.nextId++,
        mode: 'run',
        code: options.code,
        arg: JSON.stringify(options.arg ?? null),
        timeLimitMs: options.timeLimitMs,
        memoryLimitBytes: options.memoryLimitBytes,
        maxLogEntries: this.maxLogEntries
      },
      options.signal
    )
    if (!reply.ok)
      throw new SandboxError(
        reply.error.kind,
        describe(reply.error.kind, reply.error, options),
        reply.logs,
        reply.error.stack
      )
    return { value: reply.value === undefined ? undefined : JSON.parse(reply.value), logs: reply.logs }
  }

  /** The syntax error of `code` as an ES module, or undefined when it parses. */
  async checkSyntax(code: string): Promise<string | undefined> {
    const reply = await this.submit({
      id: this.nextId++,
      mode: 'check',
      code,
      timeLimitMs: 2000,
      memoryLimitBytes: 32 * 1024 * 1024,
      maxLogEntries: 0
    })
    if (reply.ok) return undefined
    if (reply.error.kind !== 'syntax') throw new SandboxError(reply.error.kind, reply.error.message)
    return syntaxProblem(reply.error)
  }

  /**
   * Loads the engine thread's own QuickJS instance, for {@link checkSyntaxNow}. The engine calls it
   * once at start; until then only the asynchronous {@link checkSyntax} works.
   */
  async prepareSyntaxChecks(): Promise<void> {
    this.inline ??= newBoundedQuickJS(32 * 1024 * 1024)
    this.inlineReady = await this.inline
  }

  /**
   * {@link checkSyntax} without waiting, on the engine thread, for checks that are synchronous
   * (snapshot import validates every element in one pass before its transaction). Parsing only: the
   * code never runs, and the time and memory of the check are bounded.
   */
  checkSyntaxNow(code: string): string | undefined {
    const QuickJS = this.inlineReady
    if (!QuickJS)
      throw new SandboxError(
        'internal',
        'The JavaScript syntax check is not ready (prepareSyntaxChecks was not awaited).'
      )
    const runtime = QuickJS.newRuntime()
    const deadline = Date.now() + 2000
    runtime.setMemoryLimit(32 * 1024 * 1024)
    runtime.setMaxStackSize(1024 * 1024)
    runtime.setInterruptHandler(() => Date.now() > deadline)
    const vm = runtime.newContext()
    try {
      const checked = moduleSyntaxCheck(vm, code, `workbench-syntax-ok-${this.nextId++}`)
      if (checked.ok) return undefined
      const handle = checked.error as QuickJSHandle
      const dumped: unknown = vm.dump(handle)
      handle.dispose()
      const fields = (dumped && typeof dumped === 'object' ? dumped : {}) as Record<string, unknown>
      const error = {
        name: typeof fields.name === 'string' ? fields.name : 'Error',
        message: typeof fields.message === 'string' ? fields.message : (JSON.stringify(dumped) ?? 'unreadable error'),
        stack: typeof fields.stack === 'string' ? fields.stack : undefined
      }
      if (/out of memory/i.test(error.message)) throw new SandboxError('memory', 'The code is too large to check.')
      return syntaxProblem(error)
    } finally {
      vm.dispose()
      runtime.dispose()
    }
  }

  /** Terminates the workers; later calls fail. */
  async close(): Promise<void> {
    this.closed = true
    const slots = this.slots.splice(0)
    for (const slot of slots)
      slot.pending && this.finish(slot, new SandboxError('stopped', 'The engine is shutting down.'))
    for (const wake of this.waiting.splice(0)) wake()
    await Promise.all(slots.map((s) => s.worker.terminate().catch(() => undefined)))
  }

  private async submit(job: SandboxJob, signal?: AbortSignal): Promise<SandboxReply> {
    const slot = await this.acquire()
    try {
      return await new Promise<SandboxReply>((resolve, reject) => {
        Atomics.store(slot.stop, 0, 0)
        const watchdog = setTimeout(
          () =>
            this.replace(
              slot,
              new SandboxError(
                'timeout',
                `The code did not stop within ${job.timeLimitMs + WATCHDOG_GRACE_MS} ms; its worker was terminated.`
              )
            ),
          job.timeLimitMs + WATCHDOG_GRACE_MS
        )
        watchdog.unref()
        slot.pending = { job, resolve, reject, watchdog }
        const onAbort = () => Atomics.store(slot.stop, 0, 1)
        signal?.addEventListener('abort', onAbort, { once: true })
        const cleanup = () => signal?.removeEventListener('abort', onAbort)
        slot.pending.resolve = (reply) => {
          cleanup()
          resolve(reply)
        }
        slot.pending.reject = (error) => {
          cleanup()
          reject(error)
        }
        slot.worker.postMessage(job)
      })
    } finally {
      this.release(slot)
    }
  }

  private async acquire(): Promise<Slot> {
    for (;;) {
      if (this.closed) throw new SandboxError('stopped', 'The JavaScript sandbox is closed.')
      const free = this.slots.find((s) => !s.busy)
      if (free) {
        free.busy = true
        return free
      }
      if (this.slots.length < this.size) {
        const slot = this.spawn()
        slot.busy = true
        return slot
      }
      await new Promise<void>((wake) => this.waiting.push(wake))
    }
  }

  private release(slot: Slot): void {
    slot.busy = false
    this.waiting.shift()?.()
  }

  private spawn(): Slot {
    const interruptBuffer = new SharedArrayBuffer(4)
    const data: SandboxWorkerData = { quickjsPath: quickjsEntry(), wasmPath: quickjsWasm(), interruptBuffer }
    const source = `${moduleSyntaxCheck.toString()}\n(${sandboxWorkerMain.toString()})(require, require('node:worker_threads').workerData)`
    const worker = new (workerThreadsModule().Worker)(source, {
      eval: true,
      workerData: data,
      resourceLimits: { maxOldGenerationSizeMb: 256 }
    })
    worker.unref()
    const slot: Slot = { worker, stop: new Int32Array(interruptBuffer), busy: false }
    worker.on('message', (reply: SandboxReply) => {
      if (slot.pending && slot.pending.job.id === reply.id) this.finish(slot, reply)
    })
    worker.on('error', (error) =>
      this.replace(slot, new SandboxError('internal', `The sandbox worker failed: ${error.message}`))
    )
    worker.on('exit', () => this.replace(slot, new SandboxError('internal', 'The sandbox worker exited.')))
    this.slots.push(slot)
    return slot
  }

  private finish(slot: Slot, outcome: SandboxReply | Error): void {
    const pending = slot.pending
    if (!pending) return
    slot.pending = undefined
    clearTimeout(pending.watchdog)
    if (outcome instanceof Error) pending.reject(outcome)
    else pending.resolve(outcome)
  }

  /** Drops a broken or stuck worker (failing its call) so the next call gets a fresh one. */
  private replace(slot: Slot, error: Error): void {
    const index = this.slots.indexOf(slot)
    if (index < 0) return
    this.slots.splice(index, 1)
    this.finish(slot, error)
    void slot.worker.terminate().catch(() => undefined)
  }
}

let quickjsPath: string | undefined

/** Absolute path of quickjs-emscripten's CommonJS entry, resolved from this module (works bundled and from source). */
function quickjsEntry(): string {
  quickjsPath ??= createRequire(__filename).resolve('quickjs-emscripten')
  return quickjsPath
}

/** "SyntaxError: … (line l, column c)", with the line as the author wrote it. */
function syntaxProblem(error: { name: string; message: string; stack?: string }): string {
  const where = /code\.js:(\d+):(\d+)/.exec(error.stack ?? '')
  const line = where ? Math.max(1, Number(where[1]) - SYNTAX_CHECK_PREFIX_LINES) : 0
  return `${error.name}: ${error.message}${where ? ` (line ${line}, column ${where[2]})` : ''}`
}

/**
 * A QuickJS instance on this thread whose WebAssembly memory cannot grow past 16 MB plus
 * `memoryLimitBytes` (the same bound the workers use).
 */
function newBoundedQuickJS(memoryLimitBytes: number): Promise<QuickJSWASMModule> {
  const quickjs = createRequire(__filename)(quickjsEntry()) as typeof QuickJSPackage
  const page = 64 * 1024
  const base = 16 * 1024 * 1024
  const memory = new WebAssembly.Memory({ initial: base / page, maximum: Math.ceil((base + memoryLimitBytes) / page) })
  return quickjs.newQuickJSWASMModuleFromVariant(
    quickjs.newVariant(quickjs.RELEASE_SYNC, {
      wasmModule: new WebAssembly.Module(readFileSync(quickjsWasm())),
      wasmMemory: memory
    })
  )
}

let wasmPath: string | undefined

/** The WebAssembly file of the QuickJS build the sandbox uses (release, synchronous). */
function quickjsWasm(): string {
  wasmPath ??= join(
    dirname(createRequire(quickjsEntry()).resolve('@jitl/quickjs-wasmfile-release-sync/package.json')),
    'dist',
    'emscripten-module.wasm'
  )
  return wasmPath
}

function describe(
  kind: SandboxFailureKind,
  error: { name: string; message: string },
  options: SandboxRunOptions
): string {
  switch (kind) {
    case 'timeout':
      return `The JavaScript ran longer than its time limit of ${options.timeLimitMs} ms and was stopped (raise timeLimitMs, or look for an endless loop).`
    case 'memory':
      return `The JavaScript used more than its memory limit of ${Math.round(options.memoryLimitBytes / 1024 / 1024)} MB and was stopped (raise memoryLimitMb).`
    case 'stopped':
      return 'The JavaScript was stopped because its run was stopped.'
    default:
      return `${error.name}: ${error.message}`
  }
}
