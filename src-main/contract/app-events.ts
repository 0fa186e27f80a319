/** What posting an app event answers: the event (log record) id and the runs it started. */
export interface AppEventResult {
  id: string
  eventKey: string
  /** The customer the event was for (engine id). */
  userId: string
  appEventTypeId: string
  appEventSubscriptionId: string
  launchedFlowRunIds: string[]
}
