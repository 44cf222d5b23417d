import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PlatformEvents } from '../../core/ports';
import type { Make } from './fixtures';

/** What every PlatformEvents does: a well-formed platform event is emitted, a malformed one refused. */
export function platformEventsContract(implementation: string, make: Make<PlatformEvents>) {
  describe(`PlatformEvents contract: ${implementation}`, () => {
    let events: PlatformEvents;
    beforeAll(async () => {
      events = await make();
    });
    const installationId = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
    const health = {
      type: 'PluginHealthChanged.v1',
      tenantId: 'clinic-a',
      installationId,
      traceId: randomUUID(),
      data: {
        installationId,
        pluginId: 'ehr-sync',
        from: 'Active',
        to: 'Unhealthy',
        reason: 'two health checks failed',
        checkedAt: new Date().toISOString(),
      },
    };

    it('emits a platform event', async () => {
      await expect(events.emit(health)).resolves.toBeUndefined();
    });

    it('refuses an event that is not a well-formed canonical event', async () => {
      await expect(events.emit({ ...health, type: 'NoSuchEvent.v1' })).rejects.toThrow();
      await expect(events.emit({ ...health, data: { ...health.data, to: 'Sleeping' } })).rejects.toThrow();
    });
  });
}
