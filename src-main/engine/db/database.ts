import BetterSqlite3 from 'better-sqlite3'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { Kysely, SqliteDialect, type Compilable } from 'kysely'
import type { DB } from './schema'

/** Options for {@link openDatabase}. */
export interface OpenDatabaseOptions {
  /** A better_sqlite3.node built for the running runtime (Electron passes its own copy). */
  nativeBinding?: string
  /** How often a passive WAL checkpoint runs off the request path, in ms (0 = only SQLite's own). */
  checkpointIntervalMs?: number
}

/** Result of a write statement. */
export interface RunResult {
  changes: number
  lastInsertRowid: number | bigint
}

/**
 * The engine's handle on its SQLite file. Queries are built with kysely (typed) and executed
 * synchronously through cached better-sqlite3 statements, so a transaction is one synchronous
 * block that nothing can interleave with, and hot paths do not re-prepare.
 */
export interface Database {
  /** Query builder; build with it, execute with {@link Database.all} / first / run. */
  readonly q: Kysely<DB>
  /** The raw connection, for pragmas and migrations. */
  readonly sqlite: BetterSqlite3.Database
  readonly file: string
  all<R>(query: Compilable<R>): R[]
  first<R>(query: Compilable<R>): R | undefined
  run(query: Compilable<unknown>): RunResult
  /** Runs `fn` in one transaction (a savepoint when nested); rolls back if it throws. */
  transaction<T>(fn: () => T): T
  /**
   * Runs `fn` in a transaction shared with the other work queued in this event-loop turn, each
   * in its own savepoint (one that throws rolls back alone and rejects alone); resolves after the
   * shared commit. For writes that answer a request: ten concurrent requests pay one commit.
   */
  groupCommit<T>(fn: () => T): Promise<T>
  /** Passive WAL checkpoint; cheap when there is nothing to do. */
  checkpoint(): void
  close(): Promise<void>
}

const STATEMENT_CACHE_LIMIT = 1000

/**
 * The addon `npm install` put in better-sqlite3's package, found directly. Left to itself,
 * better-sqlite3 finds it with the `bindings` package, which makes a stack trace and tries a
 * dozen paths (~4 ms of every start). Undefined when it is elsewhere: better-sqlite3 then looks
 * itself, and names the paths it tried if it finds nothing.
 */
function installedBinding(): string | undefined {
  try {
    const lib = dirname(createRequire(__filename).resolve('better-sqlite3'))
    for (const build of ['Release', 'Debug']) {
      const file = join(lib, '..', 'build', build, 'better_sqlite3.node')
      if (existsSync(file)) return file
    }
  } catch {
    // not resolvable from here (a bundle without node_modules): better-sqlite3's own lookup
  }
  return undefined
}
/** {@link installedBinding}, looked up once per process (tests open many databases). */
let installed: { file: string | undefined } | undefined

/** Opens (or creates) the SQLite file in WAL mode with the engine's pragmas. */
export function openDatabase(file: string, options: OpenDatabaseOptions = {}): Database {
  const nativeBinding = options.nativeBinding ?? (installed ??= { file: installedBinding() }).file
  const sqlite = new BetterSqlite3(file, nativeBinding ? { nativeBinding } : {})
  // First, so that a new file's first writes (its header, the switch to WAL) sync less often
  // than under SQLite's default, FULL (~5 ms of a first start). NORMAL is what the engine runs
  // with in WAL mode anyway: a commit survives a crash of the app, checkpoints are synced.
  sqlite.pragma('synchronous = NORMAL')
  useIncrementalVacuum(sqlite)
  sqlite.pragma('journal_mode = WAL')
  sqlite.pragma('foreign_keys = ON')
  sqlite.pragma('busy_timeout = 5000')
  const interval = options.checkpointIntervalMs ?? 1000
  // Checkpoints run on the thread of whoever commits; keep SQLite's automatic one only as a
  // safety net for large bursts and do the regular work on a timer, off the request path.
  if (interval > 0) sqlite.pragma('wal_autocheckpoint = 10000')

  const q = new Kysely<DB>({ dialect: new SqliteDialect({ database: sqlite }) })
  const statements = new Map<string, BetterSqlite3.Statement>()

  function prepare(query: Compilable<unknown>): { stmt: BetterSqlite3.Statement; params: unknown[] } {
    const compiled = query.compile()
    let stmt = statements.get(compiled.sql)
    if (!stmt) {
      if (statements.size >= STATEMENT_CACHE_LIMIT) statements.clear()
      stmt = sqlite.prepare(compiled.sql)
      statements.set(compiled.sql, stmt)
    }
    return { stmt, params: compiled.parameters as unknown[] }
  }

  // one wrapper for every transaction: better-sqlite3 builds five functions per transaction()
  // call, which showed in profiles of the request path (it nests as a savepoint all the same)
  const inTransaction = sqlite.transaction((fn: () => unknown) => fn())

  let timer: NodeJS.Timeout | undefined
  let closed = false

  type Queued = { fn: () => unknown; resolve: (value: unknown) => void; reject: (error: unknown) => void }
  let queued: Queued[] = []
  function commitQueued(): void {
    const batch = queued
    queued = []
    if (batch.length === 0) return
    const outcomes: Array<{ ok: true; value: unknown } | { ok: false; error: unknown }> = []
    try {
      inTransaction(() => {
        for (const item of batch) {
          try {
            outcomes.push({ ok: true, value: inTransaction(item.fn) })
          } catch (error) {
            outcomes.push({ ok: false, error })
          }
        }
      })
    } catch (error) {
      // the commit itself failed: nothing of the batch was written
      for (const item of batch) item.reject(error)
      return
    }
    batch.forEach((item, i) => {
      const outcome = outcomes[i]
      if (outcome.ok) item.resolve(outcome.value)
      else item.reject(outcome.error)
    })
  }
  const db: Database = {
    q,
    sqlite,
    file,
    all<R>(query: Compilable<R>): R[] {
      const { stmt, params } = prepare(query)
      if (stmt.reader) return stmt.all(...params) as R[]
      stmt.run(...params)
      return []
    },
    first<R>(query: Compilable<R>): R | undefined {
      const { stmt, params } = prepare(query)
      if (stmt.reader) return stmt.get(...params) as R | undefined
      stmt.run(...params)
      return undefined
    },
    run(query: Compilable<unknown>): RunResult {
      const { stmt, params } = prepare(query)
      return stmt.run(...params)
    },
    transaction<T>(fn: () => T): T {
      return inTransaction(fn) as T
    },
    groupCommit<T>(fn: () => T): Promise<T> {
      if (closed) return Promise.reject(new Error('The database is closed'))
      return new Promise<T>((resolve, reject) => {
        queued.push({ fn, resolve: resolve as (value: unknown) => void, reject })
        // after this turn's I/O callbacks: the requests read in the same turn share the commit
        if (queued.length === 1) setImmediate(commitQueued)
      })
    },
    checkpoint(): void {
      if (!closed) sqlite.pragma('wal_checkpoint(PASSIVE)')
    },
    async close(): Promise<void> {
      if (closed) return
      if (queued.length > 0) commitQueued()
      closed = true
      if (timer) clearInterval(timer)
      statements.clear()
      try {
        sqlite.pragma('wal_checkpoint(TRUNCATE)')
      } catch {
        // another process may hold the WAL; SQLite checkpoints on its next open
      }
      await q.destroy()
    }
  }
  if (interval > 0 && file !== ':memory:') {
    timer = setInterval(() => db.checkpoint(), interval)
    timer.unref()
  }
  return db
}

/**
 * Puts the file in auto_vacuum=INCREMENTAL, so pages freed by run retention can be handed back
 * with `PRAGMA incremental_vacuum`. A new file takes the setting at once; a file created before
 * needs one full VACUUM to switch (once: the mode is stored in the file).
 */
export function useIncrementalVacuum(sqlite: BetterSqlite3.Database): void {
  if (sqlite.memory) return
  // Read before setting: setting the mode writes the file's first page, after which a new file
  // looks like one with content and would get a VACUUM it does not need (~5 ms of a first start).
  const empty = Number(sqlite.pragma('page_count', { simple: true })) === 0
  if (!empty && Number(sqlite.pragma('auto_vacuum', { simple: true })) === 2) return
  sqlite.pragma('auto_vacuum = INCREMENTAL')
  if (!empty) sqlite.exec('VACUUM')
}
