export {
  chunkEntries,
  type EntryBatches,
  entrySize,
  type MeasurableEntry,
  PUT_EVENTS_LIMITS,
  type RejectedEntry,
} from './batch';
export {
  type CanonicalEvent,
  type Delivery,
  type EventDraft,
  fromEventBridge,
  PLATFORM_SOURCE,
  type PluginEventDraft,
  type PutEventsEntry,
  pluginSource,
  stampEvent,
  stampPlatformEvent,
  toPutEventsEntry,
} from './envelope';
export { type EventPublisher, type FieldClassifications, highestClassification } from './model';
export { mayReceive, type Redaction, redact, type SubscriberClearance, withheldFields } from './redact';
export {
  classificationOf,
  type EventDataCheck,
  fieldClassifications,
  isKnownEventType,
  knownEventTypes,
  publisherOf,
  validateEventData,
} from './registry';
export { isSealedAs, type SealedCheck, type SealedData, sealEventData } from './sealed';
