import { boolParam, intParam, stringParam } from './query-params'

/** An instance selector as `/flow-instance?…` and `/action-instance?…` read it; each names its template's fields. */
export interface InstanceQuery {
  id?: string
  /** `flowId` / `actionId`, or the SDK typed selector's `parentId`. */
  templateId?: string
  /** `flowKey` / `actionKey`, or the SDK typed selector's `parentKey`. */
  templateKey?: string
  integrationKey?: string
  connectionId?: string
  instanceKey?: string
  userId?: string
  autoCreate?: boolean
}

/** The selector of `/<template>-instance?…` (the SDK sends a string selector as `?id=`, a typed one with its own aliases). */
export function instanceQuery(query: unknown, template: 'flow' | 'action'): InstanceQuery {
  return {
    id: stringParam(query, 'id'),
    templateId: stringParam(query, `${template}Id`) ?? stringParam(query, 'parentId'),
    templateKey: stringParam(query, `${template}Key`) ?? stringParam(query, 'parentKey'),
    integrationKey: stringParam(query, 'integrationKey') ?? stringParam(query, 'integrationId'),
    connectionId: stringParam(query, 'connectionId') ?? stringParam(query, 'connectionKey'),
    instanceKey: stringParam(query, 'instanceKey'),
    userId: stringParam(query, 'userId') ?? stringParam(query, 'customerId'),
    autoCreate: boolParam(query, 'autoCreate')
  }
}

/** The filters `GET /flow-instances` and `GET /action-instances` share (after each one's own). */
export function instanceListQuery(query: unknown) {
  return {
    integrationKey: stringParam(query, 'integrationKey'),
    connectionId: stringParam(query, 'connectionId'),
    instanceKey: stringParam(query, 'instanceKey'),
    userId: stringParam(query, 'userId') ?? stringParam(query, 'customerId') ?? stringParam(query, 'tenantId'),
    search: stringParam(query, 'search'),
    includeArchived: boolParam(query, 'includeArchived'),
    limit: intParam(query, 'limit'),
    cursor: stringParam(query, 'cursor')
  }
}

/** The create body of `POST /<template>-instance?…`: the body, with what the selector names where the body says nothing. */
export function createBody<S extends object>(
  body: unknown,
  selector: S,
  keys: readonly (keyof S & string)[]
): Record<string, unknown> {
  const merged = { ...((body as Record<string, unknown> | undefined) ?? {}) }
  for (const key of keys) if (selector[key] !== undefined && merged[key] === undefined) merged[key] = selector[key]
  return merged
}
