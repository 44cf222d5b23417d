import { ValidationError } from '../errors';
import type { DataClassification } from '../manifest/types';
import { mayReceive, type SubscriberClearance } from './clearance';
import type { CanonicalEvent } from './envelope';
import { fieldClassifications } from './known-types';
import { sealEventData } from './sealed';

export { mayReceive, type SubscriberClearance } from './clearance';

/**
 * Redaction of an event for one subscriber, driven by the classification annotations of the
 * event's schema.
 *
 * Fields the subscriber may not see are REMOVED, not masked, and their pointers are returned so
 * the lane can tell the subscriber (and the audit record) what was withheld. A marker such as
 * "[REDACTED]" was rejected because it is only type-correct for plain strings: it breaks numbers,
 * enums, dates and email formats alike, so masking keeps an event schema-valid no more often than
 * removal does, and it adds a worse failure: a marker is a plausible value that a subscriber may
 * store or act on (a patient named "[REDACTED]"), whereas an absent field cannot be mistaken for
 * data. A subscriber that validates a redacted event relaxes `required` for the reported pointers.
 */

export interface Redaction {
  /** A copy of the event without the fields the subscriber may not see. */
  readonly event: CanonicalEvent;
  /** JSON pointers of the removed fields, relative to the event (`/data/findings/0/code`). */
  readonly redacted: readonly string[];
}

const isRecord = (value: unknown): value is Readonly<Record<string, unknown>> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * `node` without the field at `segments` (where `*` is every item of a list), recording the
 * concrete pointer of each removal. Absent optional fields are not reported. Only the objects and
 * lists on the path to a removed field are new (and frozen, like the sealed data they come from);
 * everything else is shared, and a node with nothing removed is returned as it is.
 */
function without(node: unknown, segments: readonly string[], at: string, redacted: string[]): unknown {
  const [segment, ...rest] = segments as [string, ...string[]];
  if (segment === '*') {
    if (!Array.isArray(node)) return node;
    const items = node.map((item, index) => without(item, rest, `${at}/${index}`, redacted));
    return items.some((item, index) => item !== node[index]) ? Object.freeze(items) : node;
  }
  if (!isRecord(node) || !Object.hasOwn(node, segment)) return node;
  // Schema field names are identifiers (see model.ts), so the segment needs no pointer escaping.
  if (rest.length === 0) {
    const { [segment]: _removed, ...kept } = node;
    redacted.push(`${at}/${segment}`);
    return Object.freeze(kept);
  }
  const child = node[segment];
  const next = without(child, rest, `${at}/${segment}`, redacted);
  return next === child ? node : Object.freeze({ ...node, [segment]: next });
}

/** Each type's fields as path segments, split once rather than on every redaction. */
const segmentsByType = new Map<string, ReadonlyArray<readonly [readonly string[], DataClassification]>>();

function fieldPaths(type: string): ReadonlyArray<readonly [readonly string[], DataClassification]> {
  let paths = segmentsByType.get(type);
  if (paths === undefined) {
    paths = Object.entries(fieldClassifications(type)).map(
      ([field, classification]) => [field.split('/').slice(1), classification] as const,
    );
    segmentsByType.set(type, paths);
  }
  return paths;
}

/**
 * A copy of the event with every field the subscriber is not cleared for removed; the input is
 * never changed. The event must be valid for its type: only fields its schema describes carry a
 * classification, so data the schema does not describe is refused rather than passed on unread.
 * An event from `stampEvent` carries sealed data, which is neither checked nor copied again; the
 * copy shares with it whatever it does not remove.
 */
export function redact(event: CanonicalEvent, subscriber: SubscriberClearance): Redaction {
  const check = sealEventData(event.type, event.data);
  if (!check.ok) throw new ValidationError('Only a valid canonical event can be redacted.', check.errors);
  let data: unknown = check.data;
  const redacted: string[] = [];
  for (const [segments, classification] of fieldPaths(event.type)) {
    if (!mayReceive(subscriber, classification)) data = without(data, segments, '/data', redacted);
  }
  return { event: Object.freeze({ ...event, data: data as CanonicalEvent['data'] }), redacted };
}

/**
 * The schema's pointers (`/data/mrn`; an array's items as `*`) of the fields a subscriber's copy
 * of `type` leaves out: what `redact` removes wherever the data holds them, known before the data
 * is read, so an audit record can say it before the event is sent.
 */
export function withheldFields(type: string, subscriber: SubscriberClearance): readonly string[] {
  return fieldPaths(type)
    .filter(([, classification]) => !mayReceive(subscriber, classification))
    .map(([segments]) => `/data/${segments.join('/')}`);
}
