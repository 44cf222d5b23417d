import { CreatePolicyCommand, IAMClient } from '@aws-sdk/client-iam';
import { SQSClient } from '@aws-sdk/client-sqs';
import { describe, expect, inject, it } from 'vitest';
import { cloudWatchLaneMetrics } from '../../adapters/aws/cloudwatch-lane-metrics';
import { INSTALLATION_RESOURCES } from '../../adapters/aws/deploy-contract';
import { eventBridgeBus } from '../../adapters/aws/event-bus';
import { taskRoles } from '../../adapters/aws/task-roles';
import { canonicalLane } from '../../functions/lanes/canonical/api';
import { selfService } from '../../functions/lanes/self/api';
import { awsPanelSessions } from '../../functions/shared/platform/aws/panel-sessions';
import { EventConsumer } from '../../sdk/node/src/events';
import { call } from '../support/api';
import { testPlatform } from '../support/control-plane';
import { asFunction, asPlugin } from '../support/iam/caller';
import { describeFinding, evaluateCalls } from '../support/iam/evaluate';
import { readDeployedModel } from '../support/iam/model-file';
import { recordedCalls } from '../support/iam/recorder';
import { standIn, standIns } from '../support/iam/stand-ins';
import { withoutGrant } from '../support/iam/without-grant';
import { intakeManifest, notifierManifest } from '../support/manifests';
import { seedTenant } from '../support/seed';
import { uniqueName } from '../support/unique';

// The harness (test/integration/iam-setup.ts) passes every other file only if it can fail: here
// the calls real handlers make are evaluated against the synthesized stack as it is, then with
// one grant taken out of a role, which must deny exactly the calls that needed it.
describe('the IAM harness', () => {
  const deployed = readDeployedModel(inject('iamModel'));

  it('denies the calls a role no longer allows once one grant is removed from it, naming function, action and resource', async () => {
    const platform = await testPlatform();
    const before = recordedCalls().length;
    const tenant = await seedTenant(platform, 'clinic-h', [notifierManifest()]);
    const lane = selfService(platform.lanePlane, {
      credentials: platform.credentials,
      operatorKeys: () => ({ keys: [] }),
    });
    expect((await call(lane, 'GET', '/v1/self/config', { token: tenant.credentials.notifier })).status).toBe(
      200,
    );
    const calls = recordedCalls().slice(before);

    expect(await evaluateCalls(calls, deployed, standIns())).toEqual([]);

    // The lifecycle function without dynamodb:PutItem: installing cannot write the installation.
    const lifecycle = deployed.functions.lifecycle.role;
    const noPut = (
      await evaluateCalls(calls, withoutGrant(deployed, lifecycle, 'dynamodb:PutItem'), standIns())
    ).map(describeFinding);
    expect(noPut.length).toBeGreaterThan(0);
    for (const line of noPut) {
      expect(line).toMatch(
        /^lifecycle: dynamodb:PutItem on arn:aws:dynamodb:us-east-1:111122223333:table\/RegistryTable\w+ — ImplicitlyDenied: implicit deny: no statement of the identity policy allows it \[DynamoDB:\w+ in test\/integration\/iam-harness\.test\.ts > /,
      );
    }

    // The tenant data role without dynamodb:GetItem: the lane's session cannot read its installation.
    const noRead = (
      await evaluateCalls(
        calls,
        withoutGrant(deployed, deployed.parts.tenantDataRole, 'dynamodb:GetItem'),
        standIns(),
      )
    ).map(describeFinding);
    expect(noRead).toContainEqual(
      expect.stringMatching(
        /^self \(session tenant-clinic-h of RegistryTenantData\w+\): dynamodb:GetItem on .*table\/RegistryTable\w+ — ImplicitlyDenied/,
      ),
    );
    expect(noRead.every((line) => line.startsWith('self (session tenant-clinic-h'))).toBe(true);
  });

  it("sees the lanes count calls in the rate-limit table through the tenant's session, and only that tenant's counters", async () => {
    const platform = await testPlatform();
    const tenant = await seedTenant(platform, 'clinic-q', [intakeManifest()]);
    const lane = canonicalLane(platform.lanePlane, {
      identity: platform.credentials,
      bus: eventBridgeBus(),
      busName: platform.names.bus,
    });
    const before = recordedCalls().length;
    const published = await call(lane, 'POST', '/v1/canonical/events', {
      token: tenant.credentials.intake,
      body: {
        type: 'UserCreated.v1',
        data: {
          userId: 'u-1',
          email: 'p1@clinic.example',
          name: 'Patient 1',
          dateOfBirth: '1980-02-29',
          mrn: 'MRN-1',
          roles: ['patient'],
          createdAt: '2026-11-24T10:00:00Z',
        },
      },
    });
    expect(published.status).toBe(202);
    const calls = recordedCalls().slice(before);
    const counting = calls.filter(
      (c) => c.command === 'UpdateItem' && c.input.TableName === platform.names.rateLimitTable,
    );
    // The installation's counter and the tenant's, each through the tenant's session.
    expect(counting.map((c) => [c.fn, c.session?.tags.TenantId])).toEqual([
      ['canonical', 'clinic-q'],
      ['canonical', 'clinic-q'],
    ]);
    expect(await evaluateCalls(calls, deployed, standIns())).toEqual([]);
    const uncounted = (
      await evaluateCalls(
        calls,
        withoutGrant(deployed, deployed.parts.tenantDataRole, 'dynamodb:UpdateItem'),
        standIns(),
      )
    ).map(describeFinding);
    expect(uncounted).toContainEqual(
      expect.stringMatching(
        /^canonical \(session tenant-clinic-q of RegistryTenantData\w+\): dynamodb:UpdateItem on .*table\/RateLimitsTable\w+ — ImplicitlyDenied/,
      ),
    );

    // The same calls keyed by another tenant's counters, through clinic-q's session: IAM refuses them.
    const forged = counting.map((c) => {
      const key = String((c.input.Key as { pk: unknown }).pk);
      return { ...c, input: { ...c.input, Key: { pk: key.replace('clinic-q', 'clinic-x') } } };
    });
    const elsewhere = (await evaluateCalls(forged, deployed, standIns())).map(describeFinding);
    expect(elsewhere).toHaveLength(2);
    for (const line of elsewhere) {
      expect(line).toMatch(
        /^canonical \(session tenant-clinic-q .*dynamodb:UpdateItem on .*RateLimitsTable\w+ — ImplicitlyDenied/,
      );
    }
  });

  it('lets the installation reads, and no other function, ask CloudWatch for lane metrics', async () => {
    const before = recordedCalls().length;
    // No emulator here answers GetMetricData with percentiles (LocalStack runs without CloudWatch,
    // moto refuses pNN statistics): what IAM is asked is the request, so its answer is not needed.
    await asFunction('installations', () =>
      cloudWatchLaneMetrics().query(
        { tenantId: 'clinic-w', installationId: 'i-1', window: 'hour' },
        new Date(),
      ),
    ).catch(() => undefined);
    const calls = recordedCalls().slice(before);
    expect(calls.map((c) => `${c.fn} ${c.service}:${c.command}`)).toEqual([
      'installations CloudWatch:GetMetricData',
    ]);

    expect(await evaluateCalls(calls, deployed, standIns())).toEqual([]);
    const installations = deployed.functions.installations.role;
    const denied = (
      await evaluateCalls(
        calls,
        withoutGrant(deployed, installations, 'cloudwatch:GetMetricData'),
        standIns(),
      )
    ).map(describeFinding);
    expect(denied).toEqual([
      expect.stringMatching(/^installations: cloudwatch:GetMetricData on \* — ImplicitlyDenied/),
    ]);
    // The same request from the health round's role: it was never granted there.
    const asHealth = calls.map((c) => ({ ...c, fn: 'health' as const }));
    expect((await evaluateCalls(asHealth, deployed, standIns())).map(describeFinding)).toEqual([
      expect.stringMatching(/^health: cloudwatch:GetMetricData on \* — ImplicitlyDenied/),
    ]);
  });

  it('lets the installations function and the operator lane, and no other function, read the panel session key', async () => {
    const platform = await testPlatform();
    const grant = {
      tenantId: 'clinic-p',
      pluginId: 'storage',
      installationId: 'i-1',
      panelId: 'documents',
      subject: 'cora',
    };
    const before = recordedCalls().length;
    // Each function reads the secret at its first session, as deployed: a fresh adapter per function.
    const opened = await asFunction('installations', () =>
      awsPanelSessions({ panelKeySecret: platform.names.panelKeySecret }).open(grant),
    );
    await asFunction('operator', () =>
      awsPanelSessions({ panelKeySecret: platform.names.panelKeySecret }).verify(opened.token),
    );
    const calls = recordedCalls().slice(before);
    expect(calls.map((c) => `${c.fn} ${c.service}:${c.command}`)).toEqual([
      'installations SecretsManager:GetSecretValue',
      'operator SecretsManager:GetSecretValue',
    ]);

    expect(await evaluateCalls(calls, deployed, standIns())).toEqual([]);
    const withoutOperatorRead = withoutGrant(
      deployed,
      deployed.functions.operator.role,
      'secretsmanager:GetSecretValue',
    );
    expect((await evaluateCalls(calls, withoutOperatorRead, standIns())).map(describeFinding)).toEqual([
      expect.stringMatching(
        /^operator: secretsmanager:GetSecretValue on .*secret:KeysPanelSessionKey[\w-]+ — ImplicitlyDenied/,
      ),
    ]);
    // The same read from the lifecycle's role: it was never granted there.
    const asLifecycle = calls.map((c) => ({ ...c, fn: 'lifecycle' as const }));
    const denied = (await evaluateCalls(asLifecycle, deployed, standIns())).map(describeFinding);
    expect(denied).toHaveLength(2);
    for (const line of denied)
      expect(line).toMatch(/^lifecycle: secretsmanager:GetSecretValue .*PanelSessionKey/);
  });

  it("holds a plugin task to the role the task-role function made for it, under the template's boundary", async () => {
    const platform = await testPlatform();
    const tenant = await seedTenant(platform, 'clinic-t', [notifierManifest()]);
    const { installationId, resources } = tenant.installations.notifier!;
    // The boundary the stack deploys, played by a policy of this test's own in LocalStack's IAM.
    const { Policy } = await new IAMClient({}).send(
      new CreatePolicyCommand({
        PolicyName: uniqueName('task-boundary', 60),
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 'sqs:*', Resource: '*' }],
        }),
      }),
    );
    standIn('taskRoleBoundary', Policy!.PolicyName!);
    const roles = taskRoles({
      path: INSTALLATION_RESOURCES.taskRolePath,
      permissionsBoundaryArn: Policy!.Arn!,
      queueKeyArn: `arn:aws:kms:us-east-1:000000000000:key/${platform.names.keyId}`,
    });
    const before = recordedCalls().length;

    await asFunction('taskRoles', () => roles.ensure(installationId, resources.queueUrl!));
    // The plugin's SDK consumes its queue (LocalStack hands out path-style queue URLs).
    const consumer = new EventConsumer({
      sqs: new SQSClient({}),
      queueUrl: resources.queueUrl!,
      handlers: new Map(),
      waitSeconds: 1,
      onError: () => undefined,
    });
    await asPlugin(installationId, async () => {
      consumer.start();
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      await consumer.stop();
    });
    await asFunction('taskRoles', () => roles.remove(installationId));
    const calls = recordedCalls().slice(before);

    expect(calls.map((c) => `${c.fn} ${c.command}`)).toContain(`plugin:${installationId} ReceiveMessage`);
    expect((await evaluateCalls(calls, deployed, standIns())).map(describeFinding)).toEqual([]);
    // Without the boundary's queue statement, the plugin may not consume even what its role names.
    const boundary = deployed.parts.taskRoleBoundary;
    const bare = {
      ...deployed,
      resources: {
        ...deployed.resources,
        [boundary]: {
          ...deployed.resources[boundary]!,
          Properties: {
            ...deployed.resources[boundary]!.Properties,
            PolicyDocument: { Version: '2012-10-17', Statement: [] },
          },
        },
      },
    };
    const denied = (await evaluateCalls(calls, bare, standIns())).map(describeFinding);
    expect(denied).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^plugin:${installationId}: sqs:ReceiveMessage on arn:aws:sqs:us-east-1:111122223333:vivified-${installationId} — ImplicitlyDenied: .*permissions boundary`,
        ),
      ),
    );
  });
});
