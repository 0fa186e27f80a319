import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import { openDatabase, type Database } from '../../../src-main/engine/db/database'
import { makeTempDir, removeTempDirs } from '../../support/temp-dir'

const opened: Array<{ close(): unknown }> = []

/** A WAL file with one table, and a second connection that sees only what was committed. */
function pair(): { db: Database; reader: BetterSqlite3.Database } {
  const file = join(makeTempDir('group-commit-'), 'g.sqlite')
  const db = openDatabase(file, { checkpointIntervalMs: 0 })
  db.sqlite.exec('CREATE TABLE t (name TEXT PRIMARY KEY)')
  const reader = new BetterSqlite3(file, { readonly: true })
  opened.push(db, reader)
  return { db, reader }
}
const committed = (reader: BetterSqlite3.Database) =>
  (reader.prepare('SELECT name FROM t ORDER BY name').all() as Array<{ name: string }>).map((r) => r.name)

afterAll(async () => {
  for (const handle of opened) await handle.close()
  removeTempDirs()
})

describe('Database.groupCommit', () => {
  it('runs the work of one turn in one transaction and resolves after its commit', async () => {
    const { db, reader } = pair()
    const seenByReader: string[][] = []
    const insert = (name: string) =>
      db.groupCommit(() => {
        db.sqlite.prepare('INSERT INTO t VALUES (?)').run(name)
        seenByReader.push(committed(reader))
        return name.toUpperCase()
      })
    const results = Promise.all([insert('a'), insert('b'), insert('c')])
    // queued, not yet run: nothing is written before the turn ends
    expect(committed(reader)).toEqual([])
    expect(await results).toEqual(['A', 'B', 'C'])
    // while b and c ran, a was not committed yet: the three shared one transaction
    expect(seenByReader).toEqual([[], [], []])
    expect(committed(reader)).toEqual(['a', 'b', 'c'])
  })

  it('rolls back and rejects only the work that throws', async () => {
    const { db, reader } = pair()
    const outcomes = await Promise.allSettled([
      db.groupCommit(() => db.sqlite.prepare('INSERT INTO t VALUES (?)').run('kept-1')),
      db.groupCommit(() => {
        db.sqlite.prepare('INSERT INTO t VALUES (?)').run('rolled-back')
        throw new Error('the second one fails')
      }),
      db.groupCommit(() => db.sqlite.prepare('INSERT INTO t VALUES (?)').run('kept-1')),
      db.groupCommit(() => db.sqlite.prepare('INSERT INTO t VALUES (?)').run('kept-2'))
    ])
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled'])
    expect((outcomes[1] as PromiseRejectedResult).reason.message).toBe('the second one fails')
    expect((outcomes[2] as PromiseRejectedResult).reason.code).toBe('SQLITE_CONSTRAINT_PRIMARYKEY')
    expect(committed(reader)).toEqual(['kept-1', 'kept-2'])
  })

  it('commits what is queued when the database closes', async () => {
    const { db, reader } = pair()
    const pending = db.groupCommit(() => db.sqlite.prepare('INSERT INTO t VALUES (?)').run('last'))
    await db.close()
    await pending
    expect(committed(reader)).toEqual(['last'])
    await expect(db.groupCommit(() => 1)).rejects.toThrow(/closed/)
  })
})
