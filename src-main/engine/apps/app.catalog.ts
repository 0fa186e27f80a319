import type { AppDto, AppQuery, AuthOptionDto, ConnectorSpecDto } from '../../contract/apps'
import { PAGE_LIMIT_MAX, type Page } from '../../contract/pagination'
import { invalidData, notFound } from '../common/engine-error'
import type { AuthOptionDefinition, Connector } from './connector'

/** The public view of an auth option (where a key goes stays inside the engine). */
export function toAuthOptionDto(option: AuthOptionDefinition): AuthOptionDto {
  const dto: AuthOptionDto = { key: option.key, type: option.type, title: option.title, method: option.method }
  if (option.description) dto.description = option.description
  if (option.inputSchema) dto.inputSchema = option.inputSchema
  return dto
}

/** The apps the engine can connect to and their connectors. */
export class AppCatalog {
  private readonly byKey: Map<string, Connector>

  constructor(connectors: Connector[]) {
    this.byKey = new Map(connectors.map((c) => [c.key, c]))
  }

  /** Every connector. */
  all(): Connector[] {
    return [...this.byKey.values()]
  }

  /** A connector by id; undefined when unknown. */
  find(key: string): Connector | undefined {
    return this.byKey.get(key)
  }

  /** A connector by id; 400 naming the known ones. */
  connector(key: string, path = 'connectorId'): Connector {
    const found = this.byKey.get(key)
    if (!found)
      throw invalidData(
        `${path} "${key}" is not a connector of this engine; use one of ${[...this.byKey.keys()].join(', ')}.`,
        [{ path, message: 'unknown connector' }]
      )
    return found
  }

  /** The connector spec for an integration's parameters. */
  spec(connector: Connector, parameters: Record<string, unknown>): ConnectorSpecDto {
    const options = connector.authOptions(parameters).map(toAuthOptionDto)
    const auth: ConnectorSpecDto['auth'] = {
      options: Object.fromEntries(options.map(({ key, ...rest }) => [key, rest]))
    }
    if (options.length === 1 && options[0].type === 'oauth2') {
      auth.type = 'oauth2'
      auth.title = options[0].title
    }
    return {
      key: connector.key,
      name: connector.app.name,
      appKey: connector.app.key,
      auth,
      ...(connector.parametersSchema ? { parametersSchema: connector.parametersSchema } : {}),
      data: Object.fromEntries(connector.collections.map(({ key, ...rest }) => [key, rest]))
    }
  }

  /** `GET /external-apps`: filtered, paged by position. */
  list(query: AppQuery, isConnected?: (appId: string) => boolean): Page<AppDto> {
    const limit = query.limit ?? 100
    if (!Number.isInteger(limit) || limit < 1 || limit > PAGE_LIMIT_MAX) {
      throw invalidData(`limit must be an integer from 1 to ${PAGE_LIMIT_MAX}`, [
        { path: 'limit', message: `limit must be 1..${PAGE_LIMIT_MAX}` }
      ])
    }
    const start = query.cursor && query.cursor !== '0' ? Number(query.cursor) : 0
    if (!Number.isInteger(start) || start < 0)
      throw invalidData(`cursor "${query.cursor}" was not returned by this API; pass the previous cursor or 0.`, [
        { path: 'cursor', message: 'unknown cursor' }
      ])
    const search = query.search?.trim().toLowerCase()
    let apps: AppDto[] = this.all().map((c) => ({
      ...c.app,
      ...(isConnected ? { isConnected: isConnected(c.app.id) } : {})
    }))
    if (search) apps = apps.filter((a) => a.name.toLowerCase().includes(search) || a.key.includes(search))
    if (query.category)
      apps = apps.filter((a) => a.categories.some((c) => c.toLowerCase() === query.category!.toLowerCase()))
    if (query.isConnected !== undefined) apps = apps.filter((a) => a.isConnected === query.isConnected)
    apps.sort((a, b) => b.popularity - a.popularity || a.name.localeCompare(b.name))
    const page = apps.slice(start, start + limit)
    return start + limit < apps.length ? { items: page, cursor: String(start + limit) } : { items: page }
  }

  /** One app by id or key. */
  app(idOrKey: string): AppDto {
    const found = this.all().find((c) => c.app.id === idOrKey || c.app.key === idOrKey)
    if (!found)
      throw notFound(
        `No external app "${idOrKey}"; there are ${this.all()
          .map((c) => c.app.key)
          .join(', ')}.`
      )
    return { ...found.app }
  }
}
