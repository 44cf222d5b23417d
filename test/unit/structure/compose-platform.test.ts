import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterEach, describe, expect, it } from 'vitest';
import { registryReads } from '../../../application/lanes/registry-reads';
import type { RegistryChange } from '../../../application/registry-changes';
import { awsTenants } from '../../../functions/shared/platform/aws/registry';
import { composePlatform } from '../../../functions/shared/platform/compose';
import { configFromEnvironment } from '../../../functions/shared/platform/config';
import { memoryPorts } from '../../../functions/shared/platform/memory';
import { installationOf, uniquePlugin } from '../../contract/fixtures';

// What the composition root decides, seen through the in-memory set (no network): which parts a
// platform has, how one port is joined to another, and where configuration and clients come from.

const entry = {
  tenantId: 'clinic-a',
  actor: { kind: 'system' as const, id: 'health' },
  action: 'installation.fail',
  target: { kind: 'installation', id: 'inst-1' },
  decision: 'allow' as const,
  reasons: [],
  traceId: 't',
};
const config = { serviceName: 'vivified-test' };

describe('composePlatform', () => {
  const saved = process.env.VIVIFIED_TABLE;
  afterEach(() => {
    if (saved === undefined) delete process.env.VIVIFIED_TABLE;
    else process.env.VIVIFIED_TABLE = saved;
  });

  it('builds only the parts it is given factories for, plus logger, metrics, clock and registry changes', () => {
    // Prepare
    const { tenants, audit } = memoryPorts();

    // Act
    const platform = composePlatform(config, { tenants, audit });

    // Assess
    expect(Object.keys(platform).sort()).toEqual([
      'audit',
      'logger',
      'metrics',
      'now',
      'registryChanges',
      'tenants',
    ]);
    expect(platform.now()).toBeInstanceOf(Date);
  });

  it('makes plugin credentials the lanes’ identity', () => {
    const platform = composePlatform(config, { credentials: memoryPorts().credentials });

    expect(platform.identity).toBe(platform.credentials);
  });

  it('has the audit log archive as it settles only when the archive is composed with it', async () => {
    // Prepare
    const { audit, auditArchive } = memoryPorts();
    const together = composePlatform(config, { audit, auditArchive });
    const alone = composePlatform(config, { audit });
    const archive = composePlatform(config, { auditArchive }).auditArchive;

    // Act
    const record = await together.audit.append(entry);
    await together.audit.flush();
    await alone.audit.append(entry);
    await alone.audit.flush();

    // Assess
    expect(together.auditArchive.records('clinic-a')).toEqual([record]);
    expect(archive.records('clinic-a')).toEqual([]);
  });

  it("announces the installation store's and the catalog's writes, which a lane's cache in the same process forgets at once", async () => {
    // Prepare
    const { installations, catalog } = memoryPorts();
    const platform = composePlatform(config, { installations, catalog });
    const lane = registryReads(platform);
    const manifest = uniquePlugin();
    await platform.catalog.register(manifest, 'user-1', new Date().toISOString());
    const active = installationOf('clinic-a', manifest, { state: 'Active' });
    await platform.installations.create(active);
    const heard: RegistryChange[] = [];
    platform.registryChanges.onChange((change) => heard.push(change));
    await lane.installations.get('clinic-a', manifest.id);
    await lane.catalog.getManifest(manifest.id, manifest.version);

    // Act
    await platform.installations.save({ ...active, state: 'Disabled', rev: 2 });
    const disabled = await lane.installations.get('clinic-a', manifest.id);
    await platform.installations.remove({ ...active, state: 'Disabled', rev: 2 });
    const gone = await lane.installations.get('clinic-a', manifest.id);
    await platform.catalog.delete(manifest.id);
    const deleted = await lane.catalog.getManifest(manifest.id, manifest.version);
    const refused = await platform.installations.save({ ...active, rev: 9 }).catch((error: Error) => error);

    // Assess
    expect(disabled?.state).toBe('Disabled');
    expect(gone).toBeUndefined();
    expect(deleted).toBeUndefined();
    expect(refused).toBeInstanceOf(Error);
    const installation = { kind: 'installation', tenantId: 'clinic-a', pluginId: manifest.id };
    expect(heard).toEqual([
      installation,
      installation,
      { kind: 'plugin', pluginId: manifest.id },
      installation,
    ]);
  });

  it('asks operator endpoints of the runtime composed beside them', async () => {
    // Prepare
    const { runtime, endpoints } = memoryPorts({ endpointOf: (id) => `http://127.0.0.1:9/${id}` });
    const platform = composePlatform(config, { endpoints, runtime });
    await platform.runtime.start({
      tenantId: 'clinic-a',
      pluginId: 'notifier',
      installationId: 'inst-1',
      pluginVersion: '1.0.0',
      runtime: { image: 'x', port: 8080, health_path: '/health', cpu: 256, memory: 512 },
      environment: {},
      credential: 'token',
    });

    // Act
    const endpoint = await platform.endpoints.endpointOf({
      installationId: 'inst-1',
      manifest: { runtime: { port: 8080 } } as never,
    });

    // Assess
    expect(endpoint).toBe('http://127.0.0.1:9/inst-1');
  });

  it('reads from the environment only what its factories need, naming what is missing', () => {
    // Prepare
    delete process.env.VIVIFIED_TABLE;

    // Act / Assess
    expect(() => composePlatform(configFromEnvironment('tenants'), {})).not.toThrow();
    expect(() => composePlatform(configFromEnvironment('tenants'), { tenants: awsTenants })).toThrow(
      'Configuration VIVIFIED_TABLE is not set.',
    );
  });

  it('gives the adapters the SDK clients the configuration brings instead of the shared ones', async () => {
    // Prepare: a client that answers from its own middleware, so nothing leaves the process.
    const dynamoDb = new DynamoDBClient({
      region: 'us-east-1',
      credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    });
    const asked: unknown[] = [];
    dynamoDb.middlewareStack.add(
      (_next, context) => async (args) => {
        asked.push({ command: context.commandName, input: args.input });
        return { output: { $metadata: {}, Item: undefined }, response: {} };
      },
      { step: 'initialize', name: 'answerHere' },
    );
    const platform = composePlatform(
      { serviceName: 'vivified-test', table: 'registry-of-this-test', clients: { dynamoDb } },
      { tenants: awsTenants },
    );

    // Act
    const tenant = await platform.tenants.get('clinic-a');

    // Assess
    expect(tenant).toBeUndefined();
    expect(asked).toEqual([
      { command: 'GetItemCommand', input: expect.objectContaining({ TableName: 'registry-of-this-test' }) },
    ]);
  });
});
