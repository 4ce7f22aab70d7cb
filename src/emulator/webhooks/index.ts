export {
  type DeliveryRecord,
  INTUIT_RETRY_DELAYS_MS,
  type WebhookApps,
  WebhookDispatcher,
  type WebhookDispatcherOptions,
} from "./dispatcher.ts";
export {
  CLOUDEVENTS_MAX_EVENTS,
  cloudEventsBody,
  type EntityChange,
  legacyBody,
  sign,
  type WebhookFormat,
  type WebhookOperation,
} from "./payload.ts";
