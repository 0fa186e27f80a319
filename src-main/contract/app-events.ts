/** What `POST /app-events/{eventKey}` answers: the event id and the runs it started. */
export interface AppEventResult {
  id: string
  eventKey: string
  /** The customer the event was for (engine id). */
  userId: string
  launchedFlowRunIds: string[]
}
