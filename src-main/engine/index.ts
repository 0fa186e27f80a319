/**
 * The engine's public entry: the only module `http`, `host`, `shell` and the CLI import.
 * Importing it has no side effects; {@link createEngine} does the work.
 */
export { createEngine, ENGINE_VERSION } from './engine'
export type { Engine, EngineInfo, EngineOptions, FlowEngineOptions } from './engine'
export type { EnginePorts, SecretPort, ClockPort, LoggerPort, DataFolderPort } from './ports'
export { EngineError, accessDenied, badRequest, invalidData, notFound, notAuthenticated } from './common/engine-error'
export { MAX_JSON_DEPTH, assertJsonTextDepth, assertValueDepth } from './common/json-depth'
export type { Actor, CustomerRef } from './auth/actor'
export { requireAdmin, requireCustomer } from './auth/authenticator'
export type { EngineEventMap, EngineEventName, ChangeSource } from './events/event-bus'
export { parseDurationSeconds } from './common/durations'
export { parseMintTokenRequest, parseTestCustomerTokenRequest } from './tokens/token.minter'
export { redact } from './common/redacting-logger'
export { WEBHOOK_SIGNATURE_HEADER } from './webhooks/webhook.dispatcher'
export type { WebhookDelivery, WebhookDispatcherOptions } from './webhooks/webhook.dispatcher'
export type { SandboxHttpRequest, SandboxHttpResponse } from './apps/sandbox/sandbox-api.server'
export type { AuthorizationRequest } from './apps/sandbox/sandbox-oauth.server'
export { SANDBOX_SIGNATURE_HEADER, signSandboxBody } from './apps/sandbox/sandbox-webhook.sender'
export { RECORD_EVENT_INGRESS_PATH } from './flow-engine/record-triggers/record-trigger.service'
export { APP_EVENT_GLOBAL_WEBHOOK_PATH } from './app-event-types/app-event-type.mapper'
export { APP_EVENT_SUBSCRIPTION_WEBHOOK_PATH } from './app-event-subscriptions/app-event-subscription.service'
export type { AppEventSubscriptionSelector } from './app-event-subscriptions/app-event-subscription.service'
export type { DataLinkTableInstanceSelector } from './data-links/data-link.service'
export type {
  ConnectPayload,
  ConnectStep,
  ConnectFormView,
  ConnectChooseView,
  ConnectResult
} from './connections/connect.service'
export { YOUR_APP_TOKEN_HEADER } from './requests/your-app.requester'
export type { FlowSelector } from './flow-engine/flows/flow.service'
export type { BuiltinScenario } from './snapshots/scenario.service'
export type { ActionSelector } from './actions/action.service'
export { ActivityLog, ACTIVITY_CAPACITY } from './activity/activity-log'
export type { ApiCallRecord } from './activity/activity-log'
export { createConsoleHandlers } from './console/console.handlers'
export type { ConsoleHandler, ConsoleHandlers, ConsoleHostPort } from './console/console.handlers'
export { dispatchConsoleCall, isConsoleMethod } from './console/console.dispatcher'
export type { IntegrationElementKind } from './integrations/integration-elements.service'
export type {
  ConnectScreenView,
  ConnectScreenParams,
  IntegrationScreenView,
  FlowInstanceScreenView,
  ScreenIntegration,
  ScreenFlow,
  ScreenElementDto,
  ScreenFieldMapping,
  FieldMappingScreenView
} from './screens/screen.service'
export { parseConnectScreenParams } from './screens/screen-params'
