/** A data link table (`/data-link-tables`): one kind of record link, e.g. your app's customers ↔ CRM contacts. */
export interface DataLinkTableDto {
  id: string
  key: string
  name: string
  description?: string
  state: 'READY'
  revision: string
  createdAt: string
  updatedAt: string
  archivedAt?: string
}

/** A data link table held by one connection (`/data-link-table-instances`): the links of that customer's account. */
export interface DataLinkTableInstanceDto {
  id: string
  key: string
  name: string
  dataLinkTableId: string
  dataLinkTable?: DataLinkTableDto
  /** The customer (engine id). */
  userId: string
  connectionId: string
  integrationId: string
  instanceKey?: string
  state: 'READY'
  createdAt: string
  updatedAt: string
  archivedAt?: string
}

/** Which way a link was made: imported from the external app, exported to it, or both. */
export type DataLinkDirection = 'import' | 'export' | 'both'

/** One link: your app's record id ↔ the external app's record id. */
export interface DataLinkDto {
  id: string
  dataLinkTableInstanceId: string
  appRecordId: string
  externalRecordId: string
  direction: DataLinkDirection
}
