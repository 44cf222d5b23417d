import type { DataClassification } from '../manifest/types';
import { auditDetailOf } from './audit-detail';
import { clearanceGap } from './clearance';
import { type AuditLevel, type Decision, detailOf, laneVerdict } from './decision';
import type { PluginPrincipal } from './principal';
import type { PublishResource, SubscribeResource } from './resources';
import { sameTenant, tenantBoundaryDenial } from './tenant-boundary';

const auditLevelOf = (classifications: readonly DataClassification[]): AuditLevel =>
  classifications.includes('phi') ? 'phi' : 'standard';

/**
 * A plugin publishes only the types it declared, and only data it is cleared to hold. An allowed
 * publish is recorded in the detail its manifest's audit level asks for (docs/audit.md).
 */
export function decidePublish(publisher: PluginPrincipal, event: PublishResource): Decision {
  const auditLevel = auditLevelOf([event.classification]);
  if (!sameTenant(publisher.tenantId, event.tenantId)) {
    return tenantBoundaryDenial(publisher.tenantId, 'installations', auditLevel);
  }
  const { pluginId, manifest } = publisher;
  const declared = manifest.events?.publishes ?? [];
  const gap = clearanceGap(manifest, event.classification);
  return laneVerdict(
    'canonical.publish',
    [
      declared.includes(event.eventType)
        ? undefined
        : {
            rule: 'undeclared_type',
            reason: `plugin ${pluginId} does not declare ${event.eventType} in events.publishes`,
          },
      gap === undefined ? undefined : { rule: 'classification', reason: gap },
    ],
    [
      `plugin ${pluginId} declares ${event.eventType} in events.publishes`,
      `plugin ${pluginId} is cleared for ${event.classification} data`,
    ],
    { auditLevel, ...detailOf(auditDetailOf(manifest)) },
  );
}

/** Why fields are redacted, one reason per classification the subscriber is not cleared for. */
function redactionReasons(redacted: ReadonlyMap<string, string[]>): string[] {
  return [...redacted].map(([gap, pointers]) => `redacted ${pointers.join(', ')}: ${gap}`);
}

/**
 * A plugin receives only the types it subscribed to, with every field it is not cleared for
 * listed in `redactFields`. Redaction needs to know where the sensitive content is: an event whose
 * own classification the subscriber is not cleared for, but with no field carrying that
 * classification, cannot be made safe and is refused (fail closed) instead of delivered.
 */
export function decideSubscribe(subscriber: PluginPrincipal, event: SubscribeResource): Decision {
  // Pointers are unique keys, so a plain code-unit order is total and locale-independent.
  const fields = Object.entries(event.fieldClassifications).sort(([a], [b]) => (a < b ? -1 : 1));
  const auditLevel = auditLevelOf([
    event.classification,
    ...fields.map(([, classification]) => classification),
  ]);
  if (!sameTenant(subscriber.tenantId, event.tenantId)) {
    return tenantBoundaryDenial(subscriber.tenantId, 'installations', auditLevel);
  }
  const { pluginId, manifest } = subscriber;
  const redacted = new Map<string, string[]>();
  for (const [pointer, classification] of fields) {
    const gap = clearanceGap(manifest, classification);
    if (gap !== undefined) redacted.set(gap, [...(redacted.get(gap) ?? []), pointer]);
  }
  const eventGap = clearanceGap(manifest, event.classification);
  const locatable = fields.some(([, classification]) => classification === event.classification);
  const redactFields = [...redacted.values()].flat();
  return laneVerdict(
    'canonical.subscribe',
    [
      (manifest.events?.subscribes ?? []).includes(event.eventType)
        ? undefined
        : {
            rule: 'undeclared_type',
            reason: `plugin ${pluginId} does not declare ${event.eventType} in events.subscribes`,
          },
      eventGap === undefined || locatable
        ? undefined
        : {
            rule: 'unredactable',
            reason: `${eventGap}; no field of ${event.eventType} is classified ${event.classification}, so that content cannot be redacted`,
          },
    ],
    [
      `plugin ${pluginId} declares ${event.eventType} in events.subscribes`,
      ...(redactFields.length > 0
        ? redactionReasons(redacted)
        : [`plugin ${pluginId} is cleared for every field of ${event.eventType}`]),
    ],
    {
      ...(redactFields.length > 0 ? { redactFields } : {}),
      auditLevel,
      ...detailOf(auditDetailOf(manifest)),
    },
  );
}
