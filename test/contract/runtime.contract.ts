import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RuntimeSpec } from '../../core/manifest/types';
import type { PluginRuntime, RuntimeLaunch } from '../../core/ports';
import type { Make } from './fixtures';

const launchOf = (spec: Partial<RuntimeSpec>, installationId = randomUUID()): RuntimeLaunch => ({
  tenantId: 'clinic-a',
  pluginId: 'ehr-sync',
  installationId,
  pluginVersion: '1.0.0',
  runtime: {
    image: 'public.ecr.aws/vivified/ehr-sync:1.0.0',
    cpu: 256,
    memory: 512,
    port: 8080,
    health_path: '/health',
    ...spec,
  },
  environment: { VIVIFIED_TENANT_ID: 'clinic-a', VIVIFIED_INSTALLATION_ID: installationId },
  credential: 'credential-for-test',
});

/**
 * What every PluginRuntime does: addressed by installation id, every method idempotent. `spec`
 * is what the runtime needs of a manifest's runtime beyond the image (a local command).
 */
export function pluginRuntimeContract(
  implementation: string,
  make: Make<PluginRuntime>,
  spec: Partial<RuntimeSpec> = {},
) {
  describe(`PluginRuntime contract: ${implementation}`, () => {
    let runtime: PluginRuntime;
    beforeAll(async () => {
      runtime = await make();
    });

    it('knows nothing of an installation it never started', async () => {
      expect(await runtime.status(randomUUID())).toEqual({ exists: false, desired: 0, running: 0 });
    });

    it('runs one copy on start, keeps the service at zero on stop, and starts it again', async () => {
      // Prepare
      const launch = launchOf(spec);

      // Act
      const started = await runtime.start(launch);
      const running = await runtime.status(launch.installationId);
      await runtime.stop(launch.installationId);
      const stopped = await runtime.status(launch.installationId);
      const restarted = await runtime.start(launch);
      const again = await runtime.status(launch.installationId);

      // Assess
      expect(started.handle).toEqual(expect.any(String));
      expect(running).toMatchObject({ exists: true, desired: 1 });
      expect(stopped).toMatchObject({ exists: true, desired: 0 });
      expect(restarted.handle).toBe(started.handle);
      expect(again).toMatchObject({ exists: true, desired: 1 });
      await runtime.remove(launch.installationId);
    });

    it('wakes a service stopped for being idle to one copy; waking a running or missing one is harmless', async () => {
      // Prepare
      const launch = launchOf(spec);
      await runtime.start(launch);
      await runtime.stop(launch.installationId);

      // Act
      await runtime.wake(launch.installationId);
      await runtime.wake(launch.installationId);
      await runtime.wake(randomUUID());

      // Assess
      expect(await runtime.status(launch.installationId)).toMatchObject({ exists: true, desired: 1 });
      await runtime.remove(launch.installationId);
    });

    it('removes everything start made; stopping, removing or rotating what is missing is harmless', async () => {
      // Prepare
      const launch = launchOf(spec);
      await runtime.start(launch);
      await runtime.rotateCredential(launch.installationId, 'rotated-credential');

      // Act
      await runtime.remove(launch.installationId);
      await runtime.remove(launch.installationId);
      await runtime.stop(launch.installationId);
      await runtime.rotateCredential(launch.installationId, 'late');

      // Assess
      expect(await runtime.status(launch.installationId)).toEqual({ exists: false, desired: 0, running: 0 });
    });
  });
}
