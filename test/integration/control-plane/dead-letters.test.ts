import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { sqs } from '../../../adapters/aws/clients';
import { eventBridgeBus } from '../../../adapters/aws/event-bus';
import { canonicalLane } from '../../../functions/lanes/canonical/api';
import { call } from '../../support/api';
import { testPlatform } from '../../support/control-plane';
import { installationRoutes } from '../../support/installation-routes';
import { intakeManifest, notifierManifest } from '../../support/manifests';
import { seedTenant } from '../../support/seed';

const INSTALLATION = '/v1/tenants/{tenantId}/installations/{pluginId}';

const receive = async (queueUrl: string, visibilityTimeout?: number) =>
  (
    await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        WaitTimeSeconds: 1,
        ...(visibilityTimeout === undefined ? {} : { VisibilityTimeout: visibilityTimeout }),
      }),
    )
  ).Messages ?? [];

describe('undeliverable events', () => {
  it('are redelivered until the receive limit, then wait in the DLQ, and `redrive` brings them back', async () => {
    const platform = await testPlatform();
    const tenant = await seedTenant(platform, 'clinic-dlq', [intakeManifest(), notifierManifest()]);
    const admin = await platform.issuer.issue({
      subject: 'ada',
      tenantId: 'clinic-dlq',
      roles: ['admin', 'plugin_manager'],
    });
    const installations = installationRoutes(platform.plane);
    const params = { tenantId: 'clinic-dlq', pluginId: 'notifier' };
    const queueUrl = tenant.installations.notifier!.resources.queueUrl!;
    const published = await call(
      canonicalLane(platform.lanePlane, {
        identity: platform.credentials,
        bus: eventBridgeBus(),
        busName: platform.names.bus,
      }),
      'POST',
      '/v1/canonical/events',
      {
        token: tenant.credentials.intake,
        body: {
          type: 'UserCreated.v1',
          data: {
            userId: 'u-1',
            email: 'p1@clinic.example',
            name: 'P 1',
            roles: [],
            createdAt: '2026-11-24T10:00:00Z',
          },
        },
      },
    );
    expect(published.status, JSON.stringify(published.body)).toBe(202);
    const eventId = published.body.results[0].id;

    // The notifier keeps failing: it receives the event and never acknowledges it. Each receive
    // is a redelivery of the same event, until SQS's receive limit moves it to the DLQ.
    const deliveries: string[] = [];
    for (let attempt = 0; attempt < 12; attempt++) {
      const messages = await receive(queueUrl, 0);
      deliveries.push(...messages.map((m) => JSON.parse(m.Body!).detail.id as string));
      const health = await call(installations, 'GET', `${INSTALLATION}/health`, { token: admin, params });
      if (health.body.deadLetters > 0) break;
    }
    const health = await call(installations, 'GET', `${INSTALLATION}/health`, { token: admin, params });
    const redriven = await call(installations, 'POST', `${INSTALLATION}/dead-letters/redrive`, {
      token: admin,
      params,
    });
    let back: string[] = [];
    for (let attempt = 0; attempt < 10 && back.length === 0; attempt++) {
      back = (await receive(queueUrl)).map((m) => JSON.parse(m.Body!).detail.id as string);
    }
    const audit = await platform.plane.audit.query(
      'clinic-dlq',
      { action: 'installation.redrive.completed' },
      10,
    );

    expect(deliveries.length).toBeGreaterThanOrEqual(5);
    expect(new Set(deliveries)).toEqual(new Set([eventId]));
    expect(health.body.deadLetters).toBe(1);
    expect(redriven).toMatchObject({ status: 202, body: { moving: 1 } });
    expect(back).toEqual([eventId]);
    expect(audit.items).toHaveLength(1);
    expect(audit.items[0]).toMatchObject({ decision: 'allow', details: { moving: 1 } });
  });

  it('refuses a redrive for an installation that was never enabled', async () => {
    const platform = await testPlatform();
    await seedTenant(platform, 'clinic-new', [notifierManifest()], { enable: false });
    const manager = await platform.issuer.issue({
      subject: 'pat',
      tenantId: 'clinic-new',
      roles: ['plugin_manager'],
    });

    const answer = await call(
      installationRoutes(platform.plane),
      'POST',
      `${INSTALLATION}/dead-letters/redrive`,
      {
        token: manager,
        params: { tenantId: 'clinic-new', pluginId: 'notifier' },
      },
    );

    expect(answer.status).toBe(409);
    expect(answer.body.detail).toContain('not been enabled');
  });
});
