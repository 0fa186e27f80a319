import type { Migration } from 'kysely'

/** A migration with its name; names sort in the order they apply. */
export interface NamedMigration extends Migration {
  name: string
}
