import { type FieldError, ValidationError } from '../errors';
import envelope from '../generated/canonical-envelope';
import type { DataClassification } from '../manifest/types';
import type { EventPublisher } from './model';
import {
  classificationOf,
  isKnownEventType,
  knownEventTypes,
  publisherOf,
  validateEventData,
} from './registry';
import { checkOf } from './schema-check';
import { PLUGIN_ID } from './schemas';
import { sealEventData } from './sealed';

/**
 * The canonical envelope: what the lane stamps on every event before it goes on the bus, and how
 * that maps to and from EventBridge. Plain data only; the EventBridge adapter hands the entry to
 * the SDK as it is.
 */

export const PLATFORM_SOURCE = 'vivified.platform';
const PLUGIN_ID_PATTERN = new RegExp(`^${PLUGIN_ID}$`);

export const pluginSource = (pluginId: string): string => `vivified.plugin.${pluginId}`;

export interface CanonicalEvent {
  /** Unique per publisher; consumers drop duplicate deliveries by it. */
  readonly id: string;
  /** Canonical type with version, e.g. `UserCreated.v1`. */
  readonly type: string;
  /** `vivified.plugin.<pluginId>` for plugin events, `vivified.platform` for the platform's own. */
  readonly source: string;
  readonly tenantId: string;
  readonly installationId: string;
  /** The type's classification: its most sensitive field's. */
  readonly classification: DataClassification;
  readonly traceId: string;
  /** When it happened, RFC 3339. */
  readonly time: string;
  readonly data: Readonly<Record<string, unknown>>;
}

/** An event as the lane receives it, before stamping. */
export interface EventDraft {
  readonly type: string;
  readonly data: unknown;
  /** The publisher's tenant, from its verified identity, never from anything the publisher sent. */
  readonly tenantId: string;
  /** The publishing installation, or for platform events the installation the event is about. */
  readonly installationId: string;
  readonly traceId: string;
  /** RFC 3339 date-time. The lane passes its clock in, so stamping stays deterministic. */
  readonly time: string;
  readonly id: string;
}

export interface PluginEventDraft extends EventDraft {
  /** The publishing plugin, from its verified identity. */
  readonly pluginId: string;
}

/** A PutEvents request entry, field for field as the EventBridge API names it. */
export interface PutEventsEntry {
  readonly Source: string;
  readonly DetailType: string;
  readonly Detail: string;
  readonly EventBusName: string;
  readonly Time?: Date;
  readonly TraceHeader?: string;
}

// Generated ahead of time from schemas.ts (`npm run validators`): loading them compiles nothing.
const checkDetail = checkOf(envelope.detail);

const INVALID_PLUGIN_ID: FieldError = {
  pointer: '/pluginId',
  message: 'must be a plugin id: 1 to 128 letters, digits, ".", "_" or "-", starting with a letter or digit',
};

const WRONG_PUBLISHER: Readonly<Record<EventPublisher, string>> = {
  platform: 'is published by the platform only; plugins cannot publish it',
  plugin: 'is published by plugins, not by the platform',
};

function stamp(
  draft: EventDraft,
  publisher: EventPublisher,
  source: string,
  sourceErrors: readonly FieldError[],
): CanonicalEvent {
  const { type, data, tenantId, installationId, traceId, time, id } = draft;
  // Data the lane sealed when it validated it is neither checked nor copied again.
  const dataCheck = sealEventData(type, data);
  const errors = [
    ...(isKnownEventType(type) && publisherOf(type) !== publisher
      ? [{ pointer: '/type', message: WRONG_PUBLISHER[publisherOf(type)] }]
      : []),
    ...sourceErrors,
    // Classification and data are checked elsewhere; placeholders keep each problem reported once.
    ...checkDetail({ id, tenantId, installationId, classification: 'public', traceId, time, data: {} }, ''),
    ...(dataCheck.ok ? [] : dataCheck.errors),
  ];
  if (errors.length > 0 || !dataCheck.ok) {
    throw new ValidationError('The event is not a valid canonical event.', errors);
  }
  // Frozen, with sealed data: the publisher cannot change the event after it was checked, and the
  // lane can share it between subscriber copies.
  return Object.freeze({
    id,
    type,
    source,
    tenantId,
    installationId,
    classification: classificationOf(type),
    traceId,
    time,
    data: dataCheck.data,
  });
}

/**
 * Stamps an event a plugin publishes: checks its data against the type's schema and the envelope
 * fields, and sets source and classification. Throws ValidationError listing every problem.
 */
export function stampEvent(draft: PluginEventDraft): CanonicalEvent {
  const { pluginId, ...event } = draft;
  const valid = typeof pluginId === 'string' && PLUGIN_ID_PATTERN.test(pluginId);
  return stamp(event, 'plugin', pluginSource(String(pluginId)), valid ? [] : [INVALID_PLUGIN_ID]);
}

/**
 * Stamps an event the platform emits (e.g. PluginHealthChanged.v1). A separate function rather
 * than an optional pluginId, so a lane that forgets the publisher cannot pass a plugin's event off
 * as the platform's.
 */
export function stampPlatformEvent(draft: EventDraft): CanonicalEvent {
  return stamp(draft, 'platform', PLATFORM_SOURCE, []);
}

/**
 * Which redacted copy an entry is: the lane puts one copy per subscriber view on the bus, each
 * rule matches its subscriber's view, and subscribers learn which fields were removed.
 */
export interface Delivery {
  readonly view: string;
  readonly redacted: readonly string[];
}

const XRAY_TRACE_ID = /^1-[0-9a-f]{8}-[0-9a-f]{24}$/;

/** The PutEvents entry for an event. The detail carries the tenant, which subscription rules match on. */
export function toPutEventsEntry(
  event: CanonicalEvent,
  busName: string,
  delivery?: Delivery,
): PutEventsEntry {
  const { id, tenantId, installationId, classification, traceId, time, data } = event;
  return {
    Source: event.source,
    DetailType: event.type,
    Detail: JSON.stringify({
      id,
      tenantId,
      installationId,
      classification,
      traceId,
      time,
      data,
      ...delivery,
    }),
    EventBusName: busName,
    // EventBridge keeps whole seconds; the detail keeps the full-precision time.
    Time: new Date(time),
    // EventBridge passes the header to X-Ray-aware targets; only an X-Ray trace id makes a valid
    // one. Other trace ids travel in the detail alone.
    ...(XRAY_TRACE_ID.test(traceId) ? { TraceHeader: `Root=${traceId}` } : {}),
  };
}

interface DeliveredEvent {
  readonly source: string;
  readonly 'detail-type': string;
  readonly detail: Omit<CanonicalEvent, 'type' | 'source'>;
}

const checkDelivered = checkOf(envelope.delivered);

const invalidDelivery = (errors: FieldError[]) =>
  new ValidationError('The delivered event is not a valid canonical event.', errors);

function parseDelivered(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw invalidDelivery([{ pointer: '', message: 'is not valid JSON' }]);
  }
}

/** Whether the source agrees with who may publish the type. */
function sourceErrors(type: string, source: string): FieldError[] {
  const fromPlatform = source === PLATFORM_SOURCE;
  if (publisherOf(type) === 'platform') {
    return fromPlatform
      ? []
      : [{ pointer: '/source', message: `must be ${PLATFORM_SOURCE}: ${type} ${WRONG_PUBLISHER.platform}` }];
  }
  return fromPlatform
    ? [{ pointer: '/source', message: `must name the publishing plugin: ${type} ${WRONG_PUBLISHER.plugin}` }]
    : [];
}

/**
 * Reads an event as EventBridge delivers it (to SQS, as the message body's JSON, or as an object)
 * back into a CanonicalEvent. Everything is checked again, data included: the bus also carries
 * what other writers put on it, and redaction is only sound for data its schema describes.
 * Throws ValidationError with pointers into the delivered event (`/detail/data/email`).
 */
export function fromEventBridge(delivered: unknown): CanonicalEvent {
  const candidate = typeof delivered === 'string' ? parseDelivered(delivered) : delivered;
  const shapeErrors = checkDelivered(candidate, '');
  if (shapeErrors.length > 0) throw invalidDelivery(shapeErrors);
  const { source, 'detail-type': type, detail } = candidate as DeliveredEvent;
  if (!isKnownEventType(type)) {
    throw invalidDelivery([
      {
        pointer: '/detail-type',
        message: `is not a known canonical event type (known: ${knownEventTypes().join(', ')})`,
      },
    ]);
  }
  const classification = classificationOf(type);
  const dataCheck = validateEventData(type, detail.data);
  // A redacted copy lacks the removed fields by design: they are not missing, they were withheld.
  const withheld = new Set((detail as { redacted?: readonly string[] }).redacted ?? []);
  const dataErrors = dataCheck.ok ? [] : dataCheck.errors.filter(({ pointer }) => !withheld.has(pointer));
  const errors = [
    ...sourceErrors(type, source),
    ...(detail.classification === classification
      ? []
      : [
          {
            pointer: '/detail/classification',
            message: `must be ${classification}, the classification of ${type}`,
          },
        ]),
    ...dataErrors.map(({ pointer, message }) => ({ pointer: `/detail${pointer}`, message })),
  ];
  if (errors.length > 0) throw invalidDelivery(errors);
  const { id, tenantId, installationId, traceId, time, data } = detail;
  return { id, type, source, tenantId, installationId, classification, traceId, time, data };
}
