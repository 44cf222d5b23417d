import { randomUUID } from 'node:crypto';
import { type CanonicalEvent, stampPlatformEvent } from '../../core/canonical';
import type { PlatformEvents } from '../../core/ports';

/**
 * The platform's own events in memory, stamped by core as the EventBridge adapter stamps them (so
 * an event the bus would refuse is refused here too), and kept in the order emitted.
 */
export function memoryPlatformEvents(): PlatformEvents & { readonly emitted: readonly CanonicalEvent[] } {
  const emitted: CanonicalEvent[] = [];
  return {
    async emit(event) {
      emitted.push(
        stampPlatformEvent({
          id: randomUUID(),
          type: event.type,
          data: event.data,
          tenantId: event.tenantId,
          installationId: event.installationId,
          traceId: event.traceId,
          time: new Date().toISOString(),
        }),
      );
    },
    emitted,
  };
}
