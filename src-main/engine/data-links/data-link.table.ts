import type { Generated } from 'kysely'

/** Row of `data_link_tables`: a named kind of record link (e.g. contacts ↔ customers). */
export interface DataLinkTableTable {
  seq: Generated<number>
  id: string
  key: string
  name: string
  description: string | null
  revision: string
  created_at: string
  updated_at: string
  archived_at: string | null
}

/** Row of `data_link_table_instances`: a data link table held by one connection. */
export interface DataLinkTableInstanceTable {
  seq: Generated<number>
  id: string
  data_link_table_id: string
  customer_id: string
  connection_id: string
  instance_key: string | null
  created_at: string
  updated_at: string
  archived_at: string | null
}

/** Row of `data_links`: your app's record id linked to the external app's record id. */
export interface DataLinkTable {
  seq: Generated<number>
  id: string
  data_link_table_instance_id: string
  app_record_id: string
  external_record_id: string
  /** `import` | `export` | `both`. */
  direction: string
  created_at: string
}
