import { randomUUID } from 'node:crypto';
import { stampPlatformEvent, toPutEventsEntry } from '../../core/canonical';
import type { PlatformEvents } from '../../core/ports';
import { type EventBusOptions, putEvents } from './event-bus';

/** The platform's own canonical events (e.g. PluginHealthChanged.v1), on the canonical bus. */
export function eventBridgePlatformEvents(busName: string, options: EventBusOptions = {}): PlatformEvents {
  return {
    async emit(event) {
      const stamped = stampPlatformEvent({
        id: randomUUID(),
        type: event.type,
        data: event.data,
        tenantId: event.tenantId,
        installationId: event.installationId,
        traceId: event.traceId,
        time: new Date().toISOString(),
      });
      const [outcome] = await putEvents([toPutEventsEntry(stamped, busName)], options);
      if (!outcome?.ok)
        throw new Error(
          `Could not emit ${event.type}: ${outcome?.ok === false ? outcome.reason : 'no outcome'}`,
        );
    },
  };
}
