import { DescribeServicesCommand } from '@aws-sdk/client-ecs';
import { ListRulesCommand } from '@aws-sdk/client-eventbridge';
import { GetObjectCommand, GetObjectRetentionCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { ListQueuesCommand } from '@aws-sdk/client-sqs';
import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { ecs, eventBridge, s3, sqs } from '../../../adapters/aws/clients';
import { documents } from '../../../adapters/aws/registry/document-client';
import { keys } from '../../../adapters/aws/registry/keys';
import { auditApi } from '../../../functions/audit/api';
import { catalogApi } from '../../../functions/catalog/api';
import { tenantsApi } from '../../../functions/tenants/api';
import { call } from '../../support/api';
import { type TestPlatform, testPlatform } from '../../support/control-plane';
import { installationRoutes } from '../../support/installation-routes';
import { notifierManifest } from '../../support/manifests';

const INSTALLATION = '/v1/tenants/{tenantId}/installations/{pluginId}';

describe('an installation through its whole lifecycle', () => {
  let platform: TestPlatform;
  let apis: { tenants: any; catalog: any; installations: any; audit: any };
  let tokens: Record<string, string>;
  const tenantId = 'clinic-a';
  const params = { tenantId, pluginId: 'notifier' };

  beforeAll(async () => {
    platform = await testPlatform();
    apis = {
      tenants: tenantsApi(platform.plane),
      catalog: catalogApi(platform.plane),
      installations: installationRoutes(platform.plane),
      audit: auditApi(platform.plane),
    };
    const issue = (subject: string, roles: any[]) => platform.issuer.issue({ subject, tenantId, roles });
    tokens = {
      platform: await platform.issuer.issue({ subject: 'ops', platformAdmin: true }),
      manager: await issue('pat', ['plugin_manager']),
      configurer: await issue('cam', ['config_manager']),
      admin: await issue('ada', ['admin']),
      auditor: await issue('aud', ['audit_viewer']),
    };
    expect(
      (
        await call(apis.tenants, 'POST', '/v1/tenants', {
          token: tokens.platform,
          body: { id: tenantId, name: 'Clinic A' },
        })
      ).status,
    ).toBe(201);
    expect(
      (await call(apis.catalog, 'POST', '/v1/plugins', { token: tokens.platform, body: notifierManifest() }))
        .status,
    ).toBe(201);
  });

  const stored = async () =>
    (
      await documents.send(
        new GetCommand({
          TableName: platform.names.table,
          Key: keys.installation(tenantId, 'notifier'),
          ConsistentRead: true,
        }),
      )
    ).Item;

  it('installs, configures, enables, disables and uninstalls, with every step visible in DynamoDB, ECS, SQS and EventBridge', async () => {
    // Install: needs consent, then Registered
    const refused = await call(apis.installations, 'POST', '/v1/tenants/{tenantId}/installations', {
      token: tokens.manager,
      params: { tenantId },
      body: { pluginId: 'notifier', consent: false },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.errors[0].pointer).toBe('/consent');
    expect(await stored()).toBeUndefined();

    const installed = await call(apis.installations, 'POST', '/v1/tenants/{tenantId}/installations', {
      token: tokens.manager,
      params: { tenantId },
      body: { pluginId: 'notifier', consent: true },
    });
    expect(installed.status).toBe(201);
    expect(installed.body.state).toBe('Registered');
    expect((await stored())?.state).toBe('Registered');
    const installationId = installed.body.installationId as string;

    // Configure: secrets sealed at rest, masked on read
    const configured = await call(apis.installations, 'PUT', `${INSTALLATION}/config`, {
      token: tokens.configurer,
      params,
      body: { values: { sender: 'welcome@clinic-a.example', batchSize: 10, apiToken: 'tok-1234567890' } },
    });
    expect(configured.status).toBe(200);
    expect(configured.body.values).toEqual({
      sender: 'welcome@clinic-a.example',
      batchSize: 10,
      apiToken: '********',
    });
    const sealed = (await stored())!.sealedSecrets.apiToken as string;
    expect(sealed).not.toContain('tok-1234567890');
    expect(await platform.plane.envelope.open(sealed, { tenantId, installationId, purpose: 'config' })).toBe(
      'tok-1234567890',
    );
    await expect(
      platform.plane.envelope.open(sealed, { tenantId: 'clinic-b', installationId, purpose: 'config' }),
    ).rejects.toThrow();

    // Enable: ECS service at 1, queue and tenant-filtered rule exist
    const enabled = await call(apis.installations, 'POST', `${INSTALLATION}/enable`, {
      token: tokens.manager,
      params,
    });
    expect(enabled.status).toBe(200);
    expect(enabled.body.state).toBe('Active');
    expect((await stored())?.state).toBe('Active');
    const service = async () =>
      (
        await ecs.send(
          new DescribeServicesCommand({
            cluster: platform.names.cluster,
            services: [`vivified-${installationId}`],
            include: ['TAGS'],
          }),
        )
      ).services?.find((s) => s.status !== 'INACTIVE');
    expect((await service())?.desiredCount).toBe(1);
    expect((await service())?.tags).toEqual(
      expect.arrayContaining([{ key: 'vivified:tenant', value: tenantId }]),
    );
    const queues = async () =>
      (await sqs.send(new ListQueuesCommand({ QueueNamePrefix: `vivified-${installationId}` }))).QueueUrls ??
      [];
    expect(await queues()).toHaveLength(2);
    const rules = async () =>
      (
        await eventBridge.send(
          new ListRulesCommand({ EventBusName: platform.names.bus, NamePrefix: `vi-${installationId}-` }),
        )
      ).Rules ?? [];
    expect(JSON.parse((await rules())[0]!.EventPattern!)).toEqual({
      'detail-type': ['UserCreated.v1'],
      detail: { tenantId: [tenantId], view: ['public+internal+confidential+pii'] },
    });

    // Health as the admin sees it
    const health = await call(apis.installations, 'GET', `${INSTALLATION}/health`, {
      token: tokens.admin,
      params,
    });
    expect(health.status).toBe(200);
    expect(health.body.runtime).toMatchObject({ exists: true, desired: 1 });

    // Uninstalling a running plugin is refused, naming what is legal
    const early = await call(apis.installations, 'DELETE', INSTALLATION, { token: tokens.manager, params });
    expect(early.status).toBe(409);
    expect(early.body.legalEvents).toEqual(['disable', 'health_failed', 'health_restored']);

    // Disable: scaled to zero, resources kept
    const disabled = await call(apis.installations, 'POST', `${INSTALLATION}/disable`, {
      token: tokens.manager,
      params,
    });
    expect(disabled.body.state).toBe('Disabled');
    expect((await service())?.desiredCount).toBe(0);
    expect(await queues()).toHaveLength(2);

    // Uninstall: nothing left anywhere
    const removed = await call(apis.installations, 'DELETE', INSTALLATION, { token: tokens.manager, params });
    expect(removed.status).toBe(204);
    expect(await stored()).toBeUndefined();
    expect(await service()).toBeUndefined();
    expect(await queues()).toEqual([]);
    expect(await rules()).toEqual([]);
    expect(
      (
        await call(apis.catalog, 'DELETE', '/v1/plugins/{pluginId}', {
          token: tokens.platform,
          params: { pluginId: 'notifier-unknown' },
        })
      ).status,
    ).toBe(404);
  });

  it('keeps a verifiable audit chain, and verification fails after one stored record is altered', async () => {
    const verified = await call(apis.audit, 'GET', '/v1/tenants/{tenantId}/audit/verify', {
      token: tokens.auditor,
      params: { tenantId },
    });
    expect(verified.status).toBe(200);
    expect(verified.body.ok).toBe(true);
    expect(verified.body.count).toBeGreaterThan(5);

    const listed = await call(apis.audit, 'GET', '/v1/tenants/{tenantId}/audit', {
      token: tokens.auditor,
      params: { tenantId },
      query: { action: 'installation.enable', limit: '100' },
    });
    expect(listed.body.items.map((r: any) => r.decision)).toContain('allow');

    // Every record also went to the Object Lock bucket as JSON Lines, hash for hash.
    const objects = await s3.send(
      new ListObjectsV2Command({ Bucket: platform.names.bucket, Prefix: `audit/${tenantId}/` }),
    );
    const archived: any[] = [];
    for (const object of objects.Contents ?? []) {
      const body = await (
        await s3.send(new GetObjectCommand({ Bucket: platform.names.bucket, Key: object.Key }))
      ).Body!.transformToString();
      archived.push(
        ...body
          .trim()
          .split('\n')
          .map((line) => JSON.parse(line)),
      );
      const retention = await s3.send(
        new GetObjectRetentionCommand({ Bucket: platform.names.bucket, Key: object.Key }),
      );
      expect(retention.Retention?.Mode).toBe('COMPLIANCE');
    }
    const seqs = archived.map((r) => r.seq).sort((x, y) => x - y);
    // The audit query above was itself audited, so the archive holds one record past the verification.
    expect(seqs).toEqual(Array.from({ length: verified.body.count + 1 }, (_, i) => i + 1));
    expect(archived.find((r) => r.seq === verified.body.count).hash).toBe(verified.body.head);

    // Tamper: rewrite the decision of record 2 in storage.
    const key = keys.auditRecord(tenantId, 2);
    const { Item } = await documents.send(new GetCommand({ TableName: platform.names.table, Key: key }));
    await documents.send(
      new PutCommand({
        TableName: platform.names.table,
        Item: { ...Item, decision: Item!.decision === 'allow' ? 'deny' : 'allow' },
      }),
    );

    const broken = await call(apis.audit, 'GET', '/v1/tenants/{tenantId}/audit/verify', {
      token: tokens.auditor,
      params: { tenantId },
    });
    expect(broken.body.ok).toBe(false);
    expect(broken.body.brokenAt).toMatchObject({ seq: 2, reason: 'hash_mismatch' });

    // Truncation: restore record 2, then delete the newest record; the head still names it.
    await documents.send(new PutCommand({ TableName: platform.names.table, Item }));
    const newest = (await platform.plane.audit.query(tenantId, {}, 100)).items.at(-1)!;
    await documents.send(
      new DeleteCommand({ TableName: platform.names.table, Key: keys.auditRecord(tenantId, newest.seq) }),
    );
    const truncated = await platform.plane.audit.verify(tenantId);
    expect(truncated).toMatchObject({ ok: false, brokenAt: { seq: newest.seq, reason: 'sequence_gap' } });
  });
});
