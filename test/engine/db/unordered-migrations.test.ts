import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { openDatabase } from '../../../src-main/engine/db/database'
import { migrateToLatest } from '../../../src-main/engine/db/migrator'
import { makeTempDir, removeTempDirs } from '../../support/temp-dir'

afterAll(removeTempDirs)

describe('migrations from several number ranges', () => {
  it('applies a lower range that landed after a higher one was already applied', async () => {
    const db = openDatabase(join(makeTempDir(), 'order.sqlite'), { checkpointIntervalMs: 0 })
    try {
      const all = await migrateToLatest(db.q)
      expect(all).toContain('0010-sandbox-apps')
      // A data folder made before the connections range landed: its tables and records are absent.
      const later = all.filter((name) => name > '0012-connections')
      expect(later.length).toBeGreaterThan(0)
      db.sqlite.exec(`DELETE FROM kysely_migration WHERE name IN ('0010-sandbox-apps', '0011-integrations', '0012-connections')`)
      for (const table of ['connect_requests', 'connections', 'integrations', 'sandbox_settings', 'sandbox_webhooks', 'sandbox_api_keys', 'sandbox_oauth_tokens', 'sandbox_oauth_codes', 'sandbox_oauth_clients', 'sandbox_records', 'sandbox_accounts']) {
        db.sqlite.exec(`DROP TABLE ${table}`)
      }
      expect(await migrateToLatest(db.q)).toEqual(['0010-sandbox-apps', '0011-integrations', '0012-connections'])
      expect(db.sqlite.prepare(`SELECT count(*) AS n FROM sqlite_master WHERE name = 'connections'`).get()).toEqual({ n: 1 })
    } finally {
      await db.close()
    }
  })
})
