import { describe, expect, it } from 'vitest';
import { pluginServiceName } from '../../../adapters/aws/plugin-service-names';
import { cloudMapRegistry } from '../../../adapters/aws/service-registry';
import { cloudMapEndpoints, endpointCache } from '../../../functions/lanes/operator/endpoints';
import { storageManifest } from '../../support/manifests';

const target = (installationId: string) => ({
  installationId,
  manifest: { runtime: storageManifest().runtime },
});

/** A runtime that counts how often it is asked, answering from a table the test changes. */
function countingRuntime(endpoints: Record<string, string | undefined>) {
  const asked: string[] = [];
  return {
    asked,
    runtime: {
      async status(installationId: string) {
        asked.push(installationId);
        const endpoint = endpoints[installationId];
        return { exists: true, desired: 1, running: 1, ...(endpoint ? { endpoint } : {}) };
      },
    },
  };
}

describe('the operator lane’s endpoint cache', () => {
  it('asks the runtime once per installation within the time to live, and again after it', async () => {
    // Prepare
    let clock = 0;
    const { runtime, asked } = countingRuntime({ a: 'http://vivified-a.plugins.internal:8080' });
    const endpointOf = endpointCache(runtime, { ttlMs: 1000, now: () => clock }).endpointOf;

    // Act
    const first = await endpointOf(target('a'));
    clock = 999;
    const second = await endpointOf(target('a'));
    clock = 1000;
    const third = await endpointOf(target('a'));

    // Assess
    expect([first, second, third]).toEqual(Array(3).fill('http://vivified-a.plugins.internal:8080'));
    expect(asked).toEqual(['a', 'a']);
  });

  it('never remembers an installation without an endpoint, so one that just started is found at once', async () => {
    const endpoints: Record<string, string | undefined> = { b: undefined };
    const { runtime, asked } = countingRuntime(endpoints);
    const endpointOf = endpointCache(runtime, { now: () => 0 }).endpointOf;

    expect(await endpointOf(target('b'))).toBeUndefined();
    endpoints.b = 'http://vivified-b.plugins.internal:8080';
    expect(await endpointOf(target('b'))).toBe('http://vivified-b.plugins.internal:8080');
    expect(asked).toEqual(['b', 'b']);
  });

  it('keeps at most its capacity, forgetting the oldest first', async () => {
    const { runtime, asked } = countingRuntime({ a: 'http://a:1', b: 'http://b:1', c: 'http://c:1' });
    const endpointOf = endpointCache(runtime, { capacity: 2, now: () => 0 }).endpointOf;

    for (const id of ['a', 'b', 'c', 'b', 'a']) await endpointOf(target(id));

    // c pushed a out; b was still known; a had to be asked again.
    expect(asked).toEqual(['a', 'b', 'c', 'a']);
  });

  it('forgets a target that could not be reached, and asks afresh next time', async () => {
    const { runtime, asked } = countingRuntime({ a: 'http://a:1' });
    const endpoints = endpointCache(runtime, { now: () => 0 });

    await endpoints.endpointOf(target('a'));
    endpoints.forget('a');
    await endpoints.endpointOf(target('a'));

    expect(asked).toEqual(['a', 'a']);
  });
});

describe('the deployed operator lane’s endpoints', () => {
  it('are each installation’s Cloud Map name with its manifest’s port, the name the ECS runtime registers', async () => {
    const endpoints = cloudMapEndpoints('plugins.vivified.internal');
    const manifest = storageManifest();

    const endpoint = await endpoints.endpointOf({ installationId: 'inst-1', manifest });

    expect(endpoint).toBe(`http://vivified-inst-1.plugins.vivified.internal:${manifest.runtime.port}`);
    expect(endpoint).toBe(
      cloudMapRegistry({ namespaceId: 'ns-1', namespaceName: 'plugins.vivified.internal' }).endpoint(
        pluginServiceName('inst-1'),
        manifest.runtime.port,
      ),
    );
  });
});
